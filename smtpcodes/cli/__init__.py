"""The ``smtpcode`` command line: explain, parse and list SMTP codes; scan mail logs.

One module per command (``explain``, ``parse``, ``listing``, ``scan``), the shared rendering
in ``render``. Exit status: 0 understood; 1 no SMTP code found, or a malformed or unknown
code; 2 usage error. Errors go to stderr; with ``--json`` stdout holds JSON only. ``scan``
exits 1 when an input cannot be read.
"""

from __future__ import annotations

import sys

from ..errors import SMTPCodeError
from ..lang import get_language, word
from .common import EXIT_NOT_UNDERSTOOD, EXIT_OK, EXIT_USAGE, UsageError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable, Sequence

def build_parser() -> argparse.ArgumentParser:
    import argparse

    from .. import __version__
    from .._data import DATA_VERSION, REGISTRY_SNAPSHOT
    from ..lang import LANGUAGES
    from . import ehlo, explain, listing, merge, parse, probe, rules, scan

    lang = get_language()
    parser = argparse.ArgumentParser(
        prog="smtpcode",
        description=word("Explain SMTP reply codes (550) and enhanced status codes (5.1.1).", lang),
    )
    parser.add_argument(
        "--lang", choices=LANGUAGES,
        help=word("the language of the explanations and labels (default: from LANGUAGE, LC_ALL,"
        " LC_MESSAGES or LANG; else English); also accepted after the command", lang))
    parser.add_argument(
        "--version", action="version",
        version=f"smtpcode {__version__} (data {DATA_VERSION}, IANA registry {REGISTRY_SNAPSHOT})",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True

    for command in (explain, parse, ehlo, probe, listing, scan, merge, rules):
        command.add_command(commands)
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


def take_language(arguments: list[str]) -> tuple[list[str], str | None]:
    """The command line without its ``--lang X`` (allowed before or after the command),
    and X."""
    rest: list[str] = []
    lang: str | None = None
    items = iter(arguments)
    for item in items:
        if item == "--":
            rest.append(item)
            rest.extend(items)
        elif item == "--lang":
            lang = next(items, "")
        elif item.startswith("--lang="):
            lang = item.partition("=")[2]
        else:
            rest.append(item)
    return rest, lang


def main(argv: Sequence[str] | None = None) -> int:
    from ..lang import LANGUAGES, from_environment, resolve, set_language

    arguments, lang = take_language(list(sys.argv[1:] if argv is None else argv))
    try:
        set_language(from_environment() if lang is None else resolve(lang))
    except SMTPCodeError:
        print(f"smtpcode: error: --lang {lang!r}: expected one of {', '.join(LANGUAGES)}",
              file=sys.stderr)
        return EXIT_USAGE
    plain = plain_explain(arguments)
    if plain is not None:
        words, as_json = plain
        from . import explain

        return _run("explain", lambda: explain.run(words, as_json))
    from .argparse_words import speak

    speak(get_language())
    parser = build_parser()
    args, extra = parser.parse_known_args(arguments)
    if extra:
        # An option the command does not have: its own usage, not the top level's.
        message = word("unrecognized arguments: %s", get_language()) % " ".join(extra)
        _usage(args.command).error(message)
    return _run(args.command, lambda: int(args.run(args)))


def _run(command: str, action: Callable[[], int]) -> int:
    """Run a command; the library's errors become messages and exit statuses, and output
    that cannot be written one line of error."""
    from .common import output_failed, prepare_output, quiet_stdout

    lang = get_language()
    problem = prepare_output()
    if problem is not None:
        print(f"smtpcode {command}: " + word("{problem}: nothing can be written", lang,
                                            problem=word(problem, lang)), file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD
    try:
        status = action()
        sys.stdout.flush()
        return status
    except UsageError as error:
        _usage(command).print_usage(sys.stderr)
        print(word("%(prog)s: error: %(message)s\n", lang).rstrip("\n") % {
            "prog": f"smtpcode {command}", "message": said(error, lang)}, file=sys.stderr)
        return EXIT_USAGE
    except SMTPCodeError as error:
        print(f"smtpcode: {said(error, lang)}", file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD
    except BrokenPipeError:
        quiet_stdout()
        return EXIT_OK
    except OSError as error:
        if not output_failed(error):
            raise
        quiet_stdout()
        print(f"smtpcode {command}: " + word("cannot write the output: {reason}", lang,
                                            reason=error.strerror), file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD


def said(error: Exception, lang: str) -> str:
    """An error's message in ``lang``: translated when the library wrote it with ``say``."""
    from ..lang import in_language

    message = error.args[0] if error.args and isinstance(error.args[0], str) else str(error)
    return in_language(message, lang)


def _usage(command: str) -> argparse.ArgumentParser:
    """The parser of one command, for its usage line."""
    import argparse

    parser = build_parser()
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction) and command in action.choices:
            found: argparse.ArgumentParser = action.choices[command]
            return found
    return parser


def main_exit() -> None:
    """Entry point of the ``smtpcode`` script."""
    sys.exit(main())
