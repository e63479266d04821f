"""``smtpcode ehlo``: a server's reply to EHLO, read keyword by keyword."""

from __future__ import annotations

import sys

from ..lang import get_language, in_language, mark, word
from .common import EXIT_OK, print_json, read_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..smtp.ehlo import EhloReading


def ehlo_text(reading: EhloReading, width: int = 100, lang: str | None = None) -> str:
    """The reading for a person: each keyword with what it means, then the findings."""
    import textwrap

    lang = lang or get_language()
    name = reading.name or word("(no name)", lang)
    lines = [word("{name}: {count} extensions offered", lang, name=name,
                  count=len(reading.offers))]
    for offer in reading.offers:
        entry = offer.entry
        meaning = offer.summary(lang) or word("not in the registry, not known to these data",
                                              lang)
        if entry and entry.status == "historic":
            meaning += " " + word("(historic)", lang)
        elif entry and not entry.registered:
            meaning += " " + (word("(unregistered, {vendor})", lang, vendor=entry.vendor)
                              if entry.vendor else word("(unregistered)", lang))
        reading_text = in_language(offer.reading, lang)
        line = f"{offer.keyword:<20} {meaning}" + (word("; ", lang) + reading_text
                                                  if reading_text else "")
        lines += textwrap.wrap(line, width=width, initial_indent="  ",
                               subsequent_indent=" " * 23, break_long_words=False)
    if reading.findings:
        lines += ["", word("Findings", lang)]
        for finding in reading.findings:
            said = f"{word(finding.severity, lang)}: {in_language(finding.message, lang)}"
            lines += textwrap.wrap(said, width=width, initial_indent="  ",
                                   subsequent_indent="    ", break_long_words=False)
    return "\n".join(lines) + "\n"


#: the severities of a finding, as the text output names them
SEVERITIES = (mark("high"), mark("medium"), mark("info"))


def run(args: argparse.Namespace) -> int:
    from ..smtp.ehlo import read_ehlo

    data = read_input(args.input)
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    tls = {"yes": True, "no": False}.get(args.tls)
    reading = read_ehlo(text, tls=tls, port=args.port)
    if args.json:
        print_json(reading.as_dict(get_language()))
    else:
        sys.stdout.write(ehlo_text(reading))
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    from .probe import _port

    lang = get_language()

    ehlo = commands.add_parser(
        "ehlo", help=word("explain a server's reply to EHLO, keyword by keyword", lang),
        description=word("Explain a reply to EHLO (250-mail.example.com, 250-SIZE 10240000 ...):"
        " what each extension offers, its parameters read, and what deserves attention."
        " Reads standard input when INPUT is - or absent.", lang),
    )
    ehlo.add_argument("input", nargs="*", metavar="INPUT",
                      help=word("the reply (words are joined; pipe a multi-line reply"
                                " instead)", lang))
    ehlo.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    ehlo.add_argument("--tls", choices=("yes", "no"),
                      help=word("whether the connection was already encrypted when the"
                                " reply came", lang))
    ehlo.add_argument("--port", type=_port, metavar="N",
                      help=word("the port the reply came on (25, 587, 465)", lang))
    ehlo.set_defaults(run=run)
