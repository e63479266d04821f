"""``smtpcode merge``: add up the summaries of many ``scan --json`` outputs into one."""

from __future__ import annotations

import sys

from ..lang import get_language, word
from .common import EXIT_OK, UsageError, print_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..logs.summary import Summary

#: Exit status when an input cannot be read or holds no summary.
EXIT_UNREADABLE = 1


def read_summary(name: str) -> Summary:
    """The summary of one ``scan --json`` (or ``merge --json``) output."""
    import json

    from ..errors import SMTPCodeError
    from ..logs.state import StateError, summary_from_state

    try:
        with open(name, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise SMTPCodeError(f"cannot read {name}: {error}") from None
    if not isinstance(data, dict) or "state" not in data:
        raise SMTPCodeError(f"{name} holds no summary: expected the output of"
                            " smtpcode scan --json (or merge --json)")
    try:
        return summary_from_state(data["state"])
    except StateError as error:
        raise SMTPCodeError(f"{name}: {error}") from None


def run(args: argparse.Namespace) -> int:
    from ..logs.report import summary_text
    from ..logs.state import summary_json

    if len(args.files) < 1:
        raise UsageError("give the scan --json outputs to add up")
    total = read_summary(args.files[0])
    for name in args.files[1:]:
        part = read_summary(name)
        total.files.extend(part.files)
        total.merge(part)
    if args.json:
        print_json(summary_json(total, args.top))
    else:
        sys.stdout.write(summary_text(total, args.top))
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    from .scan import _positive

    merge = commands.add_parser(
        "merge", help=word("add up the summaries of many scan --json outputs", lang),
        description=word("Add up the summaries that smtpcode scan --json printed for many logs"
        " (servers, days), in the order given: the result equals one scan of all the logs."
        " Prints the summary, or with --json the same JSON as scan, so merges can be"
        " merged.", lang),
    )
    merge.add_argument("files", nargs="+", metavar="FILE", help=word("scan --json outputs", lang))
    merge.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    merge.add_argument("--top", type=_positive, default=10, metavar="N",
                       help=word("entries shown in each table (default 10)", lang))
    merge.set_defaults(run=run)
