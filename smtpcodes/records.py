"""The typed records of the reason and vendor data (generated from data/ into ``_reasons_data``
and ``_vendors_data``); plain classes with slots, so that importing them costs nothing."""

from __future__ import annotations

from .lang import text

TYPE_CHECKING = False

if TYPE_CHECKING:
    from .rules import Pattern


class ReasonEntry:
    """Why a delivery failed, as one name of Sisimai's vocabulary, with advice for both sides."""

    __slots__ = (
        "aliases", "checked", "codes", "elsewhere", "hard_bounce", "meaning", "name", "receiver",
        "remedy", "remedy_detail", "remedy_transient", "scope", "sender", "sources", "summary",
        "title", "who",
    )

    def __init__(
        self, *, name: str, aliases: tuple[str, ...], title: str, summary: str, meaning: str,
        sender: str, receiver: str, who: tuple[str, ...], hard_bounce: bool, remedy: str,
        remedy_detail: str, remedy_transient: str, scope: str, codes: tuple[str, ...],
        elsewhere: tuple[tuple[str, str], ...], sources: tuple[str, ...], checked: str,
    ) -> None:
        self.name = name
        #: older spellings of the name (Sisimai 4's ``mesgtoobig`` for ``emailtoolarge``)
        self.aliases = aliases
        self.title = title
        self.summary = summary
        self.meaning = meaning
        #: what the sender whose mail was refused should do
        self.sender = sender
        #: what the administrator of the server that refused it should know and do
        self.receiver = receiver
        self.who = who
        #: True when the address itself is bad and should not be mailed again
        self.hard_bounce = hard_bounce
        self.remedy = remedy
        self.remedy_detail = remedy_detail
        #: the remedy for a temporary failure, where it differs ("" = same as remedy)
        self.remedy_transient = remedy_transient
        self.scope = scope
        #: enhanced codes that decide this reason alone: "X.1.1", "5.2.2", "2.XXX.YYY"
        self.codes = codes
        #: its names in other vocabularies: (("kumomta", "InvalidRecipient"), ("ses", ...))
        self.elsewhere = elsewhere
        self.sources = sources
        self.checked = checked

    def in_language(self, field: str, lang: str) -> str:
        """One of its prose fields (``title``, ``summary``, ``meaning``, ``sender``,
        ``receiver``) in ``lang``."""
        return text(f"reason/{self.name}/{field}", getattr(self, field), lang)

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "kind": "reason", "aliases": list(self.aliases),
            "title": self.title, "summary": self.summary, "meaning": self.meaning,
            "sender": self.sender, "receiver": self.receiver, "who": list(self.who),
            "hard_bounce": self.hard_bounce, "remedy": self.remedy,
            "remedy_detail": self.remedy_detail or None,
            "remedy_transient": self.remedy_transient or None, "scope": self.scope,
            "codes": list(self.codes), "elsewhere": dict(self.elsewhere),
            "sources": list(self.sources), "checked": self.checked,
        }

    def __repr__(self) -> str:
        return f"<ReasonEntry {self.name}>"


class VocabularyEntry:
    """One value of the remedy, remedy-detail or scope vocabulary, with its wording."""

    __slots__ = ("description", "kind", "name", "receiver", "sender", "title")

    def __init__(
        self, *, kind: str, name: str, title: str, description: str, sender: str, receiver: str,
    ) -> None:
        #: "remedy", "remedy_detail" or "scope"
        self.kind = kind
        self.name = name
        self.title = title
        self.description = description
        self.sender = sender
        self.receiver = receiver

    def as_dict(self) -> dict[str, object]:
        return {"kind": self.kind, "name": self.name, "title": self.title,
                "description": self.description, "sender": self.sender,
                "receiver": self.receiver}


class RetryAdvice:
    """Published advice on how long to wait and when to give up, with its source."""

    __slots__ = ("checked", "id", "source", "text")

    def __init__(self, *, id: str, text: str, source: str, checked: str) -> None:
        self.id = id
        self.text = text
        self.source = source
        self.checked = checked

    def as_dict(self) -> dict[str, object]:
        return {"id": self.id, "text": self.text, "source": self.source,
                "checked": self.checked}


