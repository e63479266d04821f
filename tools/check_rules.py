"""Check reason rules and vendor files straight from data/, before generating the package.

    python tools/check_rules.py                       # everything in data/
    python tools/check_rules.py data/patterns/fr.toml # the rules of some files (all loaded)

Prints each problem (a schema mistake, an example that reads as another reason, a near-miss
that matches, two rules of different reasons tied on one example, a vendor example not
recognised) and exits 1 when there is any.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import reasondata
from smtpcodes.reading import Knowledge
from smtpcodes.rulecheck import check_pattern, check_vendors
from smtpcodes.rules import RuleSet
from smtpcodes.vendors import VendorBook


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*", type=Path, help="pattern or vendor files to report on")
    args = parser.parse_args(argv)
    try:
        reasons = reasondata.reasons()
        names = reasondata.reason_names(reasons)
        patterns = reasondata.patterns(names)
        vendors = reasondata.vendors(names)
    except reasondata.DataError as error:
        print(f"data/ is invalid: {error}", file=sys.stderr)
        return 1
    knowledge = Knowledge(reasons, RuleSet(patterns), VendorBook(vendors))
    chosen = {path.resolve() for path in args.files}
    problems: list[str] = []
    for path in reasondata.pattern_files():
        if chosen and path.resolve() not in chosen:
            continue
        ids = {pattern.id for pattern in reasondata.patterns(names, [path])}
        for pattern in patterns:
            if pattern.id in ids:
                problems += [f"{path.name}: {problem}"
                             for problem in check_pattern(knowledge, pattern)]
    vendor_problems = check_vendors(knowledge)
    if chosen:
        wanted = {reasondata.load(path).get("id") for path in chosen if "vendors" in path.parts}
        vendor_problems = [p for p in vendor_problems if p.split(":")[0] in wanted]
    problems += vendor_problems
    for problem in problems:
        print(problem)
    print(f"{len(patterns)} patterns, {len(vendors)} vendors, {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
