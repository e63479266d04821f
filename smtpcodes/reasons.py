"""Reasons: why a delivery failed, read from a reply's words and codes together.

The answer is one name of Sisimai's vocabulary (``userunknown``, ``mailboxfull``,
``blocked`` ...), with the evidence that decided it. The rules, most trusted first:

1. a rule from the user's own file that matches the words;
2. the vendor's own entry for the reply (Gmail's 421 4.7.28, Yahoo's ``[TSS04]``);
3. the words, when the best matching rule (the highest priority, then the first in the
   data) is marked ``over_code``: it decides even against the code;
4. an enhanced code that means one reason alone (5.1.1, 5.2.2, 5.7.26);
5. the words: the best matching rule.

Generic codes (5.7.1, 4.7.0, X.0.0, a bare 550) never decide on their own: the words do.
A text with no code at all still gets a reason from its words. The reading itself is
:mod:`smtpcodes.reading`; this module holds what a reason is and what a code alone means.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode, StatusClass
from .errors import quote
from .parse import reply_or_none
from .reply import Reply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable, Iterable
    from os import PathLike

    from .reading import Knowledge, Reading
    from .records import ReasonEntry, VendorEntry
    from .rules import RuleSet


class Evidence:
    """Which rule decided a reason, where its wording was seen, and the words it matched."""

    __slots__ = ("checked", "id", "rule", "sources", "words")

    def __init__(
        self, rule: str, id: str, words: str = "", sources: tuple[str, ...] = (),
        checked: str = "",
    ) -> None:
        #: "pattern", "user-pattern", "vendor" or "code"
        self.rule = rule
        #: the pattern's id, the vendor entry's id, or the code
        self.id = id
        #: the words of the (normalised) text that matched
        self.words = words
        self.sources = sources
        self.checked = checked

    def __str__(self) -> str:
        return self.described("en")

    def described(self, lang: str) -> str:
        """What decided, in words: "the code X.1.1", "'mailbox full' by pattern ... (seen in
        ...)"."""
        from .lang import word

        if self.rule == "code":
            return word("the code {code}", lang, code=self.id)
        where = word(" (seen in {source})", lang, source=self.sources[0]) if self.sources else ""
        words = f"'{self.words}' " if self.words else ""
        return words + word("by {rule} {id}", lang, rule=self.rule, id=self.id) + where

    def as_dict(self) -> dict[str, object]:
        return {"rule": self.rule, "id": self.id, "words": self.words or None,
                "sources": list(self.sources), "checked": self.checked or None}


class Reason:
    """Why a delivery failed: the reason's entry, what to do next, and what decided it."""

    __slots__ = ("entry", "evidence", "remedy", "remedy_detail", "scope", "transient")

    def __init__(
        self, entry: ReasonEntry, evidence: Evidence, *, transient: bool = False,
        remedy: str = "", remedy_detail: str = "", scope: str = "",
    ) -> None:
        self.entry = entry
        self.evidence = evidence
        self.transient = transient
        default = entry.remedy_transient if transient and entry.remedy_transient else entry.remedy
        #: what must change before the mail can go through (data/README.md vocabulary)
        self.remedy = remedy or default
        self.remedy_detail = remedy_detail if remedy else (
            entry.remedy_detail if self.remedy == entry.remedy else "")
        #: what the failure applies to: recipient, message, sending_ip ...
        self.scope = scope or entry.scope

    @property
    def name(self) -> str:
        return self.entry.name

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def summary(self) -> str:
        return self.entry.summary

    @property
    def hard_bounce(self) -> bool:
        """True when the address itself is bad: do not mail it again (never for a 4xx)."""
        return self.entry.hard_bounce and not self.transient

    def advice(self, side: str = "sender") -> str:
        """What to do, for the sender (default) or for the refusing server's administrator."""
        return self.entry.receiver if side == "receiver" else self.entry.sender

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name, "title": self.title, "summary": self.summary,
            "hard_bounce": self.hard_bounce, "remedy": self.remedy,
            "remedy_detail": self.remedy_detail or None, "scope": self.scope,
            "evidence": self.evidence.as_dict(),
        }

    def __repr__(self) -> str:
        return f"<Reason {self.name} by {self.evidence.rule} {self.evidence.id}>"


def code_table(entries: Iterable[ReasonEntry]) -> dict[str, ReasonEntry]:
    """The reasons filed by the codes that decide them alone ("X.1.1", "5.2.2", "2XX")."""
    return {code: entry for entry in entries for code in entry.codes}


def name_table(entries: Iterable[ReasonEntry]) -> dict[str, ReasonEntry]:
    """The reasons filed by their names and older spellings ("mesgtoobig")."""
    return {name: entry for entry in entries for name in (entry.name, *entry.aliases)}


