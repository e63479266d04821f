"""A server's reply to EHLO, read keyword by keyword, and what in it deserves attention.

Each line after the first names an extension the server offers (``SIZE 10240000``,
``AUTH PLAIN LOGIN``, ``STARTTLS``), explained from ``data/ehlo.toml``; its parameters are
read (a size limit in bytes, the authentication mechanisms, the LIMITS pairs). The findings
say what an administrator looks at: passwords offered in clear, VRFY or EXPN open, no
STARTTLS where mail arrives, enhanced status codes that can be trusted.
"""

from __future__ import annotations

from ..lang import Placed, in_language, say, text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..records import KeywordEntry

#: Mechanisms that send the password itself (readable without TLS).
CLEAR_MECHANISMS = frozenset(("PLAIN", "LOGIN"))
_SEVERITIES = ("high", "medium", "info")


class Offer:
    """One extension of an EHLO reply: its keyword, its parameters and what they mean."""

    __slots__ = ("entry", "keyword", "line", "parameters", "reading")

    def __init__(self, line: str, keyword: str, parameters: tuple[str, ...],
                 entry: KeywordEntry | None) -> None:
        self.line = line
        self.keyword = keyword
        self.parameters = parameters
        #: the data's entry; None for a keyword the data does not know
        self.entry = entry
        #: the parameters in words ("at most 10,240,000 bytes (9.8 MiB)"), "" when none
        self.reading = _read_parameters(entry.parameters if entry else "text", parameters)

    def summary(self, lang: str = "en") -> str | None:
        """What the keyword means, in ``lang`` (None for a keyword the data do not know)."""
        entry = self.entry
        return text(f"ehlo/{entry.keyword}/summary", entry.summary, lang) if entry else None

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        entry = self.entry
        return {
            "keyword": self.keyword, "parameters": list(self.parameters),
            "reading": in_language(self.reading, lang) or None, "known": entry is not None,
            "registered": entry.registered if entry else False,
            "status": entry.status if entry else None,
            "summary": self.summary(lang),
            "rfcs": list(entry.rfcs) if entry else [],
        }


class Finding:
    """Something in an EHLO reply that deserves a look: how much, and what."""

    __slots__ = ("message", "severity")

    def __init__(self, severity: str, message: str) -> None:
        #: "high", "medium" or "info"
        self.severity = severity
        self.message = message

    def as_dict(self, lang: str = "en") -> dict[str, str]:
        return {"severity": self.severity, "message": in_language(self.message, lang)}


class EhloReading:
    """What an EHLO reply says: the name the server gave, its offers, the findings."""

    __slots__ = ("findings", "name", "offers")

    def __init__(self, name: str, offers: list[Offer], findings: list[Finding]) -> None:
        self.name = name
        self.offers = offers
        self.findings = findings

    def offer(self, keyword: str) -> Offer | None:
        return next((offer for offer in self.offers if offer.keyword == keyword), None)

    @property
    def size_limit(self) -> int | None:
        """The largest message accepted, in bytes (None when not stated or 0)."""
        offer = self.offer("SIZE")
        if offer and offer.parameters and offer.parameters[0].isdigit():
            return int(offer.parameters[0]) or None
        return None

    @property
    def mechanisms(self) -> tuple[str, ...]:
        """The SASL mechanisms offered (AUTH, and the old AUTH= form)."""
        found: list[str] = []
        for keyword in ("AUTH", "AUTH="):
            offer = self.offer(keyword)
            if offer is not None:
                found += [word.upper() for word in offer.parameters if word.upper() not in found]
        return tuple(found)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """The reading as JSON, its sentences in ``lang``."""
        return {"name": self.name, "offers": [offer.as_dict(lang) for offer in self.offers],
                "size_limit": self.size_limit, "mechanisms": list(self.mechanisms),
                "findings": [finding.as_dict(lang) for finding in self.findings],
                "lang": lang}


def _entries() -> dict[str, KeywordEntry]:
    from .._ehlo_data import KEYWORDS

    return {entry.keyword: entry for entry in KEYWORDS}


def keyword_entries() -> tuple[KeywordEntry, ...]:
    """Every keyword of the data, registered first, in the data's order."""
    from .._ehlo_data import KEYWORDS

    return KEYWORDS


def _reply_lines(text: str) -> list[str]:
    """The lines of a reply without their ``250-``/``250 `` prefix (a pasted list without
    prefixes is taken as it is)."""
    text = text.replace("\r\n", "\n").strip()
    code = text[:3]
    if "\n" not in text and code.isdigit():
        # a reply joined on one line (by a log, or as words): "250-mx 250-SIZE 1000 250 VRFY"
        text = text.replace(f" {code}-", f"\n{code}-").replace(f" {code} ", f"\n{code} ")
    lines = []
    for raw in text.split("\n"):
        line = raw.strip()
        if not line:
            continue
        if len(line) >= 4 and line[:3].isdigit() and line[3] in " -":
            line = line[4:].strip()
        elif line[:3].isdigit() and len(line) == 3:
            line = ""
        lines.append(line)
    return lines


