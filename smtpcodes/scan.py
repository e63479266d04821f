"""Scanning whole mail logs: every line counted, the ones that matter read and summed up.

``Scanner`` reads inputs block by block (``logfiles``); one pattern (``logs.SCAN``) runs over
each block and stops only at the lines outside every known frame and the lines that carry a
delivery status, a rejection or a problem; those are read (``logs.parse_line``) and added to a
``Summary``. Memory grows with the number of distinct keys kept (codes, hosts, reasons, each
table bounded by ``Tally.LIMIT``), never with the length of the log.

A large plain file is cut into byte ranges that separate processes read at once (``jobs``);
their summaries add up to the one a single process would make.
"""

from __future__ import annotations

import os
import re
import sys
import time

from .logfiles import BLOCK_SIZE, Blocks, LogInput, LogReadError, read_errors, split_ranges
from .logs import FRAME, SEVERITIES, LogLine, parse_line, scan_for, time_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

#: Delivery statuses that are no failure: delivered, an address verified, a delivery Exim was
#: told to skip (``*>``), a message Sendmail queued for later.
DELIVERED = frozenset(("sent", "deliverable", "suppressed", "queued"))
#: Kinds of recognized lines, besides "other".
KINDS = ("delivery", "reject", "reject_warning", "problem")
#: Examples kept: lines of unrecognized text, and first lines of each severity.
EXAMPLES = 3
#: Longest example line kept, in characters.
EXAMPLE_WIDTH = 400
#: Files smaller than this are read by one process.
PARALLEL_MIN_BYTES = 32 << 20

_ADDRESS = re.compile(
    r"\[[0-9A-Fa-f.:]+\](?::[0-9]+)?|\b[0-9]{1,3}(?:\.[0-9]{1,3}){3}\b|(?<![\w.])[0-9a-f:]*::[0-9a-f:]+"
)
_HOSTNAME_BEFORE_ADDRESS = re.compile(r"(?<![\w.-])[\w.-]++(?=\[)")
_ANGLE = re.compile(r"<[^<>\s]*>")
_NUMBER = re.compile(r"(?<![\w.])[0-9]+(?![\w.])")
_SET_ID = re.compile(r"\(set_id=[^)]*\)")


def normalize(text: str, width: int = 120) -> str:
    """A message with what varies from line to line (addresses, hosts, numbers) masked."""
    text = text[: width * 4]
    if "set_id=" in text:
        text = _SET_ID.sub("(set_id=…)", text)
    text = _ADDRESS.sub("[…]", text)
    if "[" in text:
        text = _HOSTNAME_BEFORE_ADDRESS.sub("host", text)
    if "<" in text:
        text = _ANGLE.sub("<…>", text)
    text = _NUMBER.sub("N", text)
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def reason_of(reply: str) -> str:
    """The reason of a rejection: the reply without its codes and its leading ``<address>:``."""
    from .logs import reply_codes

    _, _, end = reply_codes(reply)
    text = reply[end:].strip(" -")
    if text.startswith("<"):
        # Postfix writes "<address>: reason", Sendmail "<address>... reason"
        for separator in (">: ", ">... "):
            close = text.find(separator)
            if close >= 0:
                text = text[close + len(separator):]
                break
    return normalize(text) or "(no text)"


class Tally:
    """Counts by key, keeping at most ``LIMIT`` keys; later new keys count as ``(others)``."""

    LIMIT = 1000
    OTHERS = "(others)"
    __slots__ = ("counts",)

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def add(self, key: str, count: int = 1) -> None:
        counts = self.counts
        if key in counts:
            counts[key] += count
        elif len(counts) < self.LIMIT:
            counts[key] = count
        else:
            counts[self.OTHERS] = counts.get(self.OTHERS, 0) + count

    def merge(self, other: Tally) -> None:
        for key, count in other.counts.items():
            self.add(key, count)

    def top(self, limit: int | None = None) -> list[tuple[str, int]]:
        ranked = sorted(self.counts.items(), key=lambda item: (-item[1], item[0]))
        return ranked if limit is None else ranked[:limit]

    def as_dict(self, limit: int | None = None) -> dict[str, int]:
        return dict(self.top(limit))

    def __len__(self) -> int:
        return len(self.counts)


class Example:
    """A line kept to show: where it is and what it says."""

    __slots__ = ("file", "line", "text")

    def __init__(self, file: str, line: int, text: str) -> None:
        self.file = file
        #: line number in the file, from 1
        self.line = line
        self.text = text

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "text": self.text}


