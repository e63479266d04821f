"""The summary of a scan: tallies by code, status, host and reason, mergeable and bounded.

A ``Summary`` adds up the lines a scanner reads (``add``), and two summaries add up
(``merge``) to what one scan of both inputs would give, so that byte ranges read by separate
processes, or separate files, can be summed. Every table keeps at most ``Tally.LIMIT`` keys;
``as_dict`` is what ``smtpcode scan --json`` prints.
"""

from __future__ import annotations

import re

from .formats import SEVERITIES, LogLine
from .traffic import Traffic

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from .filters import Filters

#: Delivery statuses that are no failure: delivered, an address verified, a delivery Exim was
#: told to skip (``*>``), a message Sendmail queued for later.
DELIVERED = frozenset(("sent", "deliverable", "suppressed", "queued"))
#: Kinds of recognized lines, besides "other".
KINDS = ("delivery", "reject", "reject_warning", "problem", "received", "queued", "hold",
         "discard")
#: Examples kept: lines of unrecognized text, and first lines of each severity.
EXAMPLES = 3
#: Longest example line kept, in characters.
EXAMPLE_WIDTH = 400

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
    from .formats import reply_codes

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


class ReasonStats:
    """Everything counted for one reason: how often, with which codes and status, where."""

    __slots__ = ("by_status", "clients", "codes", "count", "domains", "example", "remedies",
                 "vendors")

    def __init__(self) -> None:
        self.count = 0
        self.by_status: dict[str, int] = {}
        #: the codes that carried it, "550 5.1.1"
        self.codes = Tally()
        self.remedies = Tally()
        #: the recipients' domains, and the providers behind them
        self.domains = Tally()
        self.vendors = Tally()
        #: the clients rejected
        self.clients = Tally()
        self.example: Example | None = None

    def merge(self, other: ReasonStats) -> None:
        self.count += other.count
        for status, count in other.by_status.items():
            self.by_status[status] = self.by_status.get(status, 0) + count
        for name in ("codes", "remedies", "domains", "vendors", "clients"):
            getattr(self, name).merge(getattr(other, name))
        if self.example is None:
            self.example = other.example

    def as_dict(self, name: str, top: int) -> dict[str, object]:
        from ..reasons import reason_entry

        entry = reason_entry(name) if name != NO_REASON else None
        result: dict[str, object] = {
            "reason": entry.name if entry is not None else None,
            "title": entry.title if entry is not None else None,
            "summary": entry.summary if entry is not None else None,
            "count": self.count,
        }
        if self.by_status:
            result["by_status"] = dict(sorted(self.by_status.items(), key=lambda i: -i[1]))
        for field in ("codes", "remedies", "domains", "vendors", "clients"):
            tally: Tally = getattr(self, field)
            if len(tally):
                result[field] = tally.as_dict(top)
        result["example"] = None if self.example is None else self.example.as_dict()
        return result


#: The key of the lines whose reason neither words nor codes give.
NO_REASON = "(unknown)"


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


_descriptions: dict[tuple[str, str], dict[str, object]] = {}


