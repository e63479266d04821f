"""Start-up cost of the command line and of the import, and parse throughput on one line.

    python bench/startup.py [--venv DIR] [--runs N]

Installs the project (not editable) into a fresh virtual environment (or uses --venv), then
runs ``smtpcode explain 4.2.2`` and ``python -c pass`` with the same interpreter,
alternately, N times each, and prints their medians and ratio. Every command runs from the
environment's bin folder, so that the installed package is imported, not the source tree.
Also prints what ``python -X importtime -c "import smtpcodes"`` reports, and how many reply
lines per second ``parse`` reads.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPLY_LINE = "550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown"


def make_venv(where: Path) -> Path:
    subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
    subprocess.run(
        [str(where / "bin" / "pip"), "install", "--quiet", str(ROOT)], check=True,
        capture_output=True,
    )
    return where


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=Path(command[0]).parent)
    return time.perf_counter() - start


def import_time_ms(python: Path) -> float:
    """The cumulative import time of smtpcodes, as -X importtime reports it (median of 7)."""
    times = []
    for _ in range(7):
        report = subprocess.run(
            [str(python), "-X", "importtime", "-c", "import smtpcodes"],
            capture_output=True, text=True, check=True, cwd=python.parent,
        ).stderr
        for line in report.splitlines():
            fields = [field.strip() for field in line.split("|")]
            if len(fields) == 3 and fields[2] == "smtpcodes":
                times.append(int(fields[1]) / 1000)
    if not times:
        raise RuntimeError("smtpcodes missing from the -X importtime report")
    return statistics.median(times)


def parse_rate(python: Path) -> float:
    code = (
        "import time, smtpcodes\n"
        f"line = {REPLY_LINE!r}\n"
        "best = 0.0\n"
        "for _ in range(3):\n"
        "    start = time.perf_counter()\n"
        "    for _ in range(100_000): smtpcodes.parse(line)\n"
        "    best = max(best, 100_000 / (time.perf_counter() - start))\n"
        "print(best)\n"
    )
    output = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=True, cwd=python.parent
    )
    return float(output.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--venv", type=Path, help="an existing venv with smtpcodes installed")
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        venv = args.venv or make_venv(Path(scratch) / "venv")
        python, script = venv / "bin" / "python", venv / "bin" / "smtpcode"
        explain = [str(script), "explain", "4.2.2"]
        bare = [str(python), "-c", "pass"]
        wall(explain), wall(bare)  # warm the file cache
        explain_times, bare_times = [], []
        for _ in range(args.runs):
            explain_times.append(wall(explain))
            bare_times.append(wall(bare))
        explain_ms = statistics.median(explain_times) * 1000
        bare_ms = statistics.median(bare_times) * 1000
        print(f"smtpcode explain 4.2.2: median {explain_ms:.1f} ms over {args.runs} runs")
        print(f"python -c pass:         median {bare_ms:.1f} ms")
        print(f"ratio: {explain_ms / bare_ms:.2f}x (limit 1.9x, aim 1.6x)")
        print(
            f"import smtpcodes: {import_time_ms(python):.1f} ms cumulative"
            " (-X importtime, median of 7; limit 8 ms)"
        )
        print(f"parse on a reply line: {parse_rate(python):,.0f} replies/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
