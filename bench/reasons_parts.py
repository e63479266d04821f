"""Where the time of reading a text goes: each step of ``reading.read``, alone, over the
texts of ../shared/corpus/replies.jsonl, and its share of the whole reading in the same run.

    python bench/reasons_parts.py [--corpus PATH] [--passes N]

Each step is timed as the best of three rounds of N passes over every text, with the inputs
the step needs worked out beforehand. The shares are against the whole ``read`` (given the
parse) measured in the same run; the steps add up to a little less than the whole, which
also builds its result.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from smtpcodes.reading import context_of, read  # noqa: E402
from smtpcodes.reasons import shipped, text_and_reply  # noqa: E402
from smtpcodes.wording import normalize  # noqa: E402

DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus" / "replies.jsonl"


def per_text(texts: list[str], step: Callable[[int], object], passes: int) -> float:
    """Microseconds a text for ``step(index)``, best of three rounds."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(passes):
            for index in range(len(texts)):
                step(index)
        best = min(best, (time.perf_counter() - start) / (passes * len(texts)))
    return best * 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line in handle if line.strip()]
    knowledge = shipped()
    replies = [text_and_reply(text)[1] for text in texts]
    words = [normalize(text) for text in texts]
    contexts = [context_of(reply) for reply in replies]
    found = [knowledge.screen(text) for text in words]
    steps: list[tuple[str, Callable[[int], object]]] = [
        ("parse", lambda i: text_and_reply(texts[i])),
        ("normalise the words", lambda i: normalize(texts[i])),
        ("screen (rules, vendors)", lambda i: knowledge.screen(words[i])),
        ("conditions (Context)", lambda i: context_of(replies[i])),
        ("recognise a provider", lambda i: knowledge.vendors.recognise(
            words[i], contexts[i], True, found[i][1])),
        ("first matching rule", lambda i: knowledge.patterns.first(
            words[i], contexts[i], found[i][0])),
    ]
    whole = per_text(texts, lambda i: read(texts[i], replies[i], knowledge=knowledge),
                     args.passes)
    print(f"{len(texts)} texts; the whole reading (given the parse): {whole:.1f} µs a text")
    for name, step in steps:
        spent = per_text(texts, step, args.passes)
        print(f"  {name:<24} {spent:6.1f} µs  {spent / whole:5.0%} of the whole")
    return 0


if __name__ == "__main__":
    sys.exit(main())
