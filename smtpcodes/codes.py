"""Value types for SMTP codes: reply codes (``550``), enhanced status codes (``5.1.1``),
and the class and subject they fall into.

Parsing a code string needs no regular expression, so that ``smtpcode explain 4.2.2`` stays
cheap to start.
"""

from __future__ import annotations

from .errors import MalformedCodeError, quote
from .lang import mark, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

#: What a code looks like, as pieces of regular expressions shared by every reader of codes
#: (``parse``, the log formats, the wording normaliser), so that they cannot drift apart.
#: A reply code: 2 to 5, then two digits (RFC 5321 section 4.2).
REPLY_CODE_PATTERN = r"[2-5][0-9][0-9]"
#: A subject or detail number of an enhanced code: one to three digits, no leading zero.
NUMBER_PATTERN = r"(?:0|[1-9][0-9]{0,2})"
#: An enhanced status code: class 2, 4 or 5, subject, detail (RFC 3463 section 2).
ENHANCED_CODE_PATTERN = rf"[245]\.{NUMBER_PATTERN}\.{NUMBER_PATTERN}"


class Named:
    """One of a fixed set of named values, like an enum member: ``StatusClass.TRANSIENT``,
    with ``.name`` and ``.value``. Written out rather than taken from the enum module, whose
    import alone costs more than all of ``smtpcode explain 4.2.2``."""

    __slots__ = ("name", "value")

    def __init__(self, name: str, value: str) -> None:
        self.name = name
        self.value = value

    def __repr__(self) -> str:
        return f"<{type(self).__name__}.{self.name}: {self.value!r}>"

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        # pickled as "the member of that name", so that it stays the one instance
        return getattr, (type(self), self.name)


class StatusClass(Named):
    """What a reply means for the client: the first digit of either code."""

    __slots__ = ()

    SUCCESS: ClassVar[StatusClass]
    INTERMEDIATE: ClassVar[StatusClass]
    TRANSIENT: ClassVar[StatusClass]
    PERMANENT: ClassVar[StatusClass]

    @classmethod
    def members(cls) -> tuple[StatusClass, ...]:
        """Every class, in digit order."""
        return tuple(_CLASS_DIGITS)

    @property
    def digit(self) -> int:
        return _CLASS_DIGITS[self]

    @property
    def label(self) -> str:
        return _CLASS_LABELS[self]

    @classmethod
    def from_digit(cls, digit: int) -> StatusClass:
        found = _CLASSES_BY_DIGIT.get(digit)
        if found is None:
            raise MalformedCodeError(f"{digit!r} is not a class digit; expected 2, 3, 4 or 5")
        return found


StatusClass.SUCCESS = StatusClass("SUCCESS", "success")
StatusClass.INTERMEDIATE = StatusClass("INTERMEDIATE", "intermediate")
StatusClass.TRANSIENT = StatusClass("TRANSIENT", "transient")
StatusClass.PERMANENT = StatusClass("PERMANENT", "permanent")

_CLASS_DIGITS = {
    StatusClass.SUCCESS: 2,
    StatusClass.INTERMEDIATE: 3,
    StatusClass.TRANSIENT: 4,
    StatusClass.PERMANENT: 5,
}
_CLASSES_BY_DIGIT = {digit: status_class for status_class, digit in _CLASS_DIGITS.items()}
_CLASS_LABELS = {
    StatusClass.SUCCESS: mark("success"),
    StatusClass.INTERMEDIATE: mark("intermediate (the server waits for more)"),
    StatusClass.TRANSIENT: mark("transient failure (try again later)"),
    StatusClass.PERMANENT: mark("permanent failure (do not retry unchanged)"),
}


