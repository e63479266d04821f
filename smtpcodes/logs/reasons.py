"""Why the deliveries and rejections of a log failed: the reason engine, read once per wording.

A log repeats the same refusal many times with a different address, queue id or number in
it. Each line is read by :func:`smtpcodes.reading.read`, the same path as ``explain``, but a
wording already read (the reply with what varies masked, its codes, and the provider
delivered to) is answered from a cache, so a scan reads each wording once.
"""

from __future__ import annotations

from ..errors import SMTPCodeError
from .summary import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..reading import Knowledge
    from .formats import LogLine

#: Wordings kept in the cache; when it is full it starts again (a log's wordings repeat).
CACHE_SIZE = 50_000
#: Characters of a reply that make its cache key (the rest rarely changes the reason).
KEY_WIDTH = 2_000


class Found:
    """A line's reason (None when neither words nor codes say), remedy and provider."""

    __slots__ = ("reason", "remedy", "vendor")

    def __init__(self, reason: str | None, remedy: str | None, vendor: str | None) -> None:
        self.reason = reason
        self.remedy = remedy
        self.vendor = vendor


class LineReader:
    """Reads the reason of log lines, once per wording."""

    __slots__ = ("_cache", "_expired", "_knowledge", "_relay_vendors", "readings")

    def __init__(self, knowledge: Knowledge | None = None) -> None:
        from ..reasons import shipped

        self._knowledge = knowledge or shipped()
        self._cache: dict[tuple[str | None, int | None, str | None, str], Found] = {}
        self._relay_vendors: dict[str, str | None] = {}
        #: wordings read in full (the other lines were answered from the cache)
        self.readings = 0
        entry = self._knowledge.entry("expired")
        self._expired = Found("expired", entry.remedy if entry else None, None)

    def read(self, line: LogLine) -> Found:
        """The reason of a delivery's or a rejection's reply. A message the server gave up
        on for its age (``status=expired``) expired, whatever its last error said."""
        if line.status == "expired":
            return self._expired
        text = line.reply or ""
        vendor = self._relay_vendor(line.relay) if line.relay else None
        key = (vendor, line.basic, line.enhanced, normalize(text, KEY_WIDTH))
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) >= CACHE_SIZE:
                self._cache.clear()
            found = self._cache[key] = self._read(text, line, vendor)
            self.readings += 1
        return found

    def _read(self, text: str, line: LogLine, vendor: str | None) -> Found:
        from ..parse import parse
        from ..reading import read

        try:
            reply = parse(text) if line.basic is not None or line.enhanced is not None else None
        except SMTPCodeError:
            reply = None
        reading = read(text, reply, knowledge=self._knowledge, vendor=vendor)
        reason = reading.reason
        return Found(
            reason.name if reason is not None else None,
            reason.remedy if reason is not None else None,
            reading.vendor.id if reading.vendor is not None else vendor,
        )

    def _relay_vendor(self, relay: str) -> str | None:
        """The provider whose servers a delivery went to (``mx.google.com[...]``), if known."""
        host = relay.split("[", 1)[0].lower()
        if host not in self._relay_vendors:
            from ..rules import Context
            from ..wording import normalize as normalize_words

            words = normalize_words(host)
            signs = self._knowledge.screen(words)[1]
            found = self._knowledge.vendors.recognise(words, Context(), True, signs)
            if len(self._relay_vendors) >= CACHE_SIZE:
                self._relay_vendors.clear()
            self._relay_vendors[host] = found.id if found is not None else None
        return self._relay_vendors[host]


_shared: list[LineReader] = []


def shared_reader() -> LineReader:
    """The reader of this process (each scanning process keeps its own cache)."""
    if not _shared:
        _shared.append(LineReader())
    return _shared[0]
