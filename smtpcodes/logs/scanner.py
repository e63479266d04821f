"""Scanning whole mail logs: every line counted, the ones that matter read and summed up.

``Scanner`` reads inputs block by block (``files``); one pattern (``formats.SCAN``) runs over
each block and stops only at the lines outside every known frame and the lines that carry a
delivery status, a rejection or a problem; those are read (``formats.parse_line``) and added
to a ``Summary``. Memory grows with the number of distinct keys kept (codes, hosts, reasons,
each table bounded by ``Tally.LIMIT``), never with the length of the log.

A large plain file is cut into byte ranges that separate processes read at once (``jobs``);
their summaries add up to the one a single process would make.
"""

from __future__ import annotations

import os
import re
import sys

from .files import (
    BLOCK_SIZE,
    MAX_LINE,
    Blocks,
    LogInput,
    LogReadError,
    read_errors,
    split_ranges,
)
from .formats import FRAME, LogLine, parse_line, scan_for
from .summary import EXAMPLE_WIDTH, EXAMPLES, Example, FileStats, Summary, Tally

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from .filters import Filters
    from .progress import Progress

#: Files smaller than this are read by one process.
PARALLEL_MIN_BYTES = 32 << 20


class Scanner:
    """Reads inputs into a Summary; ``on_match`` sees every selected line as it is read."""

    def __init__(self, filters: Filters | None = None,
                 on_match: Callable[[LogLine, Example], None] | None = None,
                 progress: Progress | None = None, jobs: int = 1,
                 block_size: int = BLOCK_SIZE, year: int | None = None) -> None:
        self.summary = Summary()
        #: the year of the last classic (year-less) timestamp: given, or the year the last
        #: input was written
        self.summary.year = year
        self.year_given = year is not None
        self.summary.filters = filters
        self.filters = filters
        self.on_match = on_match
        self.progress = progress
        self.jobs = jobs
        self.block_size = block_size
        #: one message per input that could not be read
        self.errors: list[str] = []

    def scan(self, names: Iterable[str]) -> Summary:
        for name in names:
            self.scan_input(name)
        if self.progress is not None:
            self.progress.done()
        return self.summary

    def scan_input(self, name: str) -> FileStats:
        source = LogInput(name)
        stats = FileStats(source.label)
        self.summary.files.append(stats)
        try:
            stream = source.open()
        except LogReadError as error:
            stats.error = str(error)
            self.errors.append(str(error))
            return stats
        stats.compression = source.compression
        if source.modified is not None and not self.year_given:
            import datetime

            written = datetime.date.fromtimestamp(source.modified)
            self.summary.year, self.summary.month = written.year, written.month
        try:
            jobs = self._jobs_for(source)
            if jobs > 1 and source.size is not None:
                source.close()
                self._scan_parallel(source, stats, jobs)
            else:
                blocks = Blocks(stream, block_size=self.block_size)
                self._scan_blocks(blocks, stats, lambda: (source.position(), source.size))
                stats.unterminated = blocks.unterminated
                stats.long_lines += blocks.long_lines
        except BrokenPipeError:
            raise  # the reader of the output went away: not a fault of this input
        except read_errors() as error:
            from .files import reason

            message = (f"cannot read {source.label} to its end after {stats.lines:,} lines:"
                       f" {reason(error)}")
            stats.error = message
            self.errors.append(message)
        finally:
            source.close()
        return stats

    def _jobs_for(self, source: LogInput) -> int:
        if self.jobs <= 1 or self.on_match is not None or not source.is_plain_file:
            return 1
        if not hasattr(os, "fork") or (source.size or 0) < PARALLEL_MIN_BYTES:
            return 1
        return self.jobs

    def _scan_blocks(self, blocks: Iterable[bytes], stats: FileStats,
                     where: Callable[[], tuple[int | None, int | None]] | None) -> None:
        """Read blocks of one input; ``where`` tells how far the reading is, for progress."""
        summary = self.summary
        add = summary.add
        kinds = summary.kinds
        filters = self.filters
        on_match = self.on_match
        progress = self.progress
        sample = 200
        finditer = None
        for block in blocks:
            if finditer is None:
                finditer = scan_for(block).finditer
            first_line = stats.lines
            stats.lines += block.count(b"\n")
            if not block.isascii():
                stats.invalid_utf8 += _invalid_utf8_lines(block)
            if sample:
                sample = _sample_formats(block, stats.formats, sample)
            counter = _LineCounter(block, first_line)
            find = block.find
            for match in finditer(block):
                start = match.start() + 1
                end = find(b"\n", start)
                raw = block[start:end] if end >= 0 else block[start:]
                if len(raw) > MAX_LINE:  # read no further than MAX_LINE, and say so
                    raw = raw[:MAX_LINE]
                    stats.long_lines += 1
                line = parse_line(raw)
                if line is None:
                    self._unrecognized(raw, stats, counter, start)
                    continue
                kind = line.kind
                if kind == "other":
                    continue
                kinds[kind] += 1
                if filters is not None and not filters.match(line):
                    continue

                def example(raw: bytes = raw, start: int = start,
                            counter: _LineCounter = counter) -> Example:
                    return Example(stats.name, counter.line_at(start), _text(raw))

                add(line, example)
                if on_match is not None:
                    on_match(line, example())
            if progress is not None and where is not None:
                progress.update(stats.name, *where(), stats.lines)

    def _unrecognized(self, raw: bytes, stats: FileStats, counter: _LineCounter,
                      start: int) -> None:
        stats.unrecognized += 1
        kinds = self.summary.unrecognized_kinds
        stripped = raw.strip()
        if not stripped:
            kinds["blank"] += 1
        elif _BINARY.search(raw) is not None:
            kinds["binary"] += 1
        else:
            kinds["text"] += 1
        examples = self.summary.unrecognized_examples
        if len(examples) < EXAMPLES and stripped:
            examples.append(Example(stats.name, counter.line_at(start), _text(raw)))

    # -- several processes --------------------------------------------------------------------

    def _scan_parallel(self, source: LogInput, stats: FileStats, jobs: int) -> None:
        import pickle

        assert source.size is not None
        ranges = split_ranges(source.name, source.size, jobs)
        # the children read the later ranges and send back their summaries through pipes
        children: dict[int, int] = {}
        try:
            for start, end in ranges[1:]:
                reader, writer = os.pipe()
                sys.stdout.flush()
                sys.stderr.flush()
                pid = os.fork()
                if pid == 0:  # pragma: no cover -- runs in the child process
                    os.close(reader)
                    self._child(source.name, start, end, writer)
                os.close(writer)
                children[pid] = reader
            start, end = ranges[0]
            self._scan_range(source.name, start, end, stats, self.summary, show=True)
            for pid in list(children):
                with os.fdopen(children.pop(pid), "rb") as pipe:
                    data = pipe.read()
                _, status = os.waitpid(pid, 0)
                if status != 0 or not data:
                    raise OSError(f"a process reading part of {source.label} failed")
                part_stats, part = pickle.loads(data)
                offset = stats.lines
                stats.merge(part_stats)
                self.summary.merge(part, offset)
        finally:
            for pid, reader in children.items():
                os.close(reader)
                os.kill(pid, 9)
                os.waitpid(pid, 0)

    def _child(self, path: str, start: int, end: int, writer: int) -> None:  # pragma: no cover
        import pickle

        code = 1
        try:
            stats = FileStats(path)
            part = Scanner(self.filters, block_size=self.block_size)
            part._scan_range(path, start, end, stats, part.summary, show=False)
            data = pickle.dumps((stats, part.summary), protocol=pickle.HIGHEST_PROTOCOL)
            with os.fdopen(writer, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)

    def scan_range(self, path: str, start: int, end: int, stats: FileStats) -> None:
        """Read the lines of a byte range of a plain file (which starts at a line) into this
        scanner's summary; ``stats`` counts them (for a task of a cluster)."""
        if not self.year_given:
            import datetime

            written = datetime.date.fromtimestamp(os.path.getmtime(path))
            self.summary.year, self.summary.month = written.year, written.month
        self._scan_range(path, start, end, stats, self.summary, show=False)

    def _scan_range(self, path: str, start: int, end: int, stats: FileStats, summary: Summary,
                    show: bool) -> None:
        with open(path, "rb") as handle:
            handle.seek(start)
            blocks = Blocks(handle, limit=end - start, block_size=self.block_size)
            own = self.summary
            self.summary = summary
            try:
                self._scan_blocks(
                    blocks, stats, (lambda: (handle.tell() - start, end - start)) if show else None
                )
            finally:
                self.summary = own
            stats.unterminated = blocks.unterminated
            stats.long_lines += blocks.long_lines


