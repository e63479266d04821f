"""One JSON object per event of a mail log, for log pipelines (Vector, Loki, Logstash,
ClickHouse): ``smtpcode scan --jsonl``.

An event is a delivery attempt, a rejection (or reject warning, hold, discard) or a
problem reported by the mail server. The schema is stable; every key is always present,
null when the line does not say:

``ts``
    the time, ISO 8601 (``2026-03-14T10:02:00``, with its offset when the log wrote one);
    a classic syslog stamp gets the year the file was last written, or the one before for
    a month later than that
``host``, ``program``, ``queue_id``
    the syslog host, the program (``postfix/smtp``) and the queue id
``event``
    ``delivery``, ``reject``, ``reject_warning``, ``hold``, ``discard`` or ``problem``
``status``
    a delivery's status (``sent``, ``deferred``, ``bounced`` ...), ``rejected`` for a
    rejection, or a problem's severity (``warning``, ``error``, ``fatal``, ``panic``)
``from``, ``to``, ``relay``, ``client``, ``command``
    the envelope sender (from the queue's own line for a delivery), the recipient, the host
    delivered to, the client refused and the SMTP command it was refused at
``basic``, ``enhanced``
    the reply code (an integer) and the enhanced status code (a string)
``reason``, ``remedy``, ``vendor``
    why it failed, what must change, and the provider, as ``smtpcode explain`` reads them
    (null for a sent delivery and a problem)
``text``
    the reply or the message, as written
"""

from __future__ import annotations

import json
import re

from .summary import DELIVERED

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import TextIO

    from .formats import LogLine
    from .summary import Summary

#: The keys of every event, in order.
KEYS = ("ts", "host", "program", "queue_id", "event", "status", "from", "to", "relay",
        "client", "command", "basic", "enhanced", "reason", "remedy", "vendor", "text")
#: What counts as an event.
EVENTS = frozenset(("delivery", "reject", "reject_warning", "hold", "discard", "problem"))
#: Senders kept by queue id, for the deliveries that follow.
SENDER_LIMIT = 100_000

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_ENVELOPE_FROM = re.compile(r"\bfrom=<([^>]*)>")


def iso_time(stamp: str, year: int, month_now: int) -> str:
    """A log timestamp in ISO 8601; a classic one gets ``year``, or the year before when its
    month is later than ``month_now`` (the month the file was last written)."""
    if stamp[:1].isdigit():
        return stamp.replace(" ", "T", 1) if stamp[10:11] == " " else stamp
    month = _MONTHS.index(stamp[:3]) + 1 if stamp[:3] in _MONTHS else 1
    day, clock = stamp[3:].split()
    return f"{year - (month > month_now):04d}-{month:02d}-{int(day):02d}T{clock}"


class EventWriter:
    """Turns the lines of a scan into JSON Lines on a stream."""

    def __init__(self, out: TextIO, summary: Summary) -> None:
        self.out = out
        #: the scan's summary, which knows the year and month the input was written
        self.summary = summary
        self.count = 0
        self._senders: dict[str, str] = {}

    def see(self, line: LogLine) -> None:
        """Read a line: remember a queued message's sender; write an event."""
        if line.kind == "queued" and line.queue_id:
            if len(self._senders) >= SENDER_LIMIT:
                del self._senders[next(iter(self._senders))]
            self._senders[line.queue_id] = line.sender or ""
            return
        if line.kind not in EVENTS:
            return
        self.out.write(json.dumps(self.event(line), ensure_ascii=False) + "\n")
        self.count += 1

    def event(self, line: LogLine) -> dict[str, object]:
        kind = line.kind
        sender = None
        if kind == "delivery":
            sender = self._senders.get(line.queue_id or "")
        elif kind != "problem":
            found = _ENVELOPE_FROM.search(line.message)
            sender = found.group(1) if found else None
        reason = remedy = vendor = None
        failed = kind in ("reject", "reject_warning", "hold", "discard") or (
            kind == "delivery" and line.status not in DELIVERED)
        if failed and (line.reply or line.basic or line.enhanced):
            from .reasons import shared_reader

            found_reason = shared_reader().read(line)
            reason, remedy, vendor = found_reason.reason, found_reason.remedy, found_reason.vendor
        import datetime

        today = datetime.date.today()
        year = self.summary.last_year
        month = self.summary.month or (today.month if year == today.year else 12)
        values = (
            iso_time(line.timestamp, year, month), line.host, line.program,
            line.queue_id if line.queue_id not in (None, "NOQUEUE") else None, kind,
            line.status_word,
            sender, line.recipient, line.relay, line.client, line.command, line.basic,
            line.enhanced, reason, remedy, vendor, line.reply,
        )
        return dict(zip(KEYS, values, strict=True))