class CodeStats:
    """Everything counted for one code: how often, with which status, where, and why."""

    __slots__ = (
        "alone", "by_status", "clients", "count", "domains", "example", "hosts", "reasons",
    )

    def __init__(self) -> None:
        self.count = 0
        #: lines counted here that carried no enhanced code (for a reply code)
        self.alone = 0
        self.by_status: dict[str, int] = {}
        #: the remote hosts delivered to
        self.hosts = Tally()
        #: the recipients' domains
        self.domains = Tally()
        #: the clients rejected
        self.clients = Tally()
        self.reasons = Tally()
        self.example: Example | None = None

    def merge(self, other: CodeStats) -> None:
        self.count += other.count
        self.alone += other.alone
        for status, count in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + count
        self.hosts.merge(other.hosts)
        self.domains.merge(other.domains)
        self.clients.merge(other.clients)
        self.reasons.merge(other.reasons)
        if self.example is None:
            self.example = other.example

    def as_dict(self, code: str, top: int) -> dict[str, object]:
        result: dict[str, object] = {"code": int(code) if code.isdigit() else code}
        result.update(describe(code))
        result["count"] = self.count
        if self.by_status:
            result["by_status"] = dict(sorted(self.by_status.items(), key=lambda i: -i[1]))
        for name in ("hosts", "domains", "clients", "reasons"):
            tally: Tally = getattr(self, name)
            if len(tally):
                result[name] = tally.as_dict(top)
        result["example"] = None if self.example is None else self.example.as_dict()
        return result


class ProblemStats:
    """The problems of one severity: how many, which messages, the first lines."""

    __slots__ = ("count", "examples", "first", "messages")

    def __init__(self) -> None:
        self.count = 0
        self.messages = Tally()
        #: the first line of each message kept in ``messages``
        self.examples: dict[str, Example] = {}
        self.first: list[Example] = []

    def merge(self, other: ProblemStats) -> None:
        self.count += other.count
        self.messages.merge(other.messages)
        for message, example in other.examples.items():
            if message in self.messages.counts:
                self.examples.setdefault(message, example)
        self.first.extend(other.first[: max(0, EXAMPLES - len(self.first))])

    def as_dict(self, top: int) -> dict[str, object]:
        return {
            "count": self.count,
            "messages": [
                {"message": message, "count": count,
                 "example": self.examples[message].as_dict() if message in self.examples else None}
                for message, count in self.messages.top(top)
            ],
            "first": [example.as_dict() for example in self.first],
        }


class FileStats:
    """What one input held."""

    __slots__ = (
        "compression", "error", "formats", "invalid_utf8", "lines", "long_lines", "name",
        "unrecognized", "unterminated",
    )

    def __init__(self, name: str) -> None:
        self.name = name
        self.compression: str | None = None
        self.lines = 0
        self.unrecognized = 0
        self.invalid_utf8 = 0
        self.long_lines = 0
        self.unterminated = False
        #: frame and source of the lines read, e.g. {"syslog postfix": 480}
        self.formats = Tally()
        self.error: str | None = None

    @property
    def recognized(self) -> int:
        return self.lines - self.unrecognized

    def merge(self, other: FileStats) -> None:
        self.lines += other.lines
        self.unrecognized += other.unrecognized
        self.invalid_utf8 += other.invalid_utf8
        self.long_lines += other.long_lines
        self.unterminated = other.unterminated
        self.formats.merge(other.formats)
        self.error = self.error or other.error

    @property
    def format(self) -> str | None:
        """The frame and source most of the lines read are in, e.g. ``syslog postfix``."""
        top = self.formats.top(1)
        return top[0][0] if top else None

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "lines": self.lines, "recognized": self.recognized,
            "unrecognized": self.unrecognized, "format": self.format,
            "compression": self.compression, "invalid_utf8": self.invalid_utf8,
            "long_lines": self.long_lines, "unterminated_last_line": self.unterminated,
            "error": self.error,
        }


_descriptions: dict[str, dict[str, object]] = {}


def describe(code: str) -> dict[str, object]:
    """Title, class, summary and what to do for a code, from the library's data."""
    if code not in _descriptions:
        from .explain import explain

        explanation = explain(code)
        entry = explanation.detail_entry if "." in code else explanation.basic_entry
        _descriptions[code] = {
            "title": entry.title if entry is not None else None,
            "class": explanation.classification.status_class.value,
            "summary": explanation.summary,
            "action": explanation.action,
        }
    return _descriptions[code]


