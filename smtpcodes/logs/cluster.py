"""Scanning on a Dask cluster: ``smtpcode scan --engine dask [--scheduler ADDRESS]``.

Each input becomes tasks: a large plain file one per byte range (each range starts at a
line), anything else (a compressed file, a small one) one task for the whole. A task scans
its part into a summary on whatever worker runs it; the summaries come back in the order of
the inputs and add up (``Summary.merge``) to what one process would count. The workers must
see the files at the same paths (a shared file system) and have this package installed.

Dask is an optional extra (``pip install 'smtpcodes[dask]'``); the rest of the package never
imports it. The same two functions serve any other engine: map ``scan_part`` over the
``parts`` of the inputs and fold the results with ``add_parts`` (see the CLI reference for
a PySpark recipe).
"""

from __future__ import annotations

import os

from .files import split_ranges
from .scanner import Scanner
from .summary import FileStats, Summary

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .filters import Filters

#: A byte range of at least this much makes a task of its own.
PART_BYTES = 64 << 20

#: A part of the work: (input, first byte, end byte), the bytes None for a whole input.
Part = tuple[str, int | None, int | None]


class EngineError(Exception):
    """The engine cannot run: Dask is not installed, or the scheduler cannot be reached."""


def parts(names: Iterable[str], workers: int) -> list[Part]:
    """The parts of the inputs, in order: byte ranges of large plain files, else whole files."""
    found: list[Part] = []
    for name in names:
        size = os.path.getsize(name) if name != "-" and os.path.isfile(name) else None
        if size is None or size < PART_BYTES or _compressed(name):
            found.append((name, None, None))
            continue
        pieces = max(workers, size // PART_BYTES)
        found += [(name, start, end) for start, end in split_ranges(name, size, pieces)]
    return found


def _compressed(name: str) -> bool:
    with open(name, "rb") as handle:
        head = handle.read(6)
    return head.startswith((b"\x1f\x8b", b"BZh", b"\xfd7zXZ"))


def scan_part(part: Part, filters: Filters | None = None,
              year: int | None = None) -> tuple[FileStats, Summary]:
    """Scan one part (on a worker): its file's counts and its summary."""
    name, start, end = part
    scanner = Scanner(filters, year=year)
    if start is None or end is None:
        stats = scanner.scan_input(name)
        scanner.summary.files.remove(stats)
        return stats, scanner.summary
    stats = FileStats(name)
    scanner.scan_range(name, start, end, stats)
    return stats, scanner.summary


def add_parts(results: Iterable[tuple[Part, tuple[FileStats, Summary]]],
              filters: Filters | None = None) -> Summary:
    """The summary of all the parts, added up in order (ranges of one file into one)."""
    total = Summary()
    total.filters = filters
    current: FileStats | None = None
    for (name, start, _), (stats, summary) in results:
        if current is None or start in (None, 0) or current.name != name:
            current = stats
            total.files.append(stats)
            total.merge(summary)
        else:
            offset = current.lines
            current.merge(stats)
            total.merge(summary, offset)
    return total


def scan_with_dask(names: list[str], scheduler: str | None = None, workers: int = 2,
                   filters: Filters | None = None, year: int | None = None,
                   connect_timeout: float = 30) -> Summary:
    """Scan the inputs as Dask tasks: on the cluster at ``scheduler`` (given up after
    ``connect_timeout`` seconds), or on a local one of ``workers`` processes."""
    import importlib
    from typing import Any

    try:
        # Dask has no type information: it is used through names typed as Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise EngineError("the dask engine needs Dask: pip install 'smtpcodes[dask]'") from None
    work = parts(names, workers)
    cluster = None
    try:
        if scheduler is None:
            cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1,
                                               processes=True, dashboard_address=None)
            client = distributed.Client(cluster)
        else:
            client = distributed.Client(scheduler, timeout=connect_timeout)
    except (OSError, TimeoutError) as error:
        raise EngineError(f"cannot reach the Dask scheduler {scheduler}: {error}") from None
    try:
        futures = client.map(scan_part, work, filters=filters, year=year, pure=False)
        results = client.gather(futures)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    summary = add_parts(zip(work, results, strict=True), filters)
    if year is not None:
        summary.year = year
    return summary
