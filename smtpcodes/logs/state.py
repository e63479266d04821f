"""A summary as plain JSON data, whole, so that summaries of many logs add up later.

``scan --json`` prints what a reader wants (the tables cut to ``--top``) and, under
``"state"``, everything counted: every table up to its bound, and what is kept by queue id
(a message's size and origin) so that a log cut in two adds up exactly. ``smtpcode merge``
reads such outputs, merges them in the order given, and prints the result the same way.
"""

from __future__ import annotations

from .summary import CodeStats, Example, FileStats, ProblemStats, ReasonStats, Summary, Tally
from .traffic import Counts, DomainDelivery, Traffic

#: The version of this layout; a state of another version is refused.
VERSION = 1


class StateError(ValueError):
    """A JSON document that holds no summary state this version can read."""


# -- reading JSON values with their types checked ---------------------------------------------

def _get(data: dict[str, object], key: str) -> object:
    if key not in data:
        raise StateError(f"the summary state lacks {key!r}")
    return data[key]


def _int(data: dict[str, object], key: str) -> int:
    value = _get(data, key)
    if not isinstance(value, int) or isinstance(value, bool):
        raise StateError(f"{key!r} must be a whole number, not {value!r}")
    return value


def _number(value: object, key: str) -> float:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise StateError(f"{key!r} holds {value!r} where a number was expected")
    return float(value)


def _dict(data: dict[str, object], key: str) -> dict[str, object]:
    value = _get(data, key)
    if not isinstance(value, dict):
        raise StateError(f"{key!r} must be an object, not {type(value).__name__}")
    return value


def _list(data: dict[str, object], key: str) -> list[object]:
    value = _get(data, key)
    if not isinstance(value, list):
        raise StateError(f"{key!r} must be a list, not {type(value).__name__}")
    return value


def _counts(data: dict[str, object], key: str) -> dict[str, int]:
    """A table of counts: an object whose values are whole numbers."""
    table = _dict(data, key)
    return {name: _int(table, name) for name in table}


def _entries(data: dict[str, object], key: str) -> dict[str, dict[str, object]]:
    table = _dict(data, key)
    return {name: _dict(table, name) for name in table}


def _tally(data: dict[str, object], key: str) -> Tally:
    tally = Tally()
    tally.counts = _counts(data, key)
    return tally


def _example(example: Example | None) -> dict[str, object] | None:
    return None if example is None else example.as_dict()


def _read_example(value: object) -> Example | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise StateError(f"an example must be an object, not {value!r}")
    return Example(str(_get(value, "file")), _int(value, "line"), str(_get(value, "text")))


# -- the parts of a summary ----------------------------------------------------------------------

def _code_stats(stats: CodeStats) -> dict[str, object]:
    return {"count": stats.count, "alone": stats.alone, "by_status": stats.by_status,
            "hosts": stats.hosts.counts, "domains": stats.domains.counts,
            "clients": stats.clients.counts, "reasons": stats.reasons.counts,
            "example": _example(stats.example)}


def _read_code_stats(data: dict[str, object]) -> CodeStats:
    stats = CodeStats()
    stats.count, stats.alone = _int(data, "count"), _int(data, "alone")
    stats.by_status = _counts(data, "by_status")
    stats.hosts, stats.domains = _tally(data, "hosts"), _tally(data, "domains")
    stats.clients, stats.reasons = _tally(data, "clients"), _tally(data, "reasons")
    stats.example = _read_example(_get(data, "example"))
    return stats


_REASON_TABLES = ("codes", "remedies", "domains", "vendors", "clients")


def _reason_stats(stats: ReasonStats) -> dict[str, object]:
    state: dict[str, object] = {"count": stats.count, "by_status": stats.by_status,
                                "example": _example(stats.example)}
    for name in _REASON_TABLES:
        state[name] = getattr(stats, name).counts
    return state


def _read_reason_stats(data: dict[str, object]) -> ReasonStats:
    stats = ReasonStats()
    stats.count = _int(data, "count")
    stats.by_status = _counts(data, "by_status")
    for name in _REASON_TABLES:
        setattr(stats, name, _tally(data, name))
    stats.example = _read_example(_get(data, "example"))
    return stats