class Summary:
    """What a scan found. ``as_dict()`` is the JSON of ``smtpcode scan --json``.

    ``lines`` = ``recognized`` + ``unrecognized``, and ``recognized`` is the sum of
    ``by_kind``. ``by_status``, ``by_enhanced``, ``by_basic``, ``by_severity`` and the tables
    after them count the lines the filters selected (every line when there are none).
    """

    def __init__(self) -> None:
        self.files: list[FileStats] = []
        self.kinds: dict[str, int] = dict.fromkeys(KINDS, 0)
        self.matched = 0
        self.by_status: dict[str, int] = {}
        self.by_enhanced: dict[str, int] = {}
        self.by_basic: dict[str, int] = {}
        self.by_severity: dict[str, int] = dict.fromkeys(SEVERITIES, 0)
        #: deliveries that were not sent, by code
        self.failures_enhanced: dict[str, CodeStats] = {}
        self.failures_basic: dict[str, CodeStats] = {}
        self.failures_without_code = 0
        #: rejections at SMTP time, by code and by reason
        self.rejects_enhanced: dict[str, CodeStats] = {}
        self.rejects_basic: dict[str, CodeStats] = {}
        self.rejected = 0
        self.reject_reasons = Tally()
        self.reject_warnings = 0
        self.problems = {severity: ProblemStats() for severity in SEVERITIES}
        self.unrecognized_kinds: dict[str, int] = {"blank": 0, "binary": 0, "text": 0}
        self.unrecognized_examples: list[Example] = []
        self.filters: Filters | None = None

    # -- totals -------------------------------------------------------------------------------

    @property
    def lines(self) -> int:
        return sum(stats.lines for stats in self.files)

    @property
    def unrecognized(self) -> int:
        return sum(stats.unrecognized for stats in self.files)

    @property
    def recognized(self) -> int:
        return self.lines - self.unrecognized

    @property
    def by_kind(self) -> dict[str, int]:
        kinds = dict(self.kinds)
        kinds["other"] = self.recognized - sum(self.kinds.values())
        return kinds

    @property
    def deliveries(self) -> int:
        return sum(self.by_status.values())

    # -- adding lines -------------------------------------------------------------------------

    def add(self, line: LogLine, example: Callable[[], Example]) -> None:
        """Count one line that a scan selected (a delivery, rejection or problem)."""
        kind = line.kind
        self.matched += 1
        if kind == "delivery":
            self._add_delivery(line, example)
        elif kind == "reject":
            self._add_reject(line, example)
        elif kind == "reject_warning":
            self.reject_warnings += 1
        elif kind == "problem" and line.severity is not None:
            self._add_problem(line, example)

    def _count_codes(self, line: LogLine) -> None:
        """Count a delivery's or a rejection's codes in the overall code tables."""
        if line.enhanced is not None:
            self.by_enhanced[line.enhanced] = self.by_enhanced.get(line.enhanced, 0) + 1
        if line.basic is not None:
            key = str(line.basic)
            self.by_basic[key] = self.by_basic.get(key, 0) + 1

    @staticmethod
    def _code_stats(
        line: LogLine, tables: tuple[dict[str, CodeStats], dict[str, CodeStats]],
        example: Callable[[], Example],
    ) -> list[CodeStats]:
        """The entries of a line's enhanced and reply codes in a pair of tables, counted once
        more (``alone``: the line carried no enhanced code)."""
        found = []
        for table, code in zip(tables, (line.enhanced, line.basic), strict=True):
            if code is None:
                continue
            key = str(code)
            stats = table.get(key)
            if stats is None:
                stats = table[key] = CodeStats()
                stats.example = example()
            stats.count += 1
            if line.enhanced is None:
                stats.alone += 1
            found.append(stats)
        return found

    def _add_delivery(self, line: LogLine, example: Callable[[], Example]) -> None:
        status = line.status or "unknown"
        self.by_status[status] = self.by_status.get(status, 0) + 1
        self._count_codes(line)
        if status in DELIVERED:
            return
        if line.enhanced is None and line.basic is None:
            self.failures_without_code += 1
            return
        host, domain = line.relay, line.domain
        tables = (self.failures_enhanced, self.failures_basic)
        for stats in self._code_stats(line, tables, example):
            stats.by_status[status] = stats.by_status.get(status, 0) + 1
            if host is not None:
                stats.hosts.add(host)
            if domain is not None:
                stats.domains.add(domain)

    def _add_reject(self, line: LogLine, example: Callable[[], Example]) -> None:
        self.rejected += 1
        self._count_codes(line)
        reason = reason_of(line.reply or "")
        self.reject_reasons.add(reason)
        client, command, domain = line.client, line.command, line.domain
        for stats in self._code_stats(line, (self.rejects_enhanced, self.rejects_basic), example):
            if command:
                stats.by_status[command] = stats.by_status.get(command, 0) + 1
            stats.reasons.add(reason)
            if client is not None:
                stats.clients.add(client)
            if domain is not None:
                stats.domains.add(domain)

    def _add_problem(self, line: LogLine, example: Callable[[], Example]) -> None:
        severity = line.severity or "warning"
        self.by_severity[severity] += 1
        stats = self.problems[severity]
        stats.count += 1
        message = normalize(line.reply or "")
        program = (line.program or "").rsplit("/", 1)[-1]
        key = f"{program}: {message}" if program else message
        stats.messages.add(key)
        if key in stats.messages.counts and key not in stats.examples:
            stats.examples[key] = example()
        if len(stats.first) < EXAMPLES:
            stats.first.append(example())

    # -- combining ----------------------------------------------------------------------------

    def merge(self, other: Summary, line_offset: int = 0) -> None:
        """Add the counts of a summary of the lines that follow this one's."""
        if line_offset:
            other.shift_lines(line_offset)
        for kind, count in other.kinds.items():
            self.kinds[kind] += count
        self.matched += other.matched
        for mine, theirs in ((self.by_status, other.by_status),
                             (self.by_enhanced, other.by_enhanced),
                             (self.by_basic, other.by_basic),
                             (self.by_severity, other.by_severity),
                             (self.unrecognized_kinds, other.unrecognized_kinds)):
            for key, count in theirs.items():
                mine[key] = mine.get(key, 0) + count
        for mine_codes, their_codes in ((self.failures_enhanced, other.failures_enhanced),
                                        (self.failures_basic, other.failures_basic),
                                        (self.rejects_enhanced, other.rejects_enhanced),
                                        (self.rejects_basic, other.rejects_basic)):
            for code, stats in their_codes.items():
                if code in mine_codes:
                    mine_codes[code].merge(stats)
                else:
                    mine_codes[code] = stats
        self.failures_without_code += other.failures_without_code
        self.rejected += other.rejected
        self.reject_reasons.merge(other.reject_reasons)
        self.reject_warnings += other.reject_warnings
        for severity, problem in other.problems.items():
            self.problems[severity].merge(problem)
        room = EXAMPLES - len(self.unrecognized_examples)
        self.unrecognized_examples.extend(other.unrecognized_examples[: max(0, room)])

    def shift_lines(self, offset: int) -> None:
        """Move every example's line number by ``offset`` (for a range read apart)."""
        examples: list[Example] = list(self.unrecognized_examples)
        for table in (self.failures_enhanced, self.failures_basic, self.rejects_enhanced,
                      self.rejects_basic):
            examples.extend(stats.example for stats in table.values() if stats.example)
        for problem in self.problems.values():
            examples.extend(problem.first)
            examples.extend(problem.examples.values())
        for example in {id(example): example for example in examples}.values():
            example.line += offset

    # -- output -------------------------------------------------------------------------------

    def as_dict(self, top: int = 10) -> dict[str, object]:
        def codes(table: dict[str, CodeStats]) -> list[dict[str, object]]:
            return [stats.as_dict(code, top) for code, stats in ranked_codes(table)]

        result: dict[str, object] = {
            "lines": self.lines,
            "recognized": self.recognized,
            "unrecognized": self.unrecognized,
            "by_kind": self.by_kind,
            "by_status": _ranked(self.by_status),
            "by_enhanced": _ranked(self.by_enhanced),
            "by_basic": _ranked(self.by_basic),
            "by_severity": dict(self.by_severity),
            "problems": {
                severity: self.problems[severity].as_dict(top) for severity in SEVERITIES
            },
            "failures": {
                "count": sum(
                    count for status, count in self.by_status.items() if status not in DELIVERED
                ),
                "without_code": self.failures_without_code,
                "by_enhanced": codes(self.failures_enhanced),
                "by_basic": codes(self.failures_basic),
            },
            "rejections": {
                "count": self.rejected,
                "by_enhanced": codes(self.rejects_enhanced),
                "by_basic": codes(self.rejects_basic),
                "by_reason": self.reject_reasons.as_dict(top),
            },
            "reject_warnings": self.reject_warnings,
            "unrecognized_kinds": dict(self.unrecognized_kinds),
            "unrecognized_examples": [example.as_dict() for example in self.unrecognized_examples],
            "invalid_utf8": sum(stats.invalid_utf8 for stats in self.files),
            "long_lines": sum(stats.long_lines for stats in self.files),
            "files": [stats.as_dict() for stats in self.files],
        }
        if self.filters is not None:
            result["filters"] = self.filters.as_dict()
            result["matched"] = self.matched
        return result


