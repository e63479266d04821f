"""``smtpcode parse``: every code found in a text, with its evidence."""

from __future__ import annotations

import sys

from ..lang import get_language, word
from .common import EXIT_OK, print_json, read_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..reply import Reply
    from ..smtp.ehlo import EhloReading


def run(words: list[str], as_json: bool) -> int:
    from ..parse import parse, parse_all

    data = read_input(words)
    reply = parse(data)
    replies = parse_all(data)
    ehlo = _ehlo_reading(replies)
    if as_json:
        result = reply.as_dict()
        if len(replies) > 1:
            result["replies"] = [each.as_dict() for each in replies]
        if ehlo is not None:
            result["ehlo"] = ehlo.as_dict()
        print_json(result)
    else:
        from .render import replies_text, reply_text

        sys.stdout.write(reply_text(reply))
        if len(replies) > 1:
            sys.stdout.write(replies_text(replies))
        if ehlo is not None:
            from .ehlo import ehlo_text

            sys.stdout.write("EHLO reply: " + ehlo_text(ehlo))
    return EXIT_OK


def _ehlo_reading(replies: list[Reply]) -> EhloReading | None:
    """The reading of a transcript's accepted reply to EHLO (the last, after STARTTLS)."""
    from ..smtp.ehlo import read_ehlo

    answered = [reply for reply in replies if reply.command == "EHLO" and reply.basic == 250]
    return read_ehlo(answered[-1].text) if answered else None


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    parse = commands.add_parser(
        "parse", help=word("every code found in a text, with its evidence", lang),
        description=word("Show how a text decodes: every line, every code candidate and where it"
        " stands, the codes chosen and the warnings.", lang),
    )
    parse.add_argument("input", nargs="*", metavar="INPUT",
                       help=word("text (words are joined)", lang))
    parse.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    parse.set_defaults(run=lambda args: run(args.input, args.json))