_BINARY = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class _LineCounter:
    """Line numbers of positions in a block, counted only when asked, front to back."""

    __slots__ = ("block", "line", "position")

    def __init__(self, block: bytes, first_line: int) -> None:
        self.block = block
        #: a position in the block, and the number of the line that starts there
        self.position = 0
        self.line = first_line

    def line_at(self, start: int) -> int:
        """The number (from 1) of the line that starts at ``start``."""
        if start >= self.position:
            self.line += self.block.count(b"\n", self.position, start)
        else:
            self.line -= self.block.count(b"\n", start, self.position)
        self.position = start
        return self.line


def _text(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").rstrip("\r")
    return text if len(text) <= EXAMPLE_WIDTH else text[: EXAMPLE_WIDTH - 1] + "…"


_UTF8_WINDOW = 8192


def _invalid_utf8_lines(block: bytes) -> int:
    """Lines of a block that are not valid UTF-8.

    Windows of the block that are plain ASCII (nearly all of a mail log) cost almost
    nothing; only the lines around the others are decoded.
    """
    bad = 0
    position = 0
    size = len(block)
    while position < size:
        end = min(position + _UTF8_WINDOW, size)
        if block[position:end].isascii():
            position = end
            continue
        start = block.rfind(b"\n", 0, position) + 1
        stop = block.find(b"\n", end)
        stop = size if stop < 0 else stop + 1
        bad += _invalid_lines_between(block, start, stop)
        position = stop
    return bad


def _invalid_lines_between(block: bytes, start: int, stop: int) -> int:
    """Invalid UTF-8 lines between two line starts: decoding stops at each bad line and goes
    on from the next one."""
    view = memoryview(block)
    bad = 0
    while start < stop:
        try:
            str(view[start:stop], "utf-8")
        except UnicodeDecodeError as error:
            bad += 1
            end = block.find(b"\n", start + error.start, stop)
            if end < 0:
                break
            start = end + 1
        else:
            break
    return bad


def _sample_formats(block: bytes, formats: Tally, left: int) -> int:
    """Note the frame and source of the first lines of an input; return how many are left."""
    for raw in block.split(b"\n", left + 1)[1:left + 1]:
        left -= 1
        frame = FRAME.match(raw)
        if frame is None:
            continue
        line = parse_line(raw)
        if line is not None:
            formats.add(f"{line.frame} {line.source}")
    return left
