"""Opening mail logs and reading them as blocks of whole lines.

Plain, gzip, bzip2 and xz files and standard input are read in binary; the compression is
told by the file's first bytes, not its name. A line ends with ``\\n`` and nothing else: a
bare ``\\r`` is part of the line, and an unterminated last line is still a line. A line
longer than ``MAX_LINE`` bytes keeps its first ``MAX_LINE`` bytes and still counts as one
line, so that memory stays bounded whatever the input.
"""

from __future__ import annotations

import io
import itertools
import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator
    from typing import BinaryIO, Protocol

    class Readable(Protocol):
        """What reading needs of a stream: plain files and decompressors alike."""

        def read(self, size: int = -1, /) -> bytes: ...

        def close(self) -> None: ...

BLOCK_SIZE = 1 << 20
MAX_LINE = 1 << 16

def _compression(head: bytes) -> str | None:
    """The compression a file's first ten bytes show: gzip, bzip2, xz, or None."""
    if head.startswith(b"\x1f\x8b\x08"):
        return "gzip"
    if (head[:3] == b"BZh" and head[3:4].isdigit() and head[3:4] != b"0"
            and head[4:10] in (b"1AY&SY", b"\x17rE8P\x90")):
        return "bzip2"
    if head.startswith(b"\xfd7zXZ\x00"):
        return "xz"
    return None


class LogReadError(Exception):
    """An input that cannot be opened or read to its end; the message names it."""


class LogInput:
    """One input: a file or standard input, opened for reading in binary."""

    def __init__(self, name: str) -> None:
        #: the name as given; ``-`` is standard input
        self.name = name
        self.compression: str | None = None
        #: bytes on disk, for progress; None for a pipe
        self.size: int | None = None
        #: when the file was last written (None for standard input): the year of its last
        #: classic, year-less timestamp
        self.modified: float | None = None
        self._raw: BinaryIO | None = None
        self._stream: Readable | None = None

    @property
    def label(self) -> str:
        return "<stdin>" if self.name == "-" else self.name

    @property
    def is_plain_file(self) -> bool:
        """A regular, uncompressed file: one that can be split into byte ranges."""
        return self.name != "-" and self.compression is None and self.size is not None

    def open(self) -> Readable:
        """Open the input and tell its compression; LogReadError names what went wrong."""
        try:
            if self.name == "-":
                raw: BinaryIO = sys.stdin.buffer
            else:
                raw = open(self.name, "rb")  # noqa: SIM115 -- closed by close()
                status = os.fstat(raw.fileno())
                self.modified = status.st_mtime
                if (status.st_mode & 0o170000) == 0o100000:
                    self.size = status.st_size
            self._raw = raw
            head = raw.peek(10)[:10] if isinstance(raw, io.BufferedReader) else b""
        except OSError as error:
            raise LogReadError(f"cannot read {self.label}: {reason(error)}") from None
        self.compression = _compression(head)
        stream: Readable = raw
        if self.compression is not None:
            stream = _decompressor(self.compression, raw)
        self._stream = stream
        return stream

    def position(self) -> int | None:
        """Bytes of the file read so far (compressed bytes for a compressed file)."""
        if self._raw is None or self.size is None:
            return None
        try:
            return self._raw.tell()
        except OSError:
            return None

    def close(self) -> None:
        for stream in (self._stream, self._raw):
            if stream is not None and stream is not sys.stdin.buffer:
                stream.close()


def _decompressor(name: str, raw: BinaryIO) -> Readable:
    if name == "gzip":
        import gzip

        return gzip.GzipFile(fileobj=raw, mode="rb")
    if name == "bzip2":
        import bz2

        return bz2.BZ2File(raw)
    import lzma

    return lzma.LZMAFile(raw)


def reason(error: BaseException) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    text = str(error)
    return text or type(error).__name__


def read_errors() -> tuple[type[BaseException], ...]:
    """What reading a damaged input can raise: I/O and decompression errors."""
    import zlib

    errors: list[type[BaseException]] = [OSError, EOFError, zlib.error]
    lzma = sys.modules.get("lzma")
    if lzma is not None:
        errors.append(lzma.LZMAError)
    return tuple(errors)


class Blocks:
    """The blocks of a stream: each ``b"\\n"`` followed by whole lines joined by ``\\n``.

    Every ``\\n`` in a block starts one line, so ``block.count(b"\\n")`` is its number of
    lines. ``limit`` stops after that many bytes (for one byte range of a file).
    """

    def __init__(self, stream: Readable, limit: int | None = None,
                 block_size: int = BLOCK_SIZE) -> None:
        self._stream = stream
        self._limit = limit
        self._block_size = block_size
        #: True when the last line had no line break
        self.unterminated = False
        #: lines longer than MAX_LINE, of which only the start was kept
        self.long_lines = 0

    def _chunks(self) -> Iterator[bytes]:
        read = self._stream.read
        left = self._limit
        size = self._block_size
        while left is None or left > 0:
            chunk = read(size if left is None else min(size, left))
            if not chunk:
                return
            if left is not None:
                left -= len(chunk)
            yield chunk

    def __iter__(self) -> Iterator[bytes]:
        carry = b""
        skipping = False
        for chunk in self._chunks():
            cut = chunk.rfind(b"\n")
            if cut < 0:
                if not skipping:
                    carry += chunk
                    if len(carry) > MAX_LINE:
                        carry = carry[:MAX_LINE]
                        skipping = True
                        self.long_lines += 1
                continue
            view = memoryview(chunk)
            if skipping:
                # the rest of an over-long line is dropped up to its end
                first = chunk.find(b"\n")
                yield b"".join((b"\n", carry, view[first:cut]))
                skipping = False
            else:
                yield b"".join((b"\n", carry, view[:cut]))
            carry = chunk[cut + 1:]
        if carry or skipping:
            self.unterminated = True
            yield b"\n" + carry


def split_ranges(path: str, size: int, parts: int) -> list[tuple[int, int]]:
    """Cut a file into ``parts`` byte ranges that each start at the start of a line."""
    bounds = [0]
    with open(path, "rb") as handle:
        for part in range(1, parts):
            handle.seek(max(size * part // parts, bounds[-1]))
            handle.readline()
            bounds.append(min(handle.tell(), size))
    bounds.append(size)
    return [(start, end) for start, end in itertools.pairwise(bounds) if end > start]


def order_rotated(names: list[str]) -> list[str]:
    """Put the files of a rotated set oldest first: ``mail.log.2.gz mail.log.1 mail.log``.

    Files of one set share a base name and differ by a rotation number (``.1``, ``.2.gz``)
    or a date (``-20230314``, ``-20230314.gz``). Other names keep their order and place.
    """
    def split(name: str) -> tuple[str, tuple[int, int]]:
        stem = name
        for suffix in (".gz", ".bz2", ".xz"):
            if stem.endswith(suffix):
                stem = stem[: -len(suffix)]
                break
        head, dot, number = stem.rpartition(".")
        if dot and number.isdigit() and head:
            return head, (0, -int(number))
        head, dash, date = stem.rpartition("-")
        if dash and date.isdigit() and len(date) >= 8 and head:
            return head, (0, int(date))
        return stem, (1, 0)

    keys = [split(name) for name in names]
    bases: dict[str, list[int]] = {}
    for index, (base, _) in enumerate(keys):
        bases.setdefault(base, []).append(index)
    ordered = list(names)
    for indexes in bases.values():
        if len(indexes) > 1:
            members = sorted(indexes, key=lambda index: keys[index][1])
            for slot, index in zip(indexes, members, strict=True):
                ordered[slot] = names[index]
    return ordered