class VendorCode:
    """One reply a vendor documents: its codes or token, and what it means at that vendor."""

    __slots__ = (
        "action", "basic", "enhanced", "enhanced_last", "examples", "id", "meaning", "phrase",
        "place", "reason", "remedy", "remedy_detail", "scope", "token", "url",
    )

    def __init__(
        self, *, id: str, basic: int | None, enhanced: str, token: str, phrase: Pattern | None,
        enhanced_last: str = "",
        meaning: str, action: str, reason: str, remedy: str, remedy_detail: str, scope: str,
        url: str, examples: tuple[str, ...], place: str = "",
    ) -> None:
        #: "<vendor>:<n>", its place in the vendor's file
        self.id = id
        #: where the translations file its words: "vendor/google/452 4.2.2 out of storage space"
        self.place = place
        self.basic = basic
        self.enhanced = enhanced
        #: the last code of a range that ``enhanced`` opens (Microsoft's 5.7.606 to 5.7.649)
        self.enhanced_last = enhanced_last
        #: a regular expression for the vendor's token ("" = none)
        self.token = token
        #: words that tell this meaning apart from another of the same code
        self.phrase = phrase
        self.meaning = meaning
        self.action = action
        self.reason = reason
        self.remedy = remedy
        self.remedy_detail = remedy_detail
        self.scope = scope
        self.url = url
        self.examples = examples

    def covers(self, enhanced: str) -> bool:
        """True when an enhanced code is this entry's, or falls in its range."""
        if enhanced == self.enhanced:
            return True
        if not self.enhanced_last:
            return False
        stem, _, detail = enhanced.rpartition(".")
        first_stem, _, first = self.enhanced.rpartition(".")
        return stem == first_stem and int(first) <= int(detail) <= int(
            self.enhanced_last.rpartition(".")[2])

    @property
    def label(self) -> str:
        """The code or token as people quote it: "421 4.7.28", "TSS04"."""
        enhanced = (f"{self.enhanced}-{self.enhanced_last.rpartition('.')[2]}"
                    if self.enhanced_last else self.enhanced)
        parts = [str(self.basic) if self.basic else "", enhanced, self.token_label]
        return " ".join(part for part in parts if part)

    @property
    def token_label(self) -> str:
        return self.token.replace("\\b", "").replace("\\", "") if self.token else ""

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "basic": self.basic, "enhanced": self.enhanced or None,
            "token": self.token_label or None, "meaning": self.meaning, "action": self.action,
            "reason": self.reason or None, "remedy": self.remedy or None, "url": self.url,
        }


class VendorEntry:
    """A mail provider: how to recognise it in a reply, and the codes it documents."""

    __slots__ = (
        "checked", "codes", "hosts", "id", "name", "products", "retry", "retry_source",
        "sources", "tokens", "url",
    )

    def __init__(
        self, *, id: str, name: str, products: tuple[str, ...], url: str, checked: str,
        sources: tuple[str, ...], hosts: tuple[str, ...], tokens: tuple[str, ...], retry: str,
        retry_source: str, codes: tuple[VendorCode, ...],
    ) -> None:
        self.id = id
        self.name = name
        self.products = products
        self.url = url
        self.checked = checked
        self.sources = sources
        #: normalised words that name the vendor's servers ("gsmtp", "protection.outlook.com")
        self.hosts = hosts
        #: regular expressions for the vendor's own tokens, on normalised text
        self.tokens = tokens
        self.retry = retry
        self.retry_source = retry_source
        self.codes = codes

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "kind": "vendor", "name": self.name, "products": list(self.products),
            "url": self.url, "checked": self.checked, "sources": list(self.sources),
            "hosts": list(self.hosts), "retry": self.retry or None,
            "retry_source": self.retry_source or None,
            "codes": [code.as_dict() for code in self.codes],
        }

    def __repr__(self) -> str:
        return f"<VendorEntry {self.id}>"


class KeywordEntry:
    """An EHLO keyword: what a server offers when it lists it (data/ehlo.toml)."""

    __slots__ = (
        "explanation", "is_command", "keyword", "parameters", "registered", "rfcs", "sources",
        "status", "summary", "title", "vendor", "watch",
    )

    def __init__(
        self, *, keyword: str, registered: bool, status: str, rfcs: tuple[str, ...],
        title: str, summary: str, explanation: str, parameters: str, is_command: bool,
        vendor: str, sources: tuple[str, ...], watch: str,
    ) -> None:
        #: as servers print it, upper case ("SIZE", "AUTH=" for the old AUTH=LOGIN form)
        self.keyword = keyword
        #: True when IANA's SMTP Service Extensions registry lists it
        self.registered = registered
        #: "current", "historic" or "unregistered"
        self.status = status
        self.rfcs = rfcs
        self.title = title
        self.summary = summary
        self.explanation = explanation
        #: how its parameters read: none, size, mechanisms, limits, time, priorities, text
        self.parameters = parameters
        self.is_command = is_command
        #: who prints an unregistered keyword ("Postfix", "Microsoft Exchange")
        self.vendor = vendor
        self.sources = sources
        #: when seeing it deserves attention ("" when never)
        self.watch = watch

    def as_dict(self) -> dict[str, object]:
        return {slot: (list(value) if isinstance(value := getattr(self, slot), tuple)
                       else value) for slot in self.__slots__}

    def __repr__(self) -> str:
        return f"<KeywordEntry {self.keyword}>"