def _problem_stats(stats: ProblemStats) -> dict[str, object]:
    return {"count": stats.count, "messages": stats.messages.counts,
            "examples": {key: example.as_dict() for key, example in stats.examples.items()},
            "first": [example.as_dict() for example in stats.first]}


def _read_problem_stats(data: dict[str, object]) -> ProblemStats:
    stats = ProblemStats()
    stats.count = _int(data, "count")
    stats.messages = _tally(data, "messages")
    stats.examples = {key: example for key, value in _dict(data, "examples").items()
                      if (example := _read_example(value)) is not None}
    stats.first = [example for value in _list(data, "first")
                   if (example := _read_example(value)) is not None]
    return stats


def _file_stats(stats: FileStats) -> dict[str, object]:
    return {"name": stats.name, "compression": stats.compression, "lines": stats.lines,
            "unrecognized": stats.unrecognized, "invalid_utf8": stats.invalid_utf8,
            "long_lines": stats.long_lines, "unterminated": stats.unterminated,
            "formats": stats.formats.counts, "error": stats.error}


def _read_file_stats(data: dict[str, object]) -> FileStats:
    stats = FileStats(str(_get(data, "name")))
    compression, error = _get(data, "compression"), _get(data, "error")
    stats.compression = None if compression is None else str(compression)
    stats.error = None if error is None else str(error)
    for name in ("lines", "unrecognized", "invalid_utf8", "long_lines"):
        setattr(stats, name, _int(data, name))
    stats.unterminated = bool(_get(data, "unterminated"))
    stats.formats = _tally(data, "formats")
    return stats


def _amounts(counts: Counts) -> dict[str, object]:
    return {"count": counts.count, "bytes": counts.bytes, "dropped": counts.dropped}


def _read_amounts(data: dict[str, object], key: str) -> Counts:
    table = _dict(data, key)
    counts = Counts()
    counts.count, counts.bytes = _counts(table, "count"), _counts(table, "bytes")
    counts.dropped = _int(table, "dropped")
    return counts


_AMOUNTS = ("senders", "sending_domains", "recipients", "bounces")


def _traffic(traffic: Traffic, year: int) -> dict[str, object]:
    state: dict[str, object] = {
        "totals": traffic.totals,
        # days with their year written out, so that logs of other years add up
        "days": traffic.dated_days(year),
        "hours": traffic.hours,
        "delivery_domains": {
            domain: [table.sent, table.bytes, table.defers, table.delay_sum, table.delay_max]
            for domain, table in traffic.delivery_domains.items()},
        "sizes": traffic.sizes, "origins": traffic.origins,
        "deferred_ids": sorted(traffic.deferred_ids), "unsized": traffic.unsized,
        "unclaimed": traffic.unclaimed, "claimed": traffic.claimed,
    }
    for name in _AMOUNTS:
        state[name] = _amounts(getattr(traffic, name))
    return state


def _rows(data: dict[str, object], key: str, width: int) -> list[list[object]]:
    rows = []
    for row in _list(data, key):
        if not isinstance(row, list) or len(row) != width:
            raise StateError(f"{key!r} holds {row!r} where a list of {width} was expected")
        rows.append(row)
    return rows


def _read_traffic(data: dict[str, object]) -> Traffic:
    traffic = Traffic()
    traffic.totals.update(_counts(data, "totals"))
    for day, row in _rows(data, "days", 2):
        if not isinstance(row, list):
            raise StateError(f"the day {day!r} holds {row!r}, not a row of counts")
        traffic.days[(0, str(day))] = [int(_number(count, "days")) for count in row]
    hours = _list(data, "hours")
    if len(hours) != 24 or not all(isinstance(row, list) and len(row) == 5 for row in hours):
        raise StateError("'hours' must hold 24 rows of 5 counts")
    traffic.hours = [[int(_number(count, "hours")) for count in row]  # type: ignore[attr-defined]
                     for row in hours]
    for name in _AMOUNTS:
        setattr(traffic, name, _read_amounts(data, name))
    for domain, row in _dict(data, "delivery_domains").items():
        if not isinstance(row, list) or len(row) != 5:
            raise StateError(f"the delivery domain {domain!r} holds {row!r}")
        table = traffic.delivery_domains[domain] = DomainDelivery()
        table.sent, table.bytes, table.defers = (int(_number(value, domain)) for value in row[:3])
        table.delay_sum, table.delay_max = (_number(value, domain) for value in row[3:])
    traffic.sizes = _counts(data, "sizes")
    traffic.origins = {qid: str(origin) for qid, origin in _dict(data, "origins").items()}
    traffic.deferred_ids = {str(qid) for qid in _list(data, "deferred_ids")}
    traffic.unsized = [(str(qid), str(recipient), str(domain))
                       for qid, recipient, domain in _rows(data, "unsized", 3)]
    traffic.unclaimed = [(str(qid), str(sender), int(_number(size, "unclaimed")))
                         for qid, sender, size in _rows(data, "unclaimed", 3)]
    traffic.claimed = [(str(qid), str(sender), str(domain), int(_number(size, "claimed")))
                       for qid, sender, domain, size in _rows(data, "claimed", 4)]
    return traffic