class Subject(Named):
    """The area a problem lies in: the second number of an enhanced status code (RFC 3463)."""

    __slots__ = ()

    OTHER: ClassVar[Subject]
    ADDRESSING: ClassVar[Subject]
    MAILBOX: ClassVar[Subject]
    MAIL_SYSTEM: ClassVar[Subject]
    NETWORK: ClassVar[Subject]
    PROTOCOL: ClassVar[Subject]
    CONTENT: ClassVar[Subject]
    SECURITY: ClassVar[Subject]

    @classmethod
    def members(cls) -> tuple[Subject, ...]:
        """Every subject, in number order (X.0 to X.7)."""
        return _SUBJECT_ORDER

    @property
    def digit(self) -> int:
        return _SUBJECT_ORDER.index(self)

    @property
    def label(self) -> str:
        return _SUBJECT_LABELS[self.digit]

    @classmethod
    def from_digit(cls, digit: int) -> Subject | None:
        """The subject a number stands for, or None for a number no registry defines."""
        if 0 <= digit < len(_SUBJECT_ORDER):
            return _SUBJECT_ORDER[digit]
        return None


Subject.OTHER = Subject("OTHER", "other")
Subject.ADDRESSING = Subject("ADDRESSING", "addressing")
Subject.MAILBOX = Subject("MAILBOX", "mailbox")
Subject.MAIL_SYSTEM = Subject("MAIL_SYSTEM", "mail_system")
Subject.NETWORK = Subject("NETWORK", "network")
Subject.PROTOCOL = Subject("PROTOCOL", "protocol")
Subject.CONTENT = Subject("CONTENT", "content")
Subject.SECURITY = Subject("SECURITY", "security")

#: the subjects by number: X.0 to X.7
_SUBJECT_ORDER = (
    Subject.OTHER, Subject.ADDRESSING, Subject.MAILBOX, Subject.MAIL_SYSTEM, Subject.NETWORK,
    Subject.PROTOCOL, Subject.CONTENT, Subject.SECURITY,
)
#: the subjects' names in words, by number
_SUBJECT_LABELS = (
    mark("other"), mark("addressing"), mark("mailbox"), mark("mail system"), mark("network"),
    mark("protocol"), mark("content"), mark("security"),
)


def _digits(text: str, what: str, original: str, expected: str) -> int:
    """Read a run of ASCII digits, rejecting signs, spaces and non-ASCII digits."""
    if not text or not text.isascii() or not text.isdigit():
        raise MalformedCodeError(say("{code} is not a valid {what}: expected {expected}",
                                     code=quote(original), what=say(what), expected=expected))
    return int(text)


class ReplyCode(int):
    """A three-digit SMTP reply code (RFC 5321 section 4.2), an int like ``http.HTTPStatus``.

    RFC 5321's grammar allows 2-5 as first digit and 0-5 as second; real servers also send
    second digits 6-9 (``571``), which are accepted here and flagged by ``is_standard``.
    """

    EXPECTED = say("a three-digit SMTP reply code from 200 to 599, like 250 or 550")

    def __new__(cls, value: int | str) -> ReplyCode:
        original = str(value)
        if isinstance(value, bool):
            raise MalformedCodeError(f"{value!r} is not a reply code: expected {cls.EXPECTED}")
        if isinstance(value, str):
            text = value.strip()
            if len(text) != 3:
                raise MalformedCodeError(cls._wrong(original))
            value = _digits(text, mark("reply code"), original, cls.EXPECTED)
        if not 200 <= value <= 599:
            raise MalformedCodeError(cls._wrong(original))
        return super().__new__(cls, value)

    @classmethod
    def _wrong(cls, original: str) -> str:
        return say("{code} is not a reply code: expected {expected}", code=quote(original),
                   expected=cls.EXPECTED)

    @property
    def first_digit(self) -> int:
        return int(self) // 100

    @property
    def second_digit(self) -> int:
        return int(self) // 10 % 10

    @property
    def status_class(self) -> StatusClass:
        return StatusClass.from_digit(self.first_digit)

    @property
    def is_standard(self) -> bool:
        """True when RFC 5321's reply-code grammar allows these digits (second digit 0-5)."""
        return self.second_digit <= 5

    @property
    def area(self) -> str:
        """What the second digit says (RFC 5321 section 4.2.1)."""
        return _SECOND_DIGIT_AREAS.get(self.second_digit, "not defined by RFC 5321")

    def __repr__(self) -> str:
        return f"ReplyCode({int(self)})"

    def __str__(self) -> str:
        return str(int(self))


