"""The scan as tasks of a Dask cluster (a LocalCluster of two worker processes) counts what
one process counts, byte ranges of a file included."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from smtpcodes.logs import cluster
from smtpcodes.logs.scanner import Scanner

pytest.importorskip("distributed", reason="the dask extra is not installed")

LOGS = Path(__file__).resolve().parent / "fixtures" / "logs"


def test_dask_engine_equals_the_plain_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = tmp_path / "big.log"
    big.write_bytes(b"".join(path.read_bytes() for path in sorted(LOGS.glob("*"))) * 150)
    packed = tmp_path / "older.log.gz"
    packed.write_bytes(gzip.compress((LOGS / "postfix.log").read_bytes()))
    names = [str(packed), str(big)]
    # small ranges, so that the big file becomes many tasks spread over the workers
    monkeypatch.setattr(cluster, "PART_BYTES", 64 << 10)
    work = cluster.parts(names, 2)
    assert len(work) > 5 and work[0] == (str(packed), None, None)
    expected = Scanner(year=2026).scan(names).as_dict()
    found = cluster.scan_with_dask(names, workers=2, year=2026).as_dict()
    assert found == expected


def test_an_unreachable_scheduler_is_a_clear_error() -> None:
    with pytest.raises(cluster.EngineError, match="cannot reach the Dask scheduler"):
        cluster.scan_with_dask([str(LOGS / "postfix.log")], scheduler="tcp://127.0.0.1:9",
                               workers=1, connect_timeout=2)


def test_the_dask_engine_writes_the_html_page_too(tmp_path: Path) -> None:
    import subprocess
    import sys

    page = tmp_path / "report.html"
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "scan", "--engine", "dask",
                           "--jobs", "1", "--html", str(page), str(LOGS / "postfix.log")],
                          capture_output=True, text=True, check=False, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traffic" in done.stdout
    assert page.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