def lookup_code(
    table: dict[str, ReasonEntry], basic: ReplyCode | None, enhanced: EnhancedCode | None,
) -> tuple[str, ReasonEntry] | None:
    """The code key and reason a reply's codes mean alone, most specific key first: the
    enhanced code, its registry key, its class; then the reply code's class."""
    if enhanced is not None:
        for key in (str(enhanced), enhanced.registry_key, _CLASS_KEYS[enhanced.class_digit]):
            entry = table.get(key)
            if entry is not None:
                return key, entry
    if basic is not None:
        key = _BASIC_CLASS_KEYS[basic // 100]
        entry = table.get(key)
        # A number outside the reply-code grammar ("277" counting log lines) says nothing
        # alone: the words decide.
        if entry is not None and basic.is_standard:
            return key, entry
    return None


#: the keys of a whole class, by its digit
_CLASS_KEYS = {2: "2.XXX.YYY", 4: "4.XXX.YYY", 5: "5.XXX.YYY"}
_BASIC_CLASS_KEYS = {2: "2XX", 3: "3XX", 4: "4XX", 5: "5XX"}


# --- the shipped data, loaded when first needed --------------------------------------------

_shipped: dict[str, Knowledge] = {}
#: the reasons by name and by code, made on first use
_tables: dict[str, dict[str, ReasonEntry]] = {}


def reason_entries() -> tuple[ReasonEntry, ...]:
    """Every reason of the vocabulary, in the data's order (cheap: no word rules loaded)."""
    from . import _reasons_data

    return _reasons_data.REASONS


def _names() -> dict[str, ReasonEntry]:
    if "names" not in _tables:
        _tables["names"] = name_table(reason_entries())
    return _tables["names"]


def _shipped_codes() -> dict[str, ReasonEntry]:
    if "codes" not in _tables:
        _tables["codes"] = code_table(reason_entries())
    return _tables["codes"]


def reason_entry(name: str) -> ReasonEntry | None:
    """The entry of a reason name (``"userunknown"``; older spellings too), or None."""
    return _names().get(name)


def vendor_entries() -> tuple[VendorEntry, ...]:
    """Every vendor of the data, in the data's order."""
    from . import _vendors_data

    return _vendors_data.VENDORS


def shipped() -> Knowledge:
    """The knowledge shipped with the package (word rules and vendors load on first use)."""
    if "knowledge" not in _shipped:
        from . import _patterns_data
        from .reading import Knowledge
        from .rules import RuleSet
        from .vendors import VendorBook

        _shipped["knowledge"] = Knowledge(
            reason_entries(), RuleSet(_patterns_data.PATTERNS), VendorBook(vendor_entries()),
        )
    return _shipped["knowledge"]


def code_reason(basic: ReplyCode | None, enhanced: EnhancedCode | None) -> Reason | None:
    """The reason a code means alone, without reading any words (``explain("5.1.1")``)."""
    found = lookup_code(_shipped_codes(), basic, enhanced)
    if found is None:
        return None
    key, entry = found
    transient = _status_class(basic, enhanced) is StatusClass.TRANSIENT
    return Reason(entry, Evidence("code", key), transient=transient)


def _status_class(basic: ReplyCode | None, enhanced: EnhancedCode | None) -> StatusClass | None:
    if basic is not None:
        return basic.status_class
    return enhanced.status_class if enhanced is not None else None


def text_and_reply(value: Reply | str | bytes) -> tuple[str, Reply | None]:
    if isinstance(value, Reply):
        return value.text, value
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        raise TypeError(
            f"{quote(repr(value))} cannot be read: expected a reply text (str or bytes) or a Reply"
        )
    # no code, or a malformed one: the words alone are read
    return value, reply_or_none(value)


def reason(
    value: Reply | str | bytes, *, rules: RuleSet | None = None,
) -> Reason | None:
    """Why a delivery failed, from a reply, a log line, a bounce text or a Reply; None when
    neither its words nor its codes say. ``rules`` are the user's own, tried first."""
    text, reply = text_and_reply(value)
    return _reader()(text, reply, user_rules=rules).reason


def _reader() -> Callable[..., Reading]:
    """``reading.read``, imported by the first text read rather than with this module
    (explaining a bare code must not load it, nor ``re``) and kept, so that reading a text
    does not go through an import statement each time."""
    if not _read:
        from .reading import read

        _read.append(read)
    return _read[0]


#: what _reader gives, once imported
_read: list[Callable[..., Reading]] = []


def load_rules(path: str | PathLike[str]) -> RuleSet:
    """Read a user's rules file (the ``[[pattern]]`` format of data/README.md)."""
    from .rules import RuleSet
    from .userrules import read_rules_file

    return RuleSet(read_rules_file(path, _names()))