def ranked_codes(table: dict[str, CodeStats]) -> list[tuple[str, CodeStats]]:
    """Codes of the permanent class first, then transient, then by count."""
    return sorted(table.items(), key=lambda item: (-int(item[0][0]), -item[1].count, item[0]))


def _ranked(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


class Filters:
    """Which lines to print: by code, by status or severity, and by time."""

    def __init__(self, codes: Iterable[str] = (), statuses: Iterable[str] = (),
                 since: str | None = None, until: str | None = None) -> None:
        self.codes = frozenset(codes)
        self.statuses = frozenset(status.lower() for status in statuses)
        self.since = since
        self.until = until

    def match(self, line: LogLine) -> bool:
        if self.codes and not (
            (line.enhanced is not None and line.enhanced in self.codes)
            or (line.basic is not None and str(line.basic) in self.codes)
        ):
            return False
        if self.statuses:
            word = (line.status if line.kind == "delivery" else
                    "rejected" if line.kind == "reject" else line.severity)
            if word not in self.statuses:
                return False
        if self.since is not None or self.until is not None:
            key = time_key(line.timestamp)
            if self.since is not None and _compare_time(key, self.since) < 0:
                return False
            if self.until is not None and _compare_time(key, self.until) > 0:
                return False
        return True

    def as_dict(self) -> dict[str, object]:
        return {
            "codes": sorted(self.codes), "statuses": sorted(self.statuses),
            "since": self.since, "until": self.until,
        }


def _compare_time(key: str, bound: str) -> int:
    """Compare a line's time key with a bound; without a year on one side, compare the rest."""
    if len(key) != len(bound):
        key, bound = key[-14:], bound[-14:]
    length = min(len(key), len(bound))
    key, bound = key[:length], bound[:length]
    return (key > bound) - (key < bound)


_TIME_BOUND = re.compile(
    r"(?:(?P<year>[0-9]{4})-)?(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"(?:[T ](?P<time>[0-9]{2}(?::[0-9]{2}){0,2}))?"
)


def time_bound(text: str, end: bool = False) -> str:
    """``2023-03-14``, ``2023-03-14 10:00`` or ``03-14T10:00:05`` as a key like ``time_key``'s.

    A bound without a time covers the whole day: from 00:00:00, or until 23:59:59 for
    ``end``. ValueError says what is expected.
    """
    match = _TIME_BOUND.fullmatch(text.strip())
    if match is None:
        raise ValueError(
            f"{text!r} is not a date or time: expected YYYY-MM-DD, YYYY-MM-DD HH:MM[:SS]"
            " or MM-DD HH:MM[:SS]"
        )
    clock = match.group("time") or ""
    default = "23:59:59" if end else "00:00:00"
    clock = clock + default[len(clock):]
    year = match.group("year")
    date = f"{match.group('month')}-{match.group('day')}"
    return f"{year}-{date} {clock}" if year else f"{date} {clock}"


# -- reading ----------------------------------------------------------------------------------

class Progress:
    """A one-line progress indication on standard error, for inputs that take a while."""

    DELAY = 1.0
    INTERVAL = 0.25

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False
        self._next = self.started + self.DELAY

    def update(self, label: str, done: int | None, total: int | None, lines: int) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.INTERVAL
        share = f" {100 * done // total}%" if done is not None and total else ""
        sys.stderr.write(f"\rsmtpcode scan: {label}{share} · {lines:,} lines\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()


class Scanner:
    """Reads inputs into a Summary; ``on_match`` sees every selected line as it is read."""

    def __init__(self, filters: Filters | None = None,
                 on_match: Callable[[LogLine, Example], None] | None = None,
                 progress: Progress | None = None, jobs: int = 1,
                 block_size: int = BLOCK_SIZE) -> None:
        self.summary = Summary()
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
        except read_errors() as error:
            from .logfiles import reason

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