# -- a whole summary ------------------------------------------------------------------------------

_CODE_TABLES = ("failures_enhanced", "failures_basic", "rejects_enhanced", "rejects_basic")
_REASON_TABLES_OF_SUMMARY = ("failure_reasons", "reject_reasons")
_COUNT_TABLES = ("kinds", "by_status", "by_enhanced", "by_basic", "by_severity",
                 "unrecognized_kinds")
_NUMBERS = ("matched", "failures_without_code", "rejected", "reject_warnings")


def summary_state(summary: Summary) -> dict[str, object]:
    """Everything a summary counted, as JSON data (see the module docstring)."""
    year = summary.last_year
    state: dict[str, object] = {
        "version": VERSION,
        "year": year,
        "files": [_file_stats(stats) for stats in summary.files],
        "reject_texts": summary.reject_texts.counts,
        "problems": {severity: _problem_stats(stats)
                     for severity, stats in summary.problems.items()},
        "unrecognized_examples": [example.as_dict()
                                  for example in summary.unrecognized_examples],
        "traffic": _traffic(summary.traffic, year),
    }
    for name in _COUNT_TABLES + _NUMBERS:
        state[name] = getattr(summary, name)
    for name in _CODE_TABLES:
        state[name] = {code: _code_stats(stats) for code, stats in getattr(summary, name).items()}
    for name in _REASON_TABLES_OF_SUMMARY:
        state[name] = {reason: _reason_stats(stats)
                       for reason, stats in getattr(summary, name).items()}
    return state


def summary_json(summary: Summary, top: int = 10) -> dict[str, object]:
    """What ``scan --json`` and ``merge --json`` print: the summary for a reader, and under
    ``"state"`` everything counted, so that the output can be merged again."""
    data = summary.as_dict(top)
    data["state"] = summary_state(summary)
    return data


def summary_from_state(data: object) -> Summary:
    """The summary a ``scan --json`` output's ``"state"`` holds; StateError when it is not
    one this version wrote."""
    if not isinstance(data, dict):
        raise StateError("expected a JSON object with a summary state")
    if data.get("version") != VERSION:
        raise StateError(f"a summary state of version {data.get('version')!r}; this version"
                         f" reads version {VERSION}")
    summary = Summary()
    summary.year = _int(data, "year")
    summary.files = [_read_file_stats(_dict({"file": item}, "file"))
                     for item in _list(data, "files")]
    for name in _COUNT_TABLES:
        table = getattr(summary, name)
        table.update(_counts(data, name))
    for name in _NUMBERS:
        setattr(summary, name, _int(data, name))
    for name in _CODE_TABLES:
        setattr(summary, name, {code: _read_code_stats(stats)
                                for code, stats in _entries(data, name).items()})
    for name in _REASON_TABLES_OF_SUMMARY:
        setattr(summary, name, {reason: _read_reason_stats(stats)
                                for reason, stats in _entries(data, name).items()})
    summary.reject_texts = _tally(data, "reject_texts")
    summary.problems.update({severity: _read_problem_stats(stats)
                             for severity, stats in _entries(data, "problems").items()})
    summary.unrecognized_examples = [example for value in _list(data, "unrecognized_examples")
                                     if (example := _read_example(value)) is not None]
    summary.traffic = _read_traffic(_dict(data, "traffic"))
    return summary
