"""``smtpcode parse``: every code found in a text, with its evidence."""

from __future__ import annotations

import sys

from .common import EXIT_OK, print_json, read_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(words: list[str], as_json: bool) -> int:
    from ..parse import parse, parse_all

    data = read_input(words)
    reply = parse(data)
    replies = parse_all(data)
    if as_json:
        result = reply.as_dict()
        if len(replies) > 1:
            result["replies"] = [each.as_dict() for each in replies]
        print_json(result)
    else:
        from .render import replies_text, reply_text

        sys.stdout.write(reply_text(reply))
        if len(replies) > 1:
            sys.stdout.write(replies_text(replies))
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parse = commands.add_parser(
        "parse", help="every code found in a text, with its evidence",
        description="Show how a text decodes: every line, every code candidate and where it"
        " stands, the codes chosen and the warnings.",
    )
    parse.add_argument("input", nargs="*", metavar="INPUT", help="text (words are joined)")
    parse.add_argument("--json", action="store_true", help="print JSON only")
    parse.set_defaults(run=lambda args: run(args.input, args.json))
