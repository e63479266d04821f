"""``smtpcode rules check FILE``: validate a user's own word rules, examples included.

Each rule of the file is checked against the schema, then its examples are read with the
file's rules tried first (each must come out as its rule's reason) and its near-misses must
not match it. Exit status 0 when the file is sound, 1 when it is not.
"""

from __future__ import annotations

import sys

from ..lang import get_language, word
from .common import EXIT_NOT_UNDERSTOOD, EXIT_OK

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    from ..reasons import load_rules, shipped
    from ..rulecheck import check_all

    lang = get_language()
    rules = load_rules(args.file)
    problems = check_all(shipped(), rules.patterns, user_rules=rules)
    for problem in problems:
        print(f"{args.file}: {problem}", file=sys.stderr)
    count = len(rules.patterns)
    examples = sum(len(pattern.examples) for pattern in rules.patterns)
    if problems:
        print(f"{args.file}: " + word("{problems} problems in {count} rules", lang,
                                      problems=len(problems), count=count), file=sys.stderr)
        return EXIT_NOT_UNDERSTOOD
    sys.stdout.write(f"{args.file}: " + word("{count} rules, {examples} examples, no problem",
                                             lang, count=count, examples=examples) + "\n")
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    rules = commands.add_parser(
        "rules", help=word("check a file of your own word rules", lang),
        description=word("Your own rules, in the [[pattern]] format of the shipped ones, are tried"
        " before them by explain --rules FILE and smtpcodes.load_rules(FILE).", lang),
    )
    actions = rules.add_subparsers(dest="action", metavar="ACTION")
    actions.required = True
    check = actions.add_parser(
        "check", help=word("validate a rules file and run its examples and near-misses", lang),
        description=word("Validate FILE: every record against the schema, every example read as"
        " its rule's reason, no near-miss matched. Exit status 0 when sound, 1 otherwise.", lang),
    )
    check.add_argument("file", metavar="FILE",
                       help=word("a TOML file of [[pattern]] records", lang))
    check.set_defaults(run=run)
