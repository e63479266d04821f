"""The ``smtpcode`` command line: explain, parse and list SMTP codes; scan mail logs.

Exit status: 0 understood; 1 no SMTP code found, or a malformed or unknown code; 2 usage
error. Errors go to stderr; with ``--json`` stdout holds JSON only. ``scan`` (scancli.py)
exits 1 when an input cannot be read.
"""

from __future__ import annotations

import sys

from .errors import SMTPCodeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

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


def _explain(words: list[str], as_json: bool) -> int:
    from .explain import explain

    explanation = explain(_read_input(words))
    if as_json:
        _print_json(explanation.as_dict())
    else:
        from .render import explanation_text

        sys.stdout.write(explanation_text(explanation))
    return EXIT_OK


def _parse(words: list[str], as_json: bool) -> int:
    from .parse import parse, parse_all

    data = _read_input(words)
    reply = parse(data)
    replies = parse_all(data)
    if as_json:
        result = reply.as_dict()
        if len(replies) > 1:
            result["replies"] = [each.as_dict() for each in replies]
        _print_json(result)
    else:
        from .render import replies_text, reply_text

        sys.stdout.write(reply_text(reply))
        if len(replies) > 1:
            sys.stdout.write(replies_text(replies))
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
        subject = args.subject
        number = SUBJECT_NAMES.index(subject) if subject in SUBJECT_NAMES else int(subject)
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
    import argparse

    if text in SUBJECT_NAMES or (text.isdigit() and len(text) == 1 and int(text) <= 7):
        return text
    raise argparse.ArgumentTypeError(
        f"{text!r} is not a subject: expected 0-7 or one of {', '.join(SUBJECT_NAMES)}"
    )


def build_parser() -> argparse.ArgumentParser:
    import argparse

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
    explain.add_argument(
        "input", nargs="*", metavar="INPUT", help="code or text (words are joined)"
    )
    explain.add_argument("--json", action="store_true", help="print JSON only")
    explain.set_defaults(run=lambda args: _explain(args.input, args.json))

    parse = commands.add_parser(
        "parse", help="every code found in a text, with its evidence",
        description="Show how a text decodes: every line, every code candidate and where it"
        " stands, the codes chosen and the warnings.",
    )
    parse.add_argument("input", nargs="*", metavar="INPUT", help="text (words are joined)")
    parse.add_argument("--json", action="store_true", help="print JSON only")
    parse.set_defaults(run=lambda args: _parse(args.input, args.json))

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


def plain_explain(argv: list[str]) -> tuple[list[str], bool] | None:
    """``explain [--json] WORD...`` read without argparse: (words, JSON wanted), or None.

    It is the command typed most, and argparse with its help machinery costs several
    milliseconds to load; any other command line goes through the full parser.
    """
    if not argv or argv[0] != "explain":
        return None
    words = [word for word in argv[1:] if word != "--json"]
    if any(word.startswith("-") and word != "-" for word in words):
        return None
    return words, len(words) < len(argv) - 1


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    plain = plain_explain(arguments)
    if plain is not None:
        words, as_json = plain
        return _run("explain", lambda: _explain(words, as_json))
    args = build_parser().parse_args(arguments)
    return _run(args.command, lambda: int(args.run(args)))


def _run(command: str, action: Callable[[], int]) -> int:
    """Run a command; the library's errors become messages and exit statuses."""
    try:
        return action()
    except UsageError as error:
        build_parser().print_usage(sys.stderr)
        print(f"smtpcode {command}: error: {error}", file=sys.stderr)
        return EXIT_USAGE
    except SMTPCodeError as error:
        print(f"smtpcode: {error}", file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD
    except BrokenPipeError:
        return EXIT_OK


def main_exit() -> None:
    """Entry point of the ``smtpcode`` script."""
    sys.exit(main())
