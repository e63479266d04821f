"""The ``smtpcode`` command line: explain, parse and list SMTP codes; scan mail logs.

Exit status: 0 understood; 1 no SMTP code found, or a malformed or unknown code; 2 usage
error. Errors go to stderr; with ``--json`` stdout holds JSON only. ``scan`` (scancli.py)
exits 1 when an input cannot be read.
"""

from __future__ import annotations

import argparse
import sys

from .errors import SMTPCodeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Sequence

    from .entries import Entry

EXIT_OK = 0
EXIT_NOT_UNDERSTOOD = 1
EXIT_USAGE = 2

SUBJECT_NAMES = (
    "other", "addressing", "mailbox", "mail_system", "network", "protocol", "content", "security",
)


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2)."""


def _print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def _read_input(words: list[str]) -> str | bytes:
    """The words of INPUT joined, or standard input for ``-`` or nothing."""
    if words and words != ["-"]:
        return " ".join(words)
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("give the code or reply to read as INPUT, or pipe it on standard input")
    return sys.stdin.buffer.read()


def _explain(args: argparse.Namespace) -> int:
    from .explain import explain

    explanation = explain(_read_input(args.input))
    if args.json:
        _print_json(explanation.as_dict())
    else:
        from .render import explanation_text

        sys.stdout.write(explanation_text(explanation))
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    from .parse import parse

    reply = parse(_read_input(args.input))
    if args.json:
        _print_json(reply.as_dict())
    else:
        from .render import reply_text

        sys.stdout.write(reply_text(reply))
    return EXIT_OK


def _matches(entry: Entry, args: argparse.Namespace) -> bool:
    from .entries import BasicEntry, DetailEntry

    if args.kind and entry.kind != args.kind:
        return False
    if args.status_class is not None:
        digit = int(args.status_class)
        if isinstance(entry, BasicEntry):
            return int(entry.code[0]) == digit
        if isinstance(entry, DetailEntry):
            return digit in entry.valid_classes or digit in entry.seen_classes
        return entry.code.startswith(f"{digit}.")
    if args.subject is not None:
        number = SUBJECT_NAMES.index(args.subject) if args.subject in SUBJECT_NAMES else int(args.subject)
        return entry.kind in ("subject", "detail") and entry.code.split(".")[1] == str(number)
    return True


def _list(args: argparse.Namespace) -> int:
    from .entries import all_entries, lookup
    from .render import entry_line, entry_text

    if args.code:
        entry = lookup(args.code)
        if args.json:
            _print_json([entry.as_dict()])
        else:
            sys.stdout.write(entry_text(entry))
        return EXIT_OK
    entries = [entry for entry in all_entries() if _matches(entry, args)]
    if args.json:
        _print_json([entry.as_dict() for entry in entries])
    else:
        sys.stdout.write("".join(entry_line(entry) + "\n" for entry in entries))
    return EXIT_OK


def _subject(text: str) -> str:
    if text in SUBJECT_NAMES or (text.isdigit() and len(text) == 1 and int(text) <= 7):
        return text
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a subject: expected 0-7 or one of {', '.join(SUBJECT_NAMES)}"
    )


def build_parser() -> argparse.ArgumentParser:
    from . import __version__
    from ._data import DATA_VERSION, REGISTRY_SNAPSHOT

    parser = argparse.ArgumentParser(
        prog="smtpcode",
        description="Explain SMTP reply codes (550) and enhanced status codes (5.1.1).",
    )
    parser.add_argument(
        "--version", action="version",
        version=f"smtpcode {__version__} (data {DATA_VERSION}, IANA registry {REGISTRY_SNAPSHOT})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    explain = commands.add_parser(
        "explain", help="what a code or reply means, what to do, who acts",
        description="Explain a code (4.2.2, 550), a reply (\"550 5.1.1 User unknown\"), a log"
        " line or a bounce's fields. Reads standard input when INPUT is - or absent.",
    )
    explain.add_argument("input", nargs="*", metavar="INPUT", help="code or text (words are joined)")
    explain.add_argument("--json", action="store_true", help="print JSON only")
    explain.set_defaults(run=_explain)

    parse = commands.add_parser(
        "parse", help="every code found in a text, with its evidence",
        description="Show how a text decodes: every line, every code candidate and where it"
        " stands, the codes chosen and the warnings.",
    )
    parse.add_argument("input", nargs="*", metavar="INPUT", help="text (words are joined)")
    parse.add_argument("--json", action="store_true", help="print JSON only")
    parse.set_defaults(run=_parse)

    listing = commands.add_parser(
        "list", help="list the codes in the data",
        description="List every basic reply code and every entry of the IANA enhanced status"
        " code registry, or show one entry in full with --code.",
    )
    listing.add_argument("--json", action="store_true", help="print JSON only")
    listing.add_argument("--kind", choices=("basic", "class", "subject", "detail"))
    listing.add_argument("--class", dest="status_class", choices=("2", "3", "4", "5"),
                         help="entries that apply to this class")
    listing.add_argument("--subject", type=_subject, help="subject number 0-7 or name")
    listing.add_argument("--code", help="show one entry in full: 550, X.2.2, 5.2.2, X.7.YYY")
    listing.set_defaults(run=_list)

    from .scancli import add_scan_command

    add_scan_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.run(args)
    except UsageError as error:
        parser.print_usage(sys.stderr)
        print(f"smtpcode {args.command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SMTPCodeError as error:
        print(f"smtpcode: {error}", file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD
    except BrokenPipeError:
        return EXIT_OK
    return code


def main_exit() -> None:
    """Entry point of the ``smtpcode`` script."""
    sys.exit(main())