def read_ehlo(text: str, tls: bool | None = None, port: int | None = None) -> EhloReading:
    """Read an EHLO reply (``250-name`` then one ``250-KEYWORD params`` a line).

    ``tls`` says whether the connection was already encrypted, ``port`` which port it was;
    None where unknown (a pasted reply): the findings then say what they depend on.
    """
    lines = _reply_lines(text)
    if not lines:
        from ..errors import SMTPCodeError

        raise SMTPCodeError(f"{text[:60]!r} holds no EHLO reply: expected lines like"
                            " '250-mail.example.com' then '250-SIZE 10240000'")
    entries = _entries()
    name = lines[0]
    offers = []
    for line in lines[1:]:
        if not line:
            continue
        word, _, rest = line.partition(" ")
        keyword = word.upper()
        parameters = tuple(rest.split())
        if keyword.startswith("AUTH="):  # the old form: AUTH=LOGIN PLAIN
            parameters = (keyword[5:], *parameters) if keyword[5:] else parameters
            keyword = "AUTH="
        offers.append(Offer(line, keyword, parameters, entries.get(keyword)))
    reading = EhloReading(name, offers, [])
    reading.findings = _findings(reading, tls, port)
    return reading


def _read_parameters(kind: str, parameters: tuple[str, ...]) -> str:
    if not parameters:
        return say("no limit stated") if kind == "size" else ""
    if kind == "size":
        if not parameters[0].isdigit():
            return say("unreadable size {size!r}", size=parameters[0])
        size = int(parameters[0])
        if size == 0:
            return say("no limit stated")
        return say("messages up to {size:,} bytes ({mib:.1f} MiB)", size=size,
                   mib=size / 1048576)
    if kind == "mechanisms":
        return say("mechanisms: {names}", names=", ".join(name.upper() for name in parameters))
    if kind == "limits":
        pairs = [part.partition("=") for part in parameters]
        return "; ".join(f"{name} = {value}" if value else name for name, _, value in pairs)
    if kind == "time":
        return (say("deliver within {seconds:,} seconds at the least",
                    seconds=int(parameters[0]))
                if parameters[0].lstrip("-").isdigit() else " ".join(parameters))
    return " ".join(parameters)


def _findings(reading: EhloReading, tls: bool | None, port: int | None) -> list[Finding]:
    found: list[Finding] = []
    starttls = reading.offer("STARTTLS") is not None
    mechanisms = reading.mechanisms
    clear = [name for name in mechanisms if name in CLEAR_MECHANISMS]
    if clear and tls is False:
        if starttls:
            message = say("AUTH ({mechanisms}) is offered on a connection without TLS: a client"
                          " that logs in now sends its password readable by anyone on the path;"
                          " offer it only after STARTTLS (Postfix smtpd_tls_auth_only = yes)",
                          mechanisms=", ".join(clear))
        else:
            message = say("AUTH ({mechanisms}) is offered on a connection without TLS: a client"
                          " that logs in now sends its password readable by anyone on the path;"
                          " this server offers no STARTTLS at all", mechanisms=", ".join(clear))
        found.append(Finding("high", message))
    elif clear and tls is None:
        found.append(Finding("info", say(
            "AUTH ({mechanisms}) is offered: fine after STARTTLS, a risk if this reply came"
            " before it on a connection without TLS", mechanisms=", ".join(clear))))
    for command in ("VRFY", "EXPN"):
        if reading.offer(command) is not None:
            found.append(Finding("medium", say(
                "{command} is offered: anyone may ask which addresses exist (Postfix"
                " disable_vrfy_command = yes turns VRFY off)", command=command)))
    if not starttls and tls is not True and port in (25, 587, None):
        if port is not None:
            message = say("no STARTTLS on port {port}: mail to and from this server crosses"
                          " the network in clear", port=port)
        else:
            message = say("no STARTTLS in this reply: mail to and from this server crosses the"
                          " network in clear")
        found.append(Finding("medium" if port is not None else "info", message))
    if reading.offer("ENHANCEDSTATUSCODES") is not None:
        found.append(Finding("info", say(
            "ENHANCEDSTATUSCODES: its replies carry enhanced status codes (5.1.1), which say"
            " more than the reply code and can be relied on")))
    for offer in reading.offers:
        entry = offer.entry
        if entry is None:
            found.append(Finding("info", say(
                "{keyword}: a keyword no registry lists and these data do not know",
                keyword=offer.keyword)))
        elif entry.watch and offer.keyword not in ("VRFY", "EXPN", "AUTH", "AUTH="):
            watch = Placed(f"ehlo/{entry.keyword}/watch", entry.watch)
            found.append(Finding("info", say("{keyword}: {watch}", keyword=offer.keyword,
                                             watch=watch)))
    return sorted(found, key=lambda finding: _SEVERITIES.index(finding.severity))