def describe(code: str) -> dict[str, object]:
    """Title, class, summary and what to do for a code, from the library's data, in the
    language of the results (:func:`smtpcodes.set_language`)."""
    from ..lang import get_language

    key = (code, get_language())
    if key not in _descriptions:
        from ..explain import explain

        explanation = explain(code)
        entry = explanation.detail_entry if "." in code else explanation.basic_entry
        _descriptions[key] = {
            "title": entry.title if entry is not None else None,
            "class": explanation.classification.status_class.value,
            "summary": explanation.summary,
            "action": explanation.action,
        }
    return _descriptions[key]


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
        #: deliveries that were not sent, by reason (the reason engine)
        self.failure_reasons: dict[str, ReasonStats] = {}
        #: rejections at SMTP time, by code, by reason and by their words
        self.rejects_enhanced: dict[str, CodeStats] = {}
        self.rejects_basic: dict[str, CodeStats] = {}
        self.rejected = 0
        self.reject_reasons: dict[str, ReasonStats] = {}
        self.reject_texts = Tally()
        self.reject_warnings = 0
        self.problems = {severity: ProblemStats() for severity in SEVERITIES}
        self.unrecognized_kinds: dict[str, int] = {"blank": 0, "binary": 0, "text": 0}
        self.unrecognized_examples: list[Example] = []
        self.filters: Filters | None = None
        #: the traffic, counted as pflogsumm counts it
        self.traffic = Traffic()
        #: the year of the last classic (year-less) timestamp: --year, else the year the
        #: last input was written (None: this year)
        self.year: int | None = None
        #: the month that input was written (None when the year was given)
        self.month: int | None = None

    # -- totals -------------------------------------------------------------------------------

    @property
    def last_year(self) -> int:
        """The year of the last classic (year-less) timestamp: ``year``, else this year."""
        import datetime

        return self.year or datetime.date.today().year

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
        self.traffic.add(line)
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
        host, domain = line.relay, line.domain
        stats_by_reason = self._reason_stats(line, self.failure_reasons, example)
        stats_by_reason.by_status[status] = stats_by_reason.by_status.get(status, 0) + 1
        if domain is not None:
            stats_by_reason.domains.add(domain)
        if line.enhanced is None and line.basic is None:
            self.failures_without_code += 1
            return
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
        self.reject_texts.add(reason)
        client, command, domain = line.client, line.command, line.domain
        stats_by_reason = self._reason_stats(line, self.reject_reasons, example)
        if command:
            stats_by_reason.by_status[command] = stats_by_reason.by_status.get(command, 0) + 1
        if client is not None:
            stats_by_reason.clients.add(client)
        for stats in self._code_stats(line, (self.rejects_enhanced, self.rejects_basic), example):
            if command:
                stats.by_status[command] = stats.by_status.get(command, 0) + 1
            stats.reasons.add(reason)
            if client is not None:
                stats.clients.add(client)
            if domain is not None:
                stats.domains.add(domain)

    @staticmethod
    def _reason_stats(
        line: LogLine, table: dict[str, ReasonStats], example: Callable[[], Example],
    ) -> ReasonStats:
        """A line's entry in a table by reason (read once per wording), counted once more."""
        from .reasons import shared_reader

        found = shared_reader().read(line)
        key = found.reason or NO_REASON
        stats = table.get(key)
        if stats is None:
            if len(table) >= Tally.LIMIT:
                key = Tally.OTHERS
                stats = table.setdefault(key, ReasonStats())
            else:
                stats = table[key] = ReasonStats()
                stats.example = example()
        stats.count += 1
        codes = " ".join(str(code) for code in (line.basic, line.enhanced) if code is not None)
        if codes:
            stats.codes.add(codes)
        if found.remedy:
            stats.remedies.add(found.remedy)
        if found.vendor:
            stats.vendors.add(found.vendor)
        return stats

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
        for mine_reasons, their_reasons in ((self.failure_reasons, other.failure_reasons),
                                            (self.reject_reasons, other.reject_reasons)):
            for name, reason_stats in their_reasons.items():
                if name in mine_reasons:
                    mine_reasons[name].merge(reason_stats)
                else:
                    mine_reasons[name] = reason_stats
        self.failures_without_code += other.failures_without_code
        self.rejected += other.rejected
        self.reject_texts.merge(other.reject_texts)
        self.reject_warnings += other.reject_warnings
        self.traffic.merge(other.traffic)
        self.year = other.year or self.year
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
        for reasons in (self.failure_reasons, self.reject_reasons):
            examples.extend(stats.example for stats in reasons.values() if stats.example)
        for problem in self.problems.values():
            examples.extend(problem.first)
            examples.extend(problem.examples.values())
        for example in {id(example): example for example in examples}.values():
            example.line += offset

    # -- output -------------------------------------------------------------------------------

    def as_dict(self, top: int = 10) -> dict[str, object]:
        def codes(table: dict[str, CodeStats]) -> list[dict[str, object]]:
            return [stats.as_dict(code, top) for code, stats in ranked_codes(table)]

        def reasons(table: dict[str, ReasonStats]) -> list[dict[str, object]]:
            return [stats.as_dict(name, top) for name, stats in ranked_reasons(table)]

        year = self.last_year
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
                "by_reason": reasons(self.failure_reasons),
            },
            "rejections": {
                "count": self.rejected,
                "by_enhanced": codes(self.rejects_enhanced),
                "by_basic": codes(self.rejects_basic),
                "by_reason": reasons(self.reject_reasons),
                "by_text": self.reject_texts.as_dict(top),
            },
            "reject_warnings": self.reject_warnings,
            "unrecognized_kinds": dict(self.unrecognized_kinds),
            "unrecognized_examples": [example.as_dict() for example in self.unrecognized_examples],
            "invalid_utf8": sum(stats.invalid_utf8 for stats in self.files),
            "long_lines": sum(stats.long_lines for stats in self.files),
            "files": [stats.as_dict() for stats in self.files],
        }
        result.update(self.traffic.as_dict(year, top))
        from .attention import needs_attention

        result["attention"] = [item.as_dict() for item in needs_attention(self)]
        if self.filters is not None:
            result["filters"] = self.filters.as_dict()
            result["matched"] = self.matched
        return result


def ranked_codes(table: dict[str, CodeStats]) -> list[tuple[str, CodeStats]]:
    """Codes of the permanent class first, then transient, then by count."""
    return sorted(table.items(), key=lambda item: (-int(item[0][0]), -item[1].count, item[0]))


def ranked_reasons(table: dict[str, ReasonStats]) -> list[tuple[str, ReasonStats]]:
    """Reasons by count, the lines of no known reason last."""
    return sorted(table.items(), key=lambda item: (item[0] == NO_REASON, -item[1].count,
                                                   item[0]))


def _ranked(counts: dict[str, int]) -> dict[str, int]:
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))
