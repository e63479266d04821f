"""Which lines of a log to print: by code, by status or severity, and by time."""

from __future__ import annotations

import re

from .formats import LogLine, time_key

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable


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
    _check_date(text, match.group("year"), match.group("month"), match.group("day"),
                match.group("time") or "")
    clock = match.group("time") or ""
    default = "23:59:59" if end else "00:00:00"
    clock = clock + default[len(clock):]
    year = match.group("year")
    date = f"{match.group('month')}-{match.group('day')}"
    return f"{year}-{date} {clock}" if year else f"{date} {clock}"


def _check_date(text: str, year: str | None, month: str, day: str, clock: str) -> None:
    """ValueError for a date or time that cannot be (2024-02-30, 13-01, 25:00)."""
    import datetime

    try:
        # a year-less bound may be February 29th: check it in a leap year
        datetime.date(int(year) if year else 2000, int(month), int(day))
        parts = [int(part) for part in clock.split(":")] if clock else []
        if parts:
            hour, minute, second = [*parts, 0, 0][:3]
            datetime.time(hour, minute, second)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date and time") from None
