"""The traffic of a Postfix log, counted the way pflogsumm counts it, so the figures agree.

Messages in (smtpd's ``client=`` and pickup lines), deliveries by status, rejections and the
other refusals; bytes in and out; senders, recipients and their domains; per day and per
hour; per recipient domain (sent, bytes, deferrals, delays) and per sending domain. The
rules, one per figure, follow pflogsumm 1.1.5's (see ``bench/scan_bench.py``, which prints
both side by side):

- *received*: each ``client=`` line of ``smtpd`` (also under ``submission/`` and ``smtps/``,
  not a content filter's return port such as ``10025/smtpd``) and each ``pickup`` line;
- *delivered*: each ``status=sent`` line, per recipient, except "forwarded as" (counted as
  *forwarded* and nowhere else); *bounced*: each ``status=bounced`` line; *deferred*: the
  messages ever deferred, and *deferrals* each ``status=deferred`` line;
- *rejected*, *reject warnings*, *held*, *discarded*: each such line, from smtpd,
  postscreen and cleanup's header and body checks; their share is out of delivered +
  rejected + discarded;
- *bytes received*: a message's size (qmgr's first ``from=<...>, size=`` line) once, when
  it was received as above; *bytes delivered*: its size once per delivered recipient;
- *senders* and *sending domains*: of the received messages (a sender without a domain is
  filed under its client's domain, or as itself when picked up locally); *recipients* and
  *recipient domains*: of the delivered ones.

Two differences are deliberate: every Postfix instance counts (``postfix-incoming/smtpd``,
``postfix-out/smtp``), where pflogsumm reads only the syslog name ``postfix`` unless given
``--syslog-name``; and a delivery line carrying a field pflogsumm does not expect (Postfix
3.10's ``tls=``) still counts.

A message's size and origin are kept by queue id; a summary of a later part of a log asks
the earlier part for what it lacks when the two are merged, so that byte ranges read apart
add up to one reading. Memory stays bounded: at most ``QUEUE_LIMIT`` queue ids are kept.
"""

from __future__ import annotations

import re

from ..lang import mark

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .formats import LogLine

