"""Reasons read from real texts, against the corpus labels and beside Sisimai, and throughput.

    python bench/reasons_eval.py [--corpus PATH] [--misses N] [--passes N] [--reason NAME]
                                 [--installed]

Scores ``reason()`` on the records of ../shared/corpus/replies.jsonl that carry a reason
label (Sisimai's judgement from whole bounce messages). Reasons read from the rules in data/
(``--installed``: from the package as generated). Prints the agreement overall, per reason
and per language of the rule that decided, the largest confusions, and labels known to be
wrong for the text alone (listed in bench/label_doubts.toml with why; still counted against
us). When perl and Sisimai (Debian libsisimai-perl) are installed, Sisimai's
``Reason->match`` runs over the same texts and both are scored; throughput is the median of
five alternated rounds of N passes for each, in the same run.
"""

from __future__ import annotations

import argparse
import collections
import json
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
sys.path.insert(0, str(ROOT))

from smtpcodes.reading import Knowledge, read  # noqa: E402
from smtpcodes.reasons import shipped, text_and_reply  # noqa: E402

SHARED = ROOT.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "replies.jsonl"
SISIMAI_SCRIPT = SHARED / "tools" / "sisimai_decode.pl"
DOUBTS = Path(__file__).resolve().parent / "label_doubts.toml"

#: Older Sisimai names that later versions renamed or merged (5.0: mesgtoobig, speeding;
#: 5.6: exceedlimit, toomanyconn); each counts as the name that replaced it.
RENAMED = {"mesgtoobig": "emailtoolarge", "exceedlimit": "emailtoolarge",
           "speeding": "ratelimited", "toomanyconn": "ratelimited"}


def canonical(name: object) -> object:
    return RENAMED.get(str(name), name) if name is not None else None


def load(path: Path) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def knowledge_from_data() -> Knowledge:
    import reasondata
    from smtpcodes.rules import RuleSet
    from smtpcodes.vendors import VendorBook

    reasons = reasondata.reasons()
    names = reasondata.reason_names(reasons)
    return Knowledge(reasons, RuleSet(reasondata.patterns(names)),
                     VendorBook(reasondata.vendors(names)))


def ours(knowledge: Knowledge, text: str) -> tuple[str | None, str]:
    """Our reason and the language of the rule that decided it ("code", "vendor" otherwise)."""
    body, reply = text_and_reply(text)
    found = read(body, reply, knowledge=knowledge).reason
    if found is None:
        return None, "-"
    evidence = found.evidence
    if evidence.rule == "pattern":
        lang = next((p.lang for p in knowledge.patterns.patterns if p.id == evidence.id), "?")
        return found.name, lang
    return found.name, evidence.rule


def sisimai(corpus: Path) -> dict[str, str | None] | None:
    if not (shutil.which("perl") and SISIMAI_SCRIPT.exists()):
        return None
    run = subprocess.run(["perl", str(SISIMAI_SCRIPT), str(corpus)], capture_output=True,
                         text=True, check=False)
    if run.returncode != 0:
        print(f"(Sisimai not run: {run.stderr.strip()[:200]})")
        return None
    found = {}
    for line in run.stdout.splitlines():
        record = json.loads(line)
        found[record["id"]] = record.get("reason") or None
    return found


def sisimai_rate(texts: list[str], passes: int) -> float | None:
    """Sisimai's rate over the same texts as ours (written to a temporary JSONL file)."""
    if not (shutil.which("perl") and SISIMAI_SCRIPT.exists()):
        return None
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"text": text}) + "\n" for text in texts)
        handle.flush()
        run = subprocess.run(["perl", str(SISIMAI_SCRIPT), handle.name, str(passes), "full"],
                             capture_output=True, text=True, check=False)
    if run.returncode != 0:
        return None
    return float(run.stdout.split(":")[1].split()[0])


def our_rate(knowledge: Knowledge, texts: list[str], passes: int) -> float:
    """Texts a second: the best of three rounds of ``passes`` passes, as Sisimai's script
    reports its own rate."""
    best = 0.0
    for _ in range(3):
        start = time.perf_counter()
        for _ in range(passes):
            for text in texts:
                body, reply = text_and_reply(text)
                read(body, reply, knowledge=knowledge)
        best = max(best, passes * len(texts) / (time.perf_counter() - start))
    return best


