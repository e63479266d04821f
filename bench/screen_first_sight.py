"""The screen on texts it has never seen: its parts against whole expressions, same run.

    python bench/screen_first_sight.py [--log PATH] [--lines N]

RE2 builds the screen's automaton lazily, a state at a time, as texts need them: a text like
those seen before costs little, a new one may cost states. A benchmark that reads the same
texts again and again hides that cost; a mail log, whose lines carry new hosts, ids and
dates, does not. This reads the first N lines of a real Postfix log, each once, in order,
normalised, through two screens over the same rules and vendor signs: one that looks for
each expression's bounded part (``smtpcodes.screen``, as shipped), and, as the baseline,
one that looks for each expression whole, widened. Prints microseconds a line for each
block of lines, then for the first block again (now seen).
"""

from __future__ import annotations

import argparse
import gzip
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smtpcodes.reasons import shipped  # noqa: E402
from smtpcodes.screen import looked_for, widened  # noqa: E402
from smtpcodes.wording import normalize  # noqa: E402

DEFAULT_LOG = ROOT.parent / "shared" / "corpus" / "maillog" / "postfix-logsums__mail.log.gz"
BLOCK = 10_000


def re2_set(parts: list[str | None]) -> Callable[[str], object]:
    """One RE2 set of the parts (None: a part that never matches), built as the screen's."""
    import re2

    options = re2.Options()
    options.max_mem = 64 << 20
    options.log_errors = False
    searcher = re2.Set.SearchSet(options)
    for part in parts:
        try:
            searcher.Add(part if part is not None else "[^\\x00-\\x{10ffff}]")
        except re2.error:
            searcher.Add("[^\\x00-\\x{10ffff}]")
    searcher.Compile()
    return searcher.Match  # type: ignore[no-any-return]


def per_line(match: Callable[[str], object], lines: list[str]) -> list[float]:
    """Microseconds a line for each block of lines, read once each, in order."""
    times = []
    for start in range(0, len(lines), BLOCK):
        block = lines[start:start + BLOCK]
        began = time.perf_counter()
        for line in block:
            match(line)
        times.append((time.perf_counter() - began) / len(block) * 1e6)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", type=Path, default=DEFAULT_LOG)
    parser.add_argument("--lines", type=int, default=60_000)
    args = parser.parse_args()
    if not args.log.exists():
        print(f"no log at {args.log}", file=sys.stderr)
        return 1
    opener = gzip.open if args.log.suffix == ".gz" else open
    with opener(args.log, "rt", encoding="utf-8", errors="replace") as handle:
        lines = [normalize(line) for _, line in zip(range(args.lines), handle, strict=False)]
    knowledge = shipped()
    expressions = [*knowledge.patterns.expressions, *knowledge.vendors.expressions]
    screens = {
        "parts (shipped)": re2_set([looked_for(expression) for expression in expressions]),
        "whole, widened (baseline)": re2_set([widened(expression) for expression in expressions]),
    }
    print(f"{len(lines):,} lines of {args.log.name}, each read once, in blocks of {BLOCK:,}; "
          "µs a line:")
    results = {}
    for name, match in screens.items():
        results[name] = per_line(match, lines)
        again = per_line(match, lines[:BLOCK])[0]
        blocks = "  ".join(f"{value:5.1f}" for value in results[name])
        print(f"  {name:28s} {blocks}   first block again: {again:4.1f}")
    parts, whole = (sum(values) for values in results.values())
    print(f"whole expressions cost {whole / parts:.2f}x the parts over the log")
    return 0


if __name__ == "__main__":
    sys.exit(main())
