"""The data entries: the record types of the registered codes, and the keys they are filed by.

The records themselves live in the generated module ``_data``; :mod:`smtpcodes.registry`
finds them.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode
from .errors import MalformedCodeError, quote
from .lang import mark

#: Who usually has to act on a code (data/README.md explains each).
WHO_LABELS = {
    "nobody": mark("nobody: nothing needs doing"),
    "sender": mark("the sender of the message"),
    "sending_admin": mark("the administrator of the sending mail system"),
    "recipient": mark("the recipient or their mailbox provider"),
    "receiving_admin": mark("the administrator of the receiving mail system"),
}


class BasicEntry:
    """A three-digit reply code as the RFCs define it, with our explanation."""

    __slots__ = (
        "action",
        "code",
        "commands",
        "explanation",
        "positions",
        "registry_note",
        "rfcs",
        "summary",
        "title",
        "who",
    )
    kind = "basic"

    def __init__(
        self, *, code: str, title: str, rfcs: tuple[str, ...], commands: tuple[str, ...],
        registry_note: str, positions: tuple[str, ...], summary: str, explanation: str,
        action: str, who: tuple[str, ...],
    ) -> None:
        self.code = code
        self.title = title
        self.rfcs = rfcs
        self.commands = commands
        self.registry_note = registry_note
        self.positions = positions
        self.summary = summary
        self.explanation = explanation
        self.action = action
        self.who = who

    @property
    def registry_only(self) -> bool:
        """True for the codes that only the IANA registry names, with no RFC reply text."""
        return self.rfcs == ("RFC5248",)

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "kind": self.kind, "title": self.title, "rfcs": list(self.rfcs),
            "commands": list(self.commands), "summary": self.summary,
            "explanation": self.explanation, "action": self.action, "who": list(self.who),
            "positions": list(self.positions), "registry_note": self.registry_note,
        }

    def __repr__(self) -> str:
        return f"<BasicEntry {self.code} {self.title!r}>"


class CategoryEntry:
    """A class (``5.XXX.YYY``) or a subject (``X.1.YYY``) of the enhanced-code registry."""

    __slots__ = (
        "action",
        "code",
        "explanation",
        "kind",
        "registry_note",
        "rfcs",
        "summary",
        "title",
    )

    def __init__(
        self, *, kind: str, code: str, title: str, rfcs: tuple[str, ...], registry_note: str,
        summary: str, explanation: str, action: str,
    ) -> None:
        self.kind = kind
        self.code = code
        self.title = title
        self.rfcs = rfcs
        self.registry_note = registry_note
        self.summary = summary
        self.explanation = explanation
        #: what to do about a code of this class or subject when nothing more specific is known
        self.action = action

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "kind": self.kind, "title": self.title, "rfcs": list(self.rfcs),
            "summary": self.summary, "explanation": self.explanation, "action": self.action,
            "registry_note": self.registry_note,
        }

    def __repr__(self) -> str:
        return f"<CategoryEntry {self.code} {self.title!r}>"


class ClassAdvice:
    """A detail in one class (4.2.2 is not 5.2.2): summary, meaning, what to do, who acts."""

    __slots__ = ("action", "meaning", "summary", "who")

    def __init__(self, *, summary: str, meaning: str, action: str, who: tuple[str, ...]) -> None:
        #: one line for this class, the headline of an explanation that uses this advice
        self.summary = summary
        self.meaning = meaning
        self.action = action
        self.who = who

    def as_dict(self) -> dict[str, object]:
        return {
            "summary": self.summary, "meaning": self.meaning, "action": self.action,
            "who": list(self.who),
        }


class DetailEntry:
    """A detail of the enhanced-code registry (``X.2.2``), with advice for each class."""

    __slots__ = (
        "basic_codes",
        "by_class",
        "code",
        "explanation",
        "positions",
        "registry_note",
        "replaced_by",
        "rfcs",
        "seen_classes",
        "summary",
        "title",
        "valid_classes",
    )
    kind = "detail"

    def __init__(
        self, *, code: str, title: str, rfcs: tuple[str, ...], basic_codes: tuple[str, ...],
        valid_classes: tuple[int, ...], seen_classes: tuple[int, ...], registry_note: str,
        positions: tuple[str, ...], replaced_by: str, summary: str, explanation: str,
        by_class: dict[int, ClassAdvice],
    ) -> None:
        self.code = code
        self.title = title
        self.rfcs = rfcs
        self.basic_codes = basic_codes
        self.valid_classes = valid_classes
        self.seen_classes = seen_classes
        self.registry_note = registry_note
        self.positions = positions
        self.replaced_by = replaced_by
        self.summary = summary
        self.explanation = explanation
        self.by_class = by_class

    @property
    def subject_number(self) -> int:
        return int(self.code.split(".")[1])

    @property
    def deprecated(self) -> bool:
        return bool(self.replaced_by)

    def allows_basic(self, basic: int) -> bool:
        """True when the registry associates this reply code (or its ``4XX``/``Any``) with us."""
        text = str(basic)
        for associated in self.basic_codes:
            if associated in (text, "Any") or associated == f"{text[0]}XX":
                return True
        return False

    def as_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "kind": self.kind, "title": self.title, "rfcs": list(self.rfcs),
            "basic_codes": list(self.basic_codes), "valid_classes": list(self.valid_classes),
            "seen_classes": list(self.seen_classes), "summary": self.summary,
            "explanation": self.explanation,
            "by_class": {str(digit): advice.as_dict() for digit, advice in self.by_class.items()},
            "replaced_by": self.replaced_by or None, "positions": list(self.positions),
            "registry_note": self.registry_note,
        }

    def __repr__(self) -> str:
        return f"<DetailEntry {self.code} {self.title!r}>"


Entry = BasicEntry | CategoryEntry | DetailEntry

def entry_key(code: str | int | ReplyCode | EnhancedCode) -> str:
    """The registry key of a code: ``550``, ``X.1.1``, ``X.1.YYY`` or ``5.XXX.YYY``.

    Accepts codes (``550``, ``"5.1.1"``) and registry keys, also in RFC 3463's spelling
    (``X.1.XXX``, ``5.XXX.XXX``).
    """
    if isinstance(code, EnhancedCode):
        return code.registry_key
    if isinstance(code, int):
        return str(ReplyCode(code))
    if not isinstance(code, str):
        raise MalformedCodeError(
            f"{quote(repr(code))} is not a code: expected a reply code like 550 or '550', an"
            " enhanced status code like '5.1.1', or a registry key like 'X.1.1' (as str)"
        )
    text = code.strip()
    if "." not in text:
        return str(ReplyCode(text))
    first, _, rest = text.upper().replace("XXX", "YYY").partition(".")
    if first != "X":
        if rest == "YYY.YYY" and first in ("2", "4", "5"):
            return f"{first}.XXX.YYY"
        return EnhancedCode.parse(text).registry_key
    subject, _, detail = rest.partition(".")
    if detail == "YYY" and subject.isascii() and subject.isdigit() and len(subject) <= 3:
        return f"X.{int(subject)}.YYY"
    try:
        return EnhancedCode.parse(f"5.{rest}").registry_key
    except MalformedCodeError:
        raise MalformedCodeError(
            f"{quote(text)} is not a code: expected a reply code like 550, an enhanced status"
            " code like 5.1.1, or a registry key like X.1.1, X.1.YYY or 5.XXX.YYY"
        ) from None