def both_rates(knowledge: Knowledge, texts: list[str], passes: int,
               rounds: int = 5) -> tuple[float, float | None]:
    """The median rate of each over ``rounds`` alternated runs (ours, then one run of
    Sisimai's script; each gives its best of three rounds): a machine that slows down or
    speeds up during the run weighs on both alike. The median of the runs, because either
    rate varies by half from one run to the next on a shared machine."""
    import statistics

    ours: list[float] = []
    theirs: list[float] = []
    for _ in range(rounds):
        ours.append(our_rate(knowledge, texts, passes))
        peer = sisimai_rate(texts, passes)
        if peer is not None:
            theirs.append(peer)
    return statistics.median(ours), statistics.median(theirs) if theirs else None


def form() -> str:
    """Whether the reading modules run compiled (setup.py) or as pure Python."""
    from importlib.machinery import EXTENSION_SUFFIXES

    reading = ROOT / "smtpcodes" / "reading.py"
    compiled = any(reading.with_name("reading" + suffix).exists() for suffix in EXTENSION_SUFFIXES)
    return "compiled by mypyc" if compiled else "pure Python"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--misses", type=int, default=0, help="print up to N misses")
    parser.add_argument("--passes", type=int, default=5, help="passes for throughput (0: none)")
    parser.add_argument("--reason", help="print only misses whose label or answer is NAME")
    parser.add_argument("--installed", action="store_true",
                        help="use the generated package data rather than data/")
    args = parser.parse_args()
    if not args.corpus.exists():
        print(f"no corpus at {args.corpus}", file=sys.stderr)
        return 1
    knowledge = shipped() if args.installed else knowledge_from_data()
    records = [record for record in load(args.corpus) if record.get("reason")]
    doubts = {}
    if DOUBTS.exists():
        with DOUBTS.open("rb") as handle:
            doubts = {item["id"]: item for item in tomllib.load(handle).get("doubt", [])}
    peer = sisimai(args.corpus)
    per_reason: dict[str, list[int]] = collections.defaultdict(lambda: [0, 0, 0])
    per_lang: collections.Counter[str] = collections.Counter()
    confusions: collections.Counter[tuple[str, str]] = collections.Counter()
    ok = peer_ok = doubted_wrong = 0
    misses = []
    for record in records:
        label = canonical(record["reason"])
        text = str(record["text"])
        name, lang = ours(knowledge, text)
        got = canonical(name)
        row = per_reason[str(label)]
        row[0] += 1
        if got == label:
            ok += 1
            row[1] += 1
            per_lang[lang] += 1
        else:
            confusions[(str(label), str(got))] += 1
            if record["id"] in doubts:
                doubted_wrong += 1
            elif args.reason in (None, label, got):
                misses.append(f"{record['id']} label {label} got {got}: {text[:160]!r}")
        if peer is not None and canonical(peer.get(str(record["id"]))) == label:
            peer_ok += 1
            row[2] += 1
    total = len(records)
    print(f"reason agreement with the corpus labels: {ok}/{total} = {ok / total:.1%}")
    if peer is not None:
        share = peer_ok / total
        print(f"Sisimai Reason->match, same texts:        {peer_ok}/{total} = {share:.1%}")
    print(f"misses on labels listed as doubtful in {DOUBTS.name}: {doubted_wrong} "
          f"(of {len(doubts)} listed; counted as misses above)")
    print("\nper reason: label  texts  ours  sisimai")
    for label, (count, good, peer_good) in sorted(per_reason.items(), key=lambda kv: -kv[1][0]):
        peer_text = f"{peer_good:5d}" if peer is not None else "    -"
        print(f"  {label:16s} {count:5d} {good:5d} {peer_text}")
    languages = collections.Counter(pattern.lang for pattern in knowledge.patterns.patterns)
    print("\nword rules per language: " + ", ".join(
        f"{lang} {count}" for lang, count in languages.most_common()))
    print("decided by (of the agreements): " + ", ".join(
        f"{lang} {count}" for lang, count in per_lang.most_common()))
    print("\nlargest confusions (label -> ours):")
    for (label, got), count in confusions.most_common(15):
        print(f"  {count:4d}  {label} -> {got}")
    if doubts:
        print("\nlabels doubted for the text alone (see bench/label_doubts.toml):")
        for item in doubts.values():
            print(f"  {item['id']}: labelled {item['label']}, reads as {item['reads_as']}: "
                  f"{item['why']}")
    for miss in misses[: args.misses]:
        print(miss)
    if args.passes:
        texts = [str(record["text"]) for record in records]
        rate, peer_rate = both_rates(knowledge, texts, args.passes)
        print(f"\nthroughput over the {len(texts)} labelled texts: smtpcodes reason() ({form()}) "
              f"{rate:,.0f} texts/s", end="")
        if peer_rate:
            print(f", Sisimai Reason->match {peer_rate:,.0f} texts/s: {rate / peer_rate:.2f}x")
        else:
            print(" (Sisimai not installed)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
