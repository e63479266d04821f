"""Class and subject of a reply: what happened, in what area, and whether to retry.

The reply code decides the class when there is one (SMTP clients act on it); the enhanced
code gives the subject. A reply with a reply code only takes its subject from the second
digit, as RFC 5321 section 4.2.1 describes it (x0z syntax, x2z connections, x5z mail system).
Unregistered codes still classify by their digits.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode, StatusClass, Subject
from .errors import NoCodeFoundError, quote
from .parse import parse
from .registry import find_entry
from .reply import Reply

#: What a program should do next, by class.
DECISIONS = {
    StatusClass.SUCCESS: "done",
    StatusClass.INTERMEDIATE: "continue",
    StatusClass.TRANSIENT: "retry_later",
    StatusClass.PERMANENT: "do_not_retry",
}

_SUBJECT_BY_SECOND_DIGIT = {
    0: Subject.PROTOCOL,
    1: Subject.OTHER,
    2: Subject.NETWORK,
    5: Subject.MAIL_SYSTEM,
}


class Classification:
    """The class, the subject and the decision for one reply."""

    __slots__ = ("registered", "reply", "status_class", "subject", "subject_from")

    def __init__(
        self, reply: Reply, status_class: StatusClass, subject: Subject | None,
        subject_from: str | None, registered: bool,
    ) -> None:
        self.reply = reply
        self.status_class = status_class
        self.subject = subject
        #: "enhanced" (the subject number), "basic" (the reply code's second digit) or None
        self.subject_from = subject_from
        #: True when every code of the reply has an entry in the data
        self.registered = registered

    @property
    def basic(self) -> ReplyCode | None:
        return self.reply.basic

    @property
    def enhanced(self) -> EnhancedCode | None:
        return self.reply.enhanced

    @property
    def decision(self) -> str:
        """done, continue, retry_later or do_not_retry."""
        return DECISIONS[self.status_class]

    @property
    def is_success(self) -> bool:
        return self.status_class is StatusClass.SUCCESS

    @property
    def is_transient(self) -> bool:
        return self.status_class is StatusClass.TRANSIENT

    @property
    def is_permanent(self) -> bool:
        return self.status_class is StatusClass.PERMANENT

    @property
    def warnings(self) -> tuple[str, ...]:
        """What is wrong or contradictory in the reply (see :attr:`Reply.warnings`)."""
        return self.reply.warnings

    @property
    def notes(self) -> tuple[str, ...]:
        """What is unusual but not wrong (see :attr:`Reply.notes`)."""
        return self.reply.notes

    def as_dict(self) -> dict[str, object]:
        return {
            "basic": None if self.basic is None else int(self.basic),
            "enhanced": None if self.enhanced is None else str(self.enhanced),
            "class": self.status_class.value,
            "subject": None if self.subject is None else self.subject.value,
            "subject_from": self.subject_from,
            "decision": self.decision,
            "registered": self.registered,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        subject = None if self.subject is None else self.subject.value
        return f"<Classification {self.status_class.value} {subject}>"


def as_reply(value: Reply | str | bytes | int | ReplyCode | EnhancedCode) -> Reply:
    """Any accepted input as a parsed Reply."""
    if isinstance(value, Reply):
        return value
    if isinstance(value, EnhancedCode):
        return parse(str(value))
    if isinstance(value, int) and not isinstance(value, bool):
        return parse(str(ReplyCode(value)))
    if isinstance(value, str | bytes):
        return parse(value)
    raise TypeError(
        f"expected a code, a reply text or a Reply, not {type(value).__name__}"
    )


def classify(value: Reply | str | bytes | int | ReplyCode | EnhancedCode) -> Classification:
    """Classify a code (``"4.2.2"``, ``"550"``, ``550``), a reply text or a Reply."""
    reply = as_reply(value)
    basic, enhanced = reply.basic, reply.enhanced
    subject: Subject | None = None
    subject_from: str | None = None
    if enhanced is not None:
        subject, subject_from = enhanced.subject, "enhanced"
    elif basic is not None:
        subject = _SUBJECT_BY_SECOND_DIGIT.get(basic.second_digit)
        subject_from = "basic" if subject is not None else None
    if basic is not None:
        status_class = basic.status_class
    elif enhanced is not None:
        status_class = enhanced.status_class
    else:
        raise NoCodeFoundError(f"the reply {quote(reply.text)} carries no SMTP code")
    registered = all(
        find_entry(code) is not None for code in (basic, enhanced) if code is not None
    )
    return Classification(reply, status_class, subject, subject_from, registered)
