"""Speed and memory of ``smtpcode scan`` on a million-line Postfix log, beside pflogsumm.

    python bench/scan_bench.py [--corpus PATH] [--runs N] [--workdir DIR] [--no-10m]

Builds a log of 1,000,000 lines under --workdir (default /tmp/smtpcodes-bench) by repeating
the real Postfix log ``../shared/corpus/maillog/postfix-logsums__mail.log.gz``, its ISO 8601
timestamps written in the classic syslog form that pflogsumm reads, three days later on each
repetition. Then runs ``smtpcode scan --json`` (as many processes as the machine has
processors, at most 4, the default), ``smtpcode scan --json --jobs 1`` and ``pflogsumm``
alternately, N times each, every one a whole process timed from start to end, and prints
the medians, the ratios to pflogsumm and the lines per second. Checks that the scan counted
every line, and the delivery statuses grep counts.

Then the events per second of ``smtpcode scan --jsonl``, and the time ``smtpcode merge``
takes to add up 100 summaries. Last, the peak memory (maximum resident set size) of
``smtpcode scan --json --jobs 1`` on the 1-million-line log and on a 10-million-line log
(the first repeated ten times): it must not grow with the number of lines.

Needs pflogsumm (Debian package ``pflogsumm``) and the ``smtpcode`` command of this project.
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = (
    ROOT.parent / "shared" / "corpus" / "maillog" / "postfix-logsums__mail.log.gz"
)
LINES = 1_000_000


def build_log(corpus: Path, target: Path, lines: int = LINES) -> None:
    """Repeat the corpus log up to ``lines`` lines, with classic syslog timestamps."""
    with gzip.open(corpus, "rb") as handle:
        source = handle.read().split(b"\n")
    if source and source[-1] == b"":
        source.pop()
    parsed: list[tuple[datetime.datetime, bytes]] = []
    for line in source:
        stamp, _, rest = line.partition(b" ")
        parsed.append((datetime.datetime.fromisoformat(stamp.decode("ascii")), rest))
    written = 0
    repetition = 0
    with target.open("wb") as out:
        while written < lines:
            shift = datetime.timedelta(days=3 * repetition)
            chunk = []
            for when, rest in parsed[: lines - written]:
                moved = when + shift
                chunk.append(
                    f"{moved:%b} {moved.day:2d} {moved:%H:%M:%S} ".encode("ascii") + rest + b"\n"
                )
            out.write(b"".join(chunk))
            written += len(chunk)
            repetition += 1


def repeat_file(source: Path, target: Path, times: int) -> None:
    with target.open("wb") as out:
        for _ in range(times):
            with source.open("rb") as handle:
                shutil.copyfileobj(handle, out, 1 << 22)


def timed(command: list[str]) -> tuple[float, bytes]:
    """Wall-clock seconds of one whole process, and what it printed."""
    started = time.perf_counter()
    result = subprocess.run(command, capture_output=True, check=False)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[0]} failed: {result.stderr.decode(errors='replace')}")
    return elapsed, result.stdout


def peak_memory_kib(command: list[str]) -> int:
    """Maximum resident set size of the largest process a command runs, in KiB."""
    probe = (
        "import resource, subprocess, sys\n"
        "subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    result = subprocess.run([sys.executable, "-c", probe, *command], capture_output=True,
                            text=True, check=True)
    return int(result.stdout.strip())


def grep_count(path: Path, text: str) -> int:
    result = subprocess.run(["grep", "-c", "-F", text, str(path)], capture_output=True,
                            text=True, check=False)
    return int(result.stdout.strip() or 0)


#: pflogsumm's grand-total labels, and the key of each in ``scan --json``'s totals.
TOTALS = {
    "received": "received", "delivered": "delivered", "forwarded": "forwarded",
    "deferred": "deferred", "bounced": "bounced", "rejected": "rejected",
    "reject warnings": "reject_warnings", "held": "held", "discarded": "discarded",
    "bytes received": "bytes_received", "bytes delivered": "bytes_delivered",
    "senders": "senders", "sending hosts/domains": "sending_domains",
    "recipients": "recipients", "recipient hosts/domains": "recipient_domains",
}


def pflogsumm_units(value: int) -> str:
    """A number as pflogsumm prints it: in k above 512 KiB, in m above 512 MiB."""
    if value > 536870912:
        return f"{value // 1048576}m"
    if value > 524288:
        return f"{value // 1024}k"
    return str(value)


def print_totals(summary: dict[str, object], report: str) -> None:
    """The grand totals of both, side by side, in pflogsumm's units."""
    import re

    theirs: dict[str, str] = {}
    for value, name in re.findall(r"^ +([0-9]+[km]?) +([a-z][a-z /]+?)(?: +\(|$)", report,
                                  re.MULTILINE):
        theirs.setdefault(name.strip(), value)
    totals = summary["totals"]
    assert isinstance(totals, dict)
    print(f"\n{'grand total':<26} {'smtpcode':>10} {'pflogsumm':>10}")
    same = 0
    for label, key in TOTALS.items():
        mine = pflogsumm_units(int(totals[key]))
        same += mine == theirs.get(label)
        print(f"{label:<26} {mine:>10} {theirs.get(label, '-'):>10}")
    print(f"{same} of {len(TOTALS)} figures equal")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/smtpcodes-bench"))
    parser.add_argument("--no-10m", action="store_true", help="skip the 10-million-line log")
    args = parser.parse_args()

    smtpcode = shutil.which("smtpcode") or str(Path(sys.executable).parent / "smtpcode")
    pflogsumm = shutil.which("pflogsumm", path=os.environ.get("PATH", "") + ":/usr/sbin")
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 1
    if pflogsumm is None:
        print("pflogsumm not found (Debian: apt-get install pflogsumm)", file=sys.stderr)
        return 1

    args.workdir.mkdir(parents=True, exist_ok=True)
    log = args.workdir / "mail-1m.log"
    if not log.exists() or log.read_bytes().count(b"\n") != LINES:
        print(f"building {log} ...", flush=True)
        build_log(args.corpus, log)
    size = log.stat().st_size
    print(f"log: {log}, {LINES:,} lines, {size / 1e6:.0f} MB")
    print(f"machine: {os.cpu_count()} processors; {args.runs} runs of each, alternately")

    commands = {
        "smtpcode scan --json": [smtpcode, "scan", "--json", str(log)],
        "smtpcode scan --json --jobs 1": [smtpcode, "scan", "--json", "--jobs", "1", str(log)],
        "pflogsumm": [pflogsumm, str(log)],
    }
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():  # one untimed run each: page cache, lazy imports
        timed(command)
    summary: dict[str, object] = {}
    report = b""
    scanned = b""
    for _ in range(args.runs):
        for name, command in commands.items():
            elapsed, output = timed(command)
            times[name].append(elapsed)
            if name.startswith("smtpcode"):
                summary = json.loads(output)
                scanned = output
            else:
                report = output

    assert summary["lines"] == LINES, summary["lines"]
    by_status = summary["by_status"]
    assert isinstance(by_status, dict)
    for status in ("sent", "bounced"):
        assert by_status.get(status, 0) == grep_count(log, f"status={status} "), status
    print(f"scan counted {LINES:,} lines: {summary['recognized']:,} recognized,"
          f" {summary['unrecognized']:,} not; by status {by_status}")

    print_totals(summary, report.decode("utf-8", "replace"))
    baseline = statistics.median(times["pflogsumm"])
    print()
    print(f"{'command':<32} {'median s':>9} {'min s':>7} {'lines/s':>12} {'x pflogsumm':>12}")
    for name in commands:
        median = statistics.median(times[name])
        print(f"{name:<32} {median:>9.3f} {min(times[name]):>7.3f} {LINES / median:>12,.0f}"
              f" {baseline / median:>12.2f}")

    print()
    events_time, events = timed([smtpcode, "scan", "--jsonl", str(log)])
    count = events.count(b"\n")
    print(f"smtpcode scan --jsonl: {count:,} events in {events_time:.2f} s,"
          f" {count / events_time:,.0f} events/s")
    part = args.workdir / "summary.json"
    part.write_bytes(scanned)
    merge_time, _ = timed([smtpcode, "merge", "--json", *[str(part)] * 100])
    print(f"smtpcode merge of 100 summaries of the 1M-line log: {merge_time:.2f} s")

    print()
    memory = {"1M": peak_memory_kib(commands["smtpcode scan --json --jobs 1"])}
    if not args.no_10m:
        big = args.workdir / "mail-10m.log"
        if not big.exists() or big.stat().st_size != size * 10:
            print(f"building {big} ...", flush=True)
            repeat_file(log, big, 10)
        memory["10M"] = peak_memory_kib([smtpcode, "scan", "--json", "--jobs", "1", str(big)])
    parallel = peak_memory_kib(commands["smtpcode scan --json"])
    for lines, kib in memory.items():
        print(f"peak memory, {lines} lines, one process: {kib / 1024:.1f} MiB")
    print(f"peak memory, 1M lines, default jobs: {parallel / 1024:.1f} MiB per process")
    if "10M" in memory:
        print(f"10M / 1M peak memory: {memory['10M'] / memory['1M']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