#: Queue ids whose size and origin are kept (the oldest are forgotten first).
QUEUE_LIMIT = 200_000
#: Addresses and domains kept for the distinct counts and the top tables.
KEY_LIMIT = 100_000
#: The columns of the traffic per day and per hour.
COLUMNS = ("received", "delivered", "deferred", "bounced", "rejected")
#: What the reports call each figure (the JSON's ``totals`` keys, the columns above),
#: marked for the catalogs.
FIGURE_WORDS = {
    "received": mark("received"), "delivered": mark("delivered"),
    "forwarded": mark("forwarded"), "deferred": mark("deferred"),
    "deferrals": mark("deferrals"), "bounced": mark("bounced"), "rejected": mark("rejected"),
    "reject_warnings": mark("reject warnings"), "held": mark("held"),
    "discarded": mark("discarded"), "bytes_received": mark("bytes received"),
    "bytes_delivered": mark("bytes delivered"), "rejected_percent": mark("rejected percent"),
    "discarded_percent": mark("discarded percent"), "senders": mark("senders"),
    "sending_domains": mark("sending domains"), "recipients": mark("recipients"),
    "recipient_domains": mark("recipient domains"),
}
#: The refusals, by kind of line, and the total each adds to (all in the "rejected" column).
_REFUSALS = {"reject": "rejected", "reject_warning": "reject_warnings", "hold": "held",
             "discard": "discarded"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

_CLIENT_IPV4 = re.compile(r"^([^\[]*)\[((?:[0-9]{1,3}\.){3}[0-9]{1,3})\]")
_CLIENT_SLASH = re.compile(r"^([^/]*)/([0-9a-fA-F.:]+)")
_CLIENT_OTHER = re.compile(r"^([^\[(/]*)[\[(/]([^\])]+)[\])]:?[0-9]*$")
_SHORT_NAME = re.compile(r"^(.*)\.([^.]+)\.([^.]{3}|[^.]{2,3}\.[^.]{2})$")


def client_domain(client: str) -> str | None:
    """The domain a client is filed under: ``mail.example.com[192.0.2.1]`` ->
    ``example.com``, ``a.foo.co.uk[...]`` -> ``foo.co.uk``, ``unknown[192.0.2.1]`` -> the
    address; a name of another shape stays as written."""
    match = (_CLIENT_IPV4.match(client) or _CLIENT_SLASH.match(client)
             or _CLIENT_OTHER.match(client))
    if match is None:
        return None
    name, address = match.group(1), match.group(2)
    if name in ("", "unknown"):
        return address
    short = _SHORT_NAME.match(name)
    return f"{short.group(2)}.{short.group(3)}".lower() if short else name


def address_key(address: str) -> str:
    """An address as it is counted: lower case from the ``@`` on, the local part as written."""
    at = address.find("@")
    return address if at < 0 else address[:at] + address[at:].lower()


def address_domain(address: str) -> str:
    """The domain of an address: after its first ``@`` (when something stands before it),
    else the whole address (``root``)."""
    at = address.find("@")
    return address[at + 1:] if at > 0 else address


class Counts:
    """A count and a byte total per key (sender, recipient, domain), bounded in keys."""

    __slots__ = ("bytes", "count", "dropped")

    def __init__(self) -> None:
        self.count: dict[str, int] = {}
        self.bytes: dict[str, int] = {}
        #: keys not kept once KEY_LIMIT was reached (their counts are in no table)
        self.dropped = 0

    def add(self, key: str, count: int = 1, size: int = 0) -> None:
        if key not in self.count:
            if len(self.count) >= KEY_LIMIT:
                self.dropped += 1
                return
            self.count[key] = 0
            self.bytes[key] = 0
        self.count[key] += count
        self.bytes[key] += size

    def remove(self, key: str, size: int) -> None:
        """Take back one count and its bytes (a message counted by a part read apart, which
        the part before it had already counted)."""
        if key not in self.count:
            return
        self.count[key] -= 1
        self.bytes[key] -= size
        if self.count[key] <= 0:
            del self.count[key], self.bytes[key]

    def add_bytes(self, key: str, size: int) -> None:
        if key in self.bytes:
            self.bytes[key] += size

    def merge(self, other: Counts) -> None:
        for key, count in other.count.items():
            self.add(key, count, other.bytes[key])
        self.dropped += other.dropped

    def top(self, by: str, limit: int) -> list[dict[str, object]]:
        table = self.count if by == "count" else self.bytes
        ranked = sorted(table, key=lambda key: (-table[key], -self.bytes[key], key))[:limit]
        return [{"key": key, "count": self.count[key], "bytes": self.bytes[key]}
                for key in ranked]


class DomainDelivery:
    """Deliveries to one recipient domain, as pflogsumm's "Message Delivery" table."""

    __slots__ = ("bytes", "defers", "delay_max", "delay_sum", "sent")

    def __init__(self) -> None:
        self.sent = 0
        self.bytes = 0
        self.defers = 0
        self.delay_sum = 0.0
        self.delay_max = 0.0

    def merge(self, other: DomainDelivery) -> None:
        self.sent += other.sent
        self.bytes += other.bytes
        self.defers += other.defers
        self.delay_sum += other.delay_sum
        self.delay_max = max(self.delay_max, other.delay_max)

    def as_dict(self, domain: str) -> dict[str, object]:
        return {"domain": domain, "sent": self.sent, "bytes": self.bytes, "defers": self.defers,
                "delay_average": round(self.delay_sum / self.sent, 3) if self.sent else 0.0,
                "delay_max": self.delay_max}


class Traffic:
    """The counts of one part of a log (or of a whole one); parts add up with ``merge``."""

    def __init__(self) -> None:
        self.totals = dict.fromkeys((
            "received", "delivered", "forwarded", "deferred", "deferrals", "bounced",
            "rejected", "reject_warnings", "held", "discarded", "bytes_received",
            "bytes_delivered"), 0)
        #: per day: (year wraps before it, "MM-DD" or "YYYY-MM-DD") -> the five columns
        self.days: dict[tuple[int, str], list[int]] = {}
        #: per hour of the day: the five columns, summed over the days
        self.hours = [[0] * len(COLUMNS) for _ in range(24)]
        self.senders = Counts()
        self.sending_domains = Counts()
        self.recipients = Counts()
        self.delivery_domains: dict[str, DomainDelivery] = {}
        #: bounces by recipient domain (not a pflogsumm figure: for what needs attention)
        self.bounces = Counts()
        #: by queue id: a message's size, and where a received message came from
        self.sizes: dict[str, int] = {}
        self.origins: dict[str, str] = {}
        self.deferred_ids: set[str] = set()
        #: what this part could not settle alone, for the earlier part to answer at merge:
        #: deliveries whose size was not known here, sizes of messages whose origin was not
        self.unsized: list[tuple[str, str, str]] = []
        self.unclaimed: list[tuple[str, str, int]] = []
        #: the messages this part counted as new, for the earlier part to take back if it
        #: had seen their queue id first: (queue id, sender, domain, size)
        self.claimed: list[tuple[str, str, str, int]] = []
        #: year wraps (December, then January) seen in classic timestamps, and the first and
        #: last month read, to join parts read apart
        self.wraps = 0
        self.first_month = 0
        self.last_month = 0

    # -- reading ----------------------------------------------------------------------------

    def add(self, line: LogLine) -> None:
        kind = line.kind
        column = None
        if kind == "received":
            self._received(line)
            column = 0
        elif kind == "queued":
            self._queued(line)
        elif kind == "delivery":
            column = self._delivered(line)
        elif kind in _REFUSALS and line.source == "postfix":
            self.totals[_REFUSALS[kind]] += 1
            column = 4
        if column is not None:
            self._count_time(line, column)

    def _received(self, line: LogLine) -> None:
        self.totals["received"] += 1
        if line.queue_id and line.client:
            origin = "pickup" if line.client == "pickup" else client_domain(line.client)
            if origin:
                self._remember(self.origins, line.queue_id, origin)

    def _queued(self, line: LogLine) -> None:
        qid, size = line.queue_id or "", line.size or 0
        if self.sizes.get(qid):
            return  # qmgr writes the line again on each retry: counted once
        self._remember(self.sizes, qid, size)
        sender = address_key(line.sender or "") or "from=<>"
        origin = self.origins.pop(qid, None)
        if origin is None:
            if len(self.unclaimed) < QUEUE_LIMIT:
                self.unclaimed.append((qid, sender, size))
            return
        domain = self._count_sender(sender, origin, size)
        if len(self.claimed) < QUEUE_LIMIT:
            self.claimed.append((qid, sender, domain, size))

    def _count_sender(self, sender: str, origin: str, size: int) -> str:
        at = sender.find("@")
        domain = sender[at + 1:] if at > 0 else (sender if origin == "pickup" else origin)
        self.senders.add(sender, 1, size)
        self.sending_domains.add(domain, 1, size)
        self.totals["bytes_received"] += size
        return domain

    def _delivered(self, line: LogLine) -> int | None:
        status = line.status
        if line.source != "postfix" or status not in ("sent", "deferred", "bounced"):
            return None
        recipient = address_key(line.recipient or "")
        domain = address_domain(recipient)
        delay = line.delay or 0.0
        if status == "bounced":
            self.totals["bounced"] += 1
            self.bounces.add(domain)
            return 3
        table = self.delivery_domains.get(domain)
        if table is None:
            table = self.delivery_domains[domain] = DomainDelivery()
        table.delay_max = max(table.delay_max, delay)
        if status == "deferred":
            self.totals["deferrals"] += 1
            table.defers += 1
            qid = line.queue_id or ""
            if qid not in self.deferred_ids:
                self.deferred_ids.add(qid)
                self.totals["deferred"] += 1
            return 2
        if "forwarded as " in (line.reply or ""):
            self.totals["forwarded"] += 1
            return None
        self.totals["delivered"] += 1
        table.sent += 1
        table.delay_sum += delay
        size = self.sizes.get(line.queue_id or "", 0)
        self.recipients.add(recipient, 1, size)
        if size:
            self.totals["bytes_delivered"] += size
            table.bytes += size
        elif len(self.unsized) < QUEUE_LIMIT:
            self.unsized.append((line.queue_id or "", recipient, domain))
        return 1

    def _count_time(self, line: LogLine, column: int) -> None:
        stamp = line.timestamp
        if stamp[:1].isdigit():  # ISO 8601 or Exim: the date is written whole
            day, hour = stamp[:10], stamp[11:13]
        else:
            month = _MONTHS.index(stamp[:3]) + 1 if stamp[:3] in _MONTHS else 0
            parts = stamp[3:].split()
            day, hour = f"{month:02d}-{int(parts[0]):02d}", parts[1][:2]
            if month:
                if not self.first_month:
                    self.first_month = month
                elif month < self.last_month - 6:
                    self.wraps += 1  # December, then January: a new year
                self.last_month = month
        row = self.days.get((self.wraps, day))
        if row is None:
            row = self.days[(self.wraps, day)] = [0] * len(COLUMNS)
        row[column] += 1
        if hour.isdigit():
            self.hours[int(hour) % 24][column] += 1

    @staticmethod
    def _remember(table: dict[str, int] | dict[str, str], qid: str, value: object) -> None:
        if len(table) >= QUEUE_LIMIT:
            del table[next(iter(table))]  # the oldest queue id goes first
        table[qid] = value  # type: ignore[assignment]

    # -- combining ----------------------------------------------------------------------------

    def merge(self, other: Traffic) -> None:
        """Add the counts of the part of the log that follows this one's."""
        for name, value in other.totals.items():
            self.totals[name] += value
        # messages the later part counted as new, whose queue id this part had seen first:
        # one reading would have skipped them (as qmgr's repeated lines)
        for qid, sender, domain, size in other.claimed:
            if self.sizes.get(qid):
                other.senders.remove(sender, size)
                other.sending_domains.remove(domain, size)
                self.totals["bytes_received"] -= size
            elif len(self.claimed) < QUEUE_LIMIT:
                self.claimed.append((qid, sender, domain, size))
        # messages of the later part whose size or origin this part knows
        for qid, sender, size in other.unclaimed:
            origin = self.origins.pop(qid, None)
            if origin is not None and not self.sizes.get(qid):
                self._count_sender(sender, origin, size)
            elif len(self.unclaimed) < QUEUE_LIMIT and qid not in self.sizes:
                self.unclaimed.append((qid, sender, size))
        for qid, recipient, domain in other.unsized:
            size = self.sizes.get(qid, 0)
            if size:
                self.totals["bytes_delivered"] += size
                other.recipients.add_bytes(recipient, size)
                if domain in other.delivery_domains:
                    other.delivery_domains[domain].bytes += size
            elif len(self.unsized) < QUEUE_LIMIT:
                self.unsized.append((qid, recipient, domain))
        repeated = len(other.deferred_ids & self.deferred_ids)
        self.totals["deferred"] -= repeated
        self.deferred_ids |= other.deferred_ids
        offset = self.wraps + (1 if other.first_month and self.last_month
                               and other.first_month < self.last_month - 6 else 0)
        for (wraps, day), row in other.days.items():
            mine = self.days.setdefault((wraps + offset, day), [0] * len(COLUMNS))
            for index, count in enumerate(row):
                mine[index] += count
        for hour in range(24):
            for index in range(len(COLUMNS)):
                self.hours[hour][index] += other.hours[hour][index]
        self.senders.merge(other.senders)
        self.sending_domains.merge(other.sending_domains)
        self.recipients.merge(other.recipients)
        self.bounces.merge(other.bounces)
        for domain, table in other.delivery_domains.items():
            if domain in self.delivery_domains:
                self.delivery_domains[domain].merge(table)
            else:
                self.delivery_domains[domain] = table
        for qid, size in other.sizes.items():
            self._remember(self.sizes, qid, size)
        for qid, origin in other.origins.items():
            self._remember(self.origins, qid, origin)
        if other.first_month:
            self.first_month = self.first_month or other.first_month
            self.wraps = offset + other.wraps
            self.last_month = other.last_month

    # -- output -----------------------------------------------------------------------------

    def percent(self, name: str) -> int:
        """A share as pflogsumm prints it: out of delivered + rejected + discarded, truncated."""
        total = self.totals["delivered"] + self.totals["rejected"] + self.totals["discarded"]
        return int(self.totals[name] / total * 100) if total else 0

    def dated_days(self, year: int) -> list[tuple[str, list[int]]]:
        """The days in order, "YYYY-MM-DD"; ``year`` is that of the last classic timestamp."""
        dated = []
        for (wraps, day), row in self.days.items():
            if len(day) == 5:  # "MM-DD" from a classic timestamp: the year is inferred
                day = f"{year - (self.wraps - wraps):04d}-{day}"
            dated.append((day, row))
        return sorted(dated)

    def as_dict(self, year: int, top: int = 10) -> dict[str, object]:
        days = self.dated_days(year)
        totals: dict[str, object] = dict(self.totals)
        totals["rejected_percent"] = self.percent("rejected")
        totals["discarded_percent"] = self.percent("discarded")
        totals["senders"] = len(self.senders.count) + self.senders.dropped
        totals["sending_domains"] = len(self.sending_domains.count)
        totals["recipients"] = len(self.recipients.count) + self.recipients.dropped
        totals["recipient_domains"] = sum(
            1 for table in self.delivery_domains.values() if table.sent)
        domains = sorted(self.delivery_domains.items(),
                         key=lambda item: (-item[1].sent, -item[1].bytes, item[0]))
        return {
            "totals": totals,
            "by_day": [dict(zip(("date", *COLUMNS), (day, *row), strict=True))
                       for day, row in days],
            "by_hour": [dict(zip(("hour", *COLUMNS), (hour, *row), strict=True))
                        for hour, row in enumerate(self.hours)],
            "days": len(days),
            "delivery_domains": [table.as_dict(domain) for domain, table in domains[:top]],
            "sending_domains": self.sending_domains.top("count", top),
            "senders_by_count": self.senders.top("count", top),
            "senders_by_size": self.senders.top("bytes", top),
            "recipients_by_count": self.recipients.top("count", top),
            "recipients_by_size": self.recipients.top("bytes", top),
            "unsized_deliveries": len(self.unsized),
        }
