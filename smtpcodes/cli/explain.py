"""``smtpcode explain``: what a code or reply means, what to do, who acts."""

from __future__ import annotations

import sys

from ..lang import get_language, word
from .common import EXIT_OK, print_json, read_input

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(words: list[str], as_json: bool, side: str = "sender", rules_file: str | None = None,
        vendor: str | None = None) -> int:
    from ..explain import explain

    rules = None
    if rules_file is not None:
        from ..reasons import load_rules

        rules = load_rules(rules_file)
    explanation = explain(read_input(words), side=side, rules=rules, vendor=vendor)
    if as_json:
        print_json(explanation.as_dict())
    else:
        from .render import explanation_text

        sys.stdout.write(explanation_text(explanation))
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    explain = commands.add_parser(
        "explain", help=word("what a code or reply means, what to do, who acts", lang),
        description=word("Explain a code (4.2.2, 550), a reply (\"550 5.1.1 User unknown\"), a log"
        " line or a bounce's fields. Reads standard input when INPUT is - or absent.", lang),
    )
    explain.add_argument(
        "input", nargs="*", metavar="INPUT", help=word("code or text (words are joined)", lang)
    )
    explain.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    explain.add_argument(
        "--side", choices=("sender", "receiver"), default="sender",
        help=word("whose advice: the sender whose mail was refused (default), or the administrator"
        " of the server that refused it", lang))
    explain.add_argument("--rules", metavar="FILE",
                         help=word("your own word rules (TOML), tried before the shipped"
                                   " ones", lang))
    explain.add_argument("--vendor", metavar="ID",
                         help=word("the provider that sent the reply, when the text does not say"
                         " (see smtpcode list --kind vendor)", lang))
    explain.set_defaults(
        run=lambda args: run(args.input, args.json, args.side, args.rules, args.vendor))
