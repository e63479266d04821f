"""Code extraction on the corpus of real replies, beside the peer Sisimai, and throughput.

    python bench/corpus_eval.py [--corpus PATH] [--misses N] [--passes N]

Scores basic and enhanced code extraction on the labelled records (records with
has_unlabelled_code are left out) and counts codes reported for the code-free texts
(no label, not a bounce-body paragraph). When perl and Sisimai (Debian libsisimai-perl) are
installed, the same texts go through ../shared/tools/sisimai_decode.pl and its figures are
printed beside ours; throughput is the best of three rounds of N passes for both.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import smtpcodes

SHARED = Path(__file__).resolve().parent.parent.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "replies.jsonl"
SISIMAI_SCRIPT = SHARED / "tools" / "sisimai_decode.pl"

Record = dict[str, object]
Decoded = tuple[str | None, str | None]


def load(path: Path) -> list[Record]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def ours(text: str) -> Decoded:
    try:
        reply = smtpcodes.parse(text)
    except smtpcodes.SMTPCodeError:
        return None, None
    basic = None if reply.basic is None else str(reply.basic)
    enhanced = None if reply.enhanced is None else str(reply.enhanced)
    return basic, enhanced


def score(records: list[Record], decoded: Callable[[Record], Decoded], misses: list[str]) -> str:
    labelled = [r for r in records if not r.get("has_unlabelled_code")]
    basic_total = basic_ok = enhanced_total = enhanced_ok = free_total = false_codes = 0
    for record in labelled:
        basic, enhanced = decoded(record)
        where = f"{record['id']}: {str(record['text'])[:120]!r}"
        if record["basic"] is not None:
            basic_total += 1
            basic_ok += basic == record["basic"]
            if basic != record["basic"]:
                misses.append(f"basic want {record['basic']} got {basic}: {where}")
        if record["enhanced"] is not None:
            enhanced_total += 1
            enhanced_ok += enhanced == record["enhanced"]
            if enhanced != record["enhanced"]:
                misses.append(f"enhanced want {record['enhanced']} got {enhanced}: {where}")
        code_free = record["basic"] is None and record["enhanced"] is None
        if code_free and record["kind"] != "bounce-body":
            free_total += 1
            if basic is not None or enhanced is not None:
                false_codes += 1
                misses.append(f"false code {basic} {enhanced}: {where}")
    return (
        f"basic {basic_ok}/{basic_total} ({100 * basic_ok / basic_total:.1f}%), "
        f"enhanced {enhanced_ok}/{enhanced_total} ({100 * enhanced_ok / enhanced_total:.1f}%), "
        f"false codes {false_codes}/{free_total}"
    )


def sisimai_available() -> bool:
    if shutil.which("perl") is None or not SISIMAI_SCRIPT.exists():
        return False
    probe = subprocess.run(["perl", "-MSisimai", "-e", "1"], capture_output=True, check=False)
    return probe.returncode == 0


def sisimai_decodings(corpus: Path) -> dict[str, Decoded]:
    output = subprocess.run(
        ["perl", str(SISIMAI_SCRIPT), str(corpus)], capture_output=True, text=True, check=True
    ).stdout
    result: dict[str, Decoded] = {}
    for line in output.splitlines():
        item = json.loads(line)
        result[item["id"]] = (item["basic"], item["enhanced"])
    return result


def sisimai_rate(corpus: Path, passes: int) -> float:
    output = subprocess.run(
        ["perl", str(SISIMAI_SCRIPT), str(corpus), str(passes), "codes"],
        capture_output=True, text=True, check=True,
    ).stdout
    return float(output.split(":")[1].split()[0])


def our_rate(texts: list[str], passes: int) -> float:
    parse, error = smtpcodes.parse, smtpcodes.SMTPCodeError
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(passes):
            for text in texts:
                try:  # noqa: SIM105 - cheaper than contextlib.suppress in a timed loop
                    parse(text)
                except error:
                    pass
        best = max(best, passes * len(texts) / (time.perf_counter() - start))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", type=int, default=0, help="print this many misses")
    parser.add_argument("--passes", type=int, default=20, help="passes per throughput round")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    records = load(args.corpus)
    misses: list[str] = []
    print(f"smtpcodes: {score(records, lambda r: ours(str(r['text'])), misses)}")
    for miss in misses[: args.misses]:
        print("  " + miss)
    peer = sisimai_available()
    if peer:
        decoded = sisimai_decodings(args.corpus)
        print(f"sisimai:   {score(records, lambda r: decoded[str(r['id'])], [])}")
    else:
        print("sisimai:   not installed (apt-get install libsisimai-perl); no peer figures")
    texts = [str(record["text"]) for record in records]
    rate = our_rate(texts, args.passes)
    print(f"throughput: smtpcodes {rate:,.0f} texts/s", end="")
    if peer:
        theirs = sisimai_rate(args.corpus, args.passes)
        print(f", sisimai {theirs:,.0f} texts/s, ratio {rate / theirs:.2f}x")
    else:
        print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
