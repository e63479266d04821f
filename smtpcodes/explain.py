"""Explanations: what a reply means, what to do about it, and who has to act.

The most specific entry that agrees with the reply's class speaks: the enhanced detail in
its class (4.2.2 and 5.2.2 say different things), else the reply code, else the class and
subject the digits fall into.
"""

from __future__ import annotations

from .classify import Classification, classify
from .codes import EnhancedCode, ReplyCode
from .entries import WHO_LABELS, BasicEntry, CategoryEntry, DetailEntry
from .registry import find_entry
from .reply import Reply


def _basic_entry(code: ReplyCode | None) -> BasicEntry | None:
    entry = find_entry(code) if code is not None else None
    return entry if isinstance(entry, BasicEntry) else None


def _detail_entry(code: EnhancedCode | None) -> DetailEntry | None:
    entry = find_entry(code) if code is not None else None
    return entry if isinstance(entry, DetailEntry) else None


def _category(key: str) -> CategoryEntry | None:
    entry = find_entry(key)
    return entry if isinstance(entry, CategoryEntry) else None


class Explanation:
    """Everything the library can say about one reply; ``as_dict()`` is the CLI's JSON."""

    __slots__ = (
        "action",
        "basic_entry",
        "class_entry",
        "classification",
        "detail_entry",
        "input",
        "meaning",
        "subject_entry",
        "summary",
        "who",
    )

    def __init__(self, input_text: str, classification: Classification) -> None:
        self.input = input_text
        self.classification = classification
        reply = classification.reply
        self.basic_entry = _basic_entry(reply.basic)
        self.detail_entry = _detail_entry(reply.enhanced)
        digit = classification.status_class.digit
        self.class_entry = _category(f"{digit}.XXX.YYY") if digit != 3 else None
        subject = classification.subject
        self.subject_entry = _category(f"X.{subject.digit}.YYY") if subject is not None else None
        self.summary, self.meaning, self.action, self.who = self._compose()

    def _compose(self) -> tuple[str, str, str, tuple[str, ...]]:
        """Pick the words of the most specific entry that fits the reply's class."""
        reply = self.classification.reply
        digit = self.classification.status_class.digit
        detail, basic = self.detail_entry, self.basic_entry
        enhanced = reply.enhanced
        if detail is not None and enhanced is not None and enhanced.class_digit == digit:
            advice = detail.by_class.get(digit)
            if advice is not None:
                return advice.summary, advice.meaning, advice.action, advice.who
        if basic is not None:
            return basic.summary, basic.explanation, basic.action, basic.who
        if detail is not None:
            return detail.summary, detail.explanation, self._class_action(), ()
        return self._digits_summary(), self._digits_meaning(), self._class_action(), ()

    def _digits_summary(self) -> str:
        status_class = self.classification.status_class
        subject = self.classification.subject
        area = f", {subject.label}" if subject is not None else ""
        codes = " ".join(str(code) for code in (self.basic, self.enhanced) if code is not None)
        return f"{status_class.label.capitalize()}{area} (unregistered code {codes})"

    def _digits_meaning(self) -> str:
        parts = [entry.explanation for entry in (self.class_entry, self.subject_entry) if entry]
        return " ".join(parts)

    def _class_action(self) -> str:
        return self.class_entry.action if self.class_entry is not None else ""

    @property
    def reply(self) -> Reply:
        return self.classification.reply

    @property
    def basic(self) -> ReplyCode | None:
        return self.reply.basic

    @property
    def enhanced(self) -> EnhancedCode | None:
        return self.reply.enhanced

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.reply.warnings

    @property
    def rfcs(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for entry in (self.detail_entry, self.basic_entry):
            if entry is not None:
                seen.update(dict.fromkeys(entry.rfcs))
        return tuple(seen)

    @property
    def who_labels(self) -> tuple[str, ...]:
        return tuple(WHO_LABELS[who] for who in self.who)

    def _basic_dict(self) -> dict[str, object] | None:
        if self.basic is None:
            return None
        entry = self.basic_entry
        return {
            "code": int(self.basic),
            "title": entry.title if entry else None,
            "rfcs": list(entry.rfcs) if entry else [],
            "summary": entry.summary if entry else None,
            "commands": list(entry.commands) if entry else [],
        }

    def _enhanced_dict(self) -> dict[str, object] | None:
        if self.enhanced is None:
            return None
        entry = self.detail_entry
        return {
            "code": str(self.enhanced),
            "key": self.enhanced.registry_key,
            "title": entry.title if entry else None,
            "rfcs": list(entry.rfcs) if entry else [],
            "summary": entry.summary if entry else None,
            "subject_title": self.subject_entry.title if self.subject_entry else None,
        }

    def as_dict(self) -> dict[str, object]:
        classification = self.classification
        return {
            "input": self.input,
            "basic": self._basic_dict(),
            "enhanced": self._enhanced_dict(),
            "class": classification.status_class.value,
            "subject": None if classification.subject is None else classification.subject.value,
            "subject_from": classification.subject_from,
            "decision": classification.decision,
            "summary": self.summary,
            "meaning": self.meaning,
            "action": self.action,
            "who": list(self.who),
            "command": self.reply.command,
            "registered": classification.registered,
            "warnings": list(self.warnings),
        }


def explain(value: Reply | str | bytes | int | ReplyCode | EnhancedCode) -> Explanation:
    """Explain a code (``"4.2.2"``, ``"550"``, ``550``), a reply text or a Reply."""
    classification = classify(value)
    text = value.text if isinstance(value, Reply) else classification.reply.text
    return Explanation(text, classification)
