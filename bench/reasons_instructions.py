"""Instructions a text for reason() and for Sisimai's Reason->match, counted by Valgrind.

    python bench/reasons_instructions.py [--corpus PATH] [--passes N]

Wall-clock rates on a shared machine move by half from one run to the next; the count of
instructions a program executes does not. Each side runs under ``valgrind --tool=callgrind``
twice over the labelled texts of ../shared/corpus/replies.jsonl: once with its warm-up only,
once with N more passes; the difference, divided by the texts read, is what one text costs,
without start-up, imports and warm-up. Instructions are not time (a cache miss costs many),
so this is the noise-free half of the comparison; ``bench/reasons_eval.py`` gives the other.
Needs valgrind, perl and Debian's libsisimai-perl.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
DEFAULT_CORPUS = SHARED / "corpus" / "replies.jsonl"
SISIMAI_SCRIPT = SHARED / "tools" / "sisimai_decode.pl"

#: reads the texts of a JSONL file, reads each once (warm-up), then N more passes
OURS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from smtpcodes import reason
texts = [json.loads(line)["text"] for line in open(sys.argv[2], encoding="utf-8")]
for _ in range(1 + int(sys.argv[3])):
    for text in texts:
        reason(text)
"""


def instructions(command: list[str]) -> int:
    """Instructions the command executes, as callgrind counts them."""
    run = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        capture_output=True, text=True, check=False)
    found = re.search(r"Collected : (\d+)", run.stderr)
    if run.returncode != 0 or found is None:
        raise SystemExit(f"valgrind failed on {command[:2]}: {run.stderr.strip()[-300:]}")
    return int(found.group(1))


def per_text(command: list[str], passes: int, texts: int) -> float:
    """Instructions a text: the run with ``passes`` more passes less the warm-up run."""
    more = instructions([*command, str(passes)])
    warm = instructions([*command, "0"])
    return (more - warm) / (passes * texts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--passes", type=int, default=3)
    args = parser.parse_args()
    missing = [tool for tool in ("valgrind", "perl") if shutil.which(tool) is None]
    if missing or not args.corpus.exists() or not SISIMAI_SCRIPT.exists():
        print(f"needs valgrind, perl, {args.corpus} and {SISIMAI_SCRIPT}", file=sys.stderr)
        return 1
    with args.corpus.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    texts = [record["text"] for record in records if record.get("reason")]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as handle:
        handle.writelines(json.dumps({"text": text}) + "\n" for text in texts)
        handle.flush()
        ours = per_text([sys.executable, "-c", OURS, str(ROOT), handle.name], args.passes,
                        len(texts))
        # sisimai_decode.pl FILE N full: three rounds of N passes (N=0 is its listing mode,
        # so the warm-up run is N=1 and the other N=1+passes).
        more = instructions(["perl", str(SISIMAI_SCRIPT), handle.name,
                             str(1 + args.passes), "full"])
        warm = instructions(["perl", str(SISIMAI_SCRIPT), handle.name, "1", "full"])
        theirs = (more - warm) / (3 * args.passes * len(texts))
    from reasons_eval import form

    print(f"instructions a text over the {len(texts)} labelled texts: "
          f"smtpcodes reason() ({form()}) "
          f"{ours:,.0f}, Sisimai Reason->match {theirs:,.0f}: {theirs / ours:.2f}x fewer")
    return 0


if __name__ == "__main__":
    sys.exit(main())