_SECOND_DIGIT_AREAS = {
    0: "syntax",
    1: "information",
    2: "connections",
    3: "unspecified",
    4: "unspecified",
    5: "mail system",
}


class EnhancedCode:
    """An enhanced status code ``class.subject.detail`` (RFC 3463 section 2).

    The class is 2, 4 or 5; subject and detail have one to three digits, without leading
    zeros. A code the registry does not list (``5.7.133``) is still a valid value.
    """

    __slots__ = ("_hash", "_text", "class_digit", "detail_number", "registry_key",
                 "subject_number")

    EXPECTED = say("an enhanced status code class.subject.detail, like 5.1.1 or 4.7.650")

    class_digit: int
    subject_number: int
    detail_number: int
    #: the key the IANA registry uses for the detail: ``X.1.1``
    registry_key: str
    _hash: int
    _text: str

    def __init__(self, class_digit: int, subject_number: int, detail_number: int) -> None:
        if class_digit not in (2, 4, 5):
            raise MalformedCodeError(
                f"class {class_digit!r} is not 2, 4 or 5: expected {self.EXPECTED}"
            )
        for number in (subject_number, detail_number):
            if not 0 <= number <= 999:
                raise MalformedCodeError(f"{number!r} is not 0-999: expected {self.EXPECTED}")
        object.__setattr__(self, "class_digit", class_digit)
        object.__setattr__(self, "subject_number", subject_number)
        object.__setattr__(self, "detail_number", detail_number)
        # Codes are compared, hashed and written out often while reading texts; each is
        # worked out once.
        object.__setattr__(self, "_hash", hash((class_digit, subject_number, detail_number)))
        object.__setattr__(self, "_text", f"{class_digit}.{subject_number}.{detail_number}")
        object.__setattr__(self, "registry_key", f"X.{subject_number}.{detail_number}")

    @classmethod
    def parse(cls, text: str) -> EnhancedCode:
        """Read ``"5.1.1"``; raise MalformedCodeError, quoting the text, on anything else."""
        parts = text.strip().split(".")
        if len(parts) != 3:
            raise MalformedCodeError(say("{code} is not an enhanced status code: expected"
                                         " {expected}", code=quote(text), expected=cls.EXPECTED))
        numbers = []
        for part in parts:
            too_long = len(part) > 3 or (len(part) > 1 and part.startswith("0"))
            if too_long:
                raise MalformedCodeError(say(
                    "{code} is not an enhanced status code: expected {expected} (one to three"
                    " digits in each part, no leading zeros)", code=quote(text),
                    expected=cls.EXPECTED))
            numbers.append(_digits(part, mark("enhanced status code"), text, cls.EXPECTED))
        if numbers[0] not in (2, 4, 5):
            raise MalformedCodeError(say(
                "{code} is not an enhanced status code: the class must be 2, 4 or 5",
                code=quote(text)))
        return cls(numbers[0], numbers[1], numbers[2])

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("EnhancedCode is immutable")

    def __reduce__(self) -> tuple[object, tuple[int, int, int]]:
        # pickled and copied through the constructor, which the immutable slots require
        return EnhancedCode, (self.class_digit, self.subject_number, self.detail_number)

    @property
    def status_class(self) -> StatusClass:
        return StatusClass.from_digit(self.class_digit)

    @property
    def subject(self) -> Subject | None:
        """The subject, or None for a subject number no registry defines (5.8.1)."""
        return Subject.from_digit(self.subject_number)

    def __str__(self) -> str:
        return self._text

    def __repr__(self) -> str:
        return f"EnhancedCode('{self}')"

    def _key(self) -> tuple[int, int, int]:
        return (self.class_digit, self.subject_number, self.detail_number)

    def __eq__(self, other: object) -> bool:
        if self is other:
            return True
        if isinstance(other, EnhancedCode):
            return self._key() == other._key()
        return NotImplemented

    def __lt__(self, other: EnhancedCode) -> bool:
        return self._key() < other._key()

    def __hash__(self) -> int:
        return self._hash
