"""Score code extraction on the shared corpus of real replies (../shared/corpus/replies.jsonl).

    python bench/corpus_eval.py [--corpus PATH] [--misses N]

Scores basic and enhanced code extraction on the labelled records (records with
has_unlabelled_code are left out) and counts false codes on the code-free texts.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import smtpcodes

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "replies.jsonl"


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def decode(text: str) -> tuple[str | None, str | None]:
    try:
        reply = smtpcodes.parse(text)
    except smtpcodes.SMTPCodeError:
        return None, None
    basic = None if reply.basic is None else str(reply.basic)
    enhanced = None if reply.enhanced is None else str(reply.enhanced)
    return basic, enhanced


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    records = load(args.corpus)
    labelled = [r for r in records if not r.get("has_unlabelled_code")]
    basic_total = basic_ok = enhanced_total = enhanced_ok = 0
    free_total = false_codes = 0
    misses: list[str] = []
    for record in labelled:
        text = str(record["text"])
        basic, enhanced = decode(text)
        if record["basic"] is not None:
            basic_total += 1
            basic_ok += basic == record["basic"]
            if basic != record["basic"]:
                misses.append(f"basic {record['id']}: want {record['basic']} got {basic}: {text[:160]!r}")
        if record["enhanced"] is not None:
            enhanced_total += 1
            enhanced_ok += enhanced == record["enhanced"]
            if enhanced != record["enhanced"]:
                misses.append(f"enhanced {record['id']}: want {record['enhanced']} got {enhanced}: {text[:160]!r}")
        code_free = record["basic"] is None and record["enhanced"] is None
        if code_free and record["kind"] != "bounce-body":
            free_total += 1
            if basic is not None or enhanced is not None:
                false_codes += 1
                misses.append(f"false {record['id']}: got {basic} {enhanced}: {text[:160]!r}")
    print(f"basic code:    {basic_ok}/{basic_total} ({100 * basic_ok / basic_total:.1f}%)")
    print(f"enhanced code: {enhanced_ok}/{enhanced_total} ({100 * enhanced_ok / enhanced_total:.1f}%)")
    print(f"false codes on code-free texts: {false_codes}/{free_total}")
    for miss in misses[: args.misses]:
        print("  " + miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
