"""Explanations: what a reply means, why it failed, what to do about it, and who has to act.

The most specific entry that agrees with the reply's class speaks: the enhanced detail in
its class (4.2.2 and 5.2.2 say different things), else the reply code, else the class and
subject the digits fall into. A text is also read for its reason and its vendor
(:mod:`smtpcodes.reasons`); a bare code only for the reason the code means alone, so that
``explain("4.2.2")`` loads no word rules. The advice is worded for one of two readers: the
sender whose mail was refused (``side="sender"``) or the administrator of the server that
refused it (``side="receiver"``).
"""

from __future__ import annotations

from .classify import Classification, classify
from .codes import EnhancedCode, ReplyCode
from .entries import WHO_LABELS, BasicEntry, CategoryEntry, DetailEntry
from .errors import SMTPCodeError, quote
from .lang import in_language, localized, resolve, text, word
from .registry import find_entry
from .reply import Reply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .reasons import Reason
    from .rules import RuleSet
    from .vendors import VendorMatch

SIDES = ("sender", "receiver")

#: The remedy when no reason is known: what the class alone allows to say.
_REMEDY_BY_CLASS = {2: "none", 3: "none", 4: "let_retry", 5: "investigate"}


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
        "code_action",
        "detail_entry",
        "input",
        "lang",
        "meaning",
        "reason",
        "side",
        "subject_entry",
        "summary",
        "vendor",
        "who",
    )

    def __init__(
        self, input_text: str, classification: Classification, *, side: str = "sender",
        reason: Reason | None = None, vendor: VendorMatch | None = None, lang: str = "en",
    ) -> None:
        self.input = input_text
        #: the language of the prose: "en" or "fr" (keys and vocabulary values stay English)
        self.lang = lang
        self.classification = classification
        #: whose side the advice is written for: "sender" or "receiver"
        self.side = side
        #: why the delivery failed, where the words or the code say (None otherwise)
        self.reason = reason
        #: the mail provider that wrote the reply, where recognised
        self.vendor = vendor
        reply = classification.reply
        self.basic_entry = _basic_entry(reply.basic)
        self.detail_entry = _detail_entry(reply.enhanced)
        digit = classification.status_class.digit
        self.class_entry = _category(f"{digit}.XXX.YYY") if digit != 3 else None
        subject = classification.subject
        self.subject_entry = _category(f"X.{subject.digit}.YYY") if subject is not None else None
        self.summary, self.meaning, self.action, self.who = self._compose()
        #: what the code alone advises (``action`` is the advice for this reply and side)
        self.code_action = self.action
        self._apply_words()

    def _apply_words(self) -> None:
        """Let the vendor's entry and the reason speak where they say more than the code.

        Where the code alone means the reason that was found, the code's own words for its
        class are the more precise and stay."""
        reason, lang = self.reason, self.lang
        words_decided = reason is not None and not self._code_agrees()
        if reason is not None and words_decided and reason.entry.meaning:
            self.meaning = reason.entry.in_language("meaning", lang)
        vendor = self.vendor
        code = vendor.code if vendor is not None else None
        if vendor is not None and code is not None and code.meaning:
            self.meaning = text(f"{code.place}/meaning", code.meaning, lang)
            if not self.classification.registered:
                first = self.meaning.split(". ")[0].rstrip(".")
                self.summary = word("{meaning} (a code {vendor} defines; not in the IANA"
                                    " registry)", lang, meaning=first, vendor=vendor.name)
        if self.side == "receiver":
            if reason is not None and reason.advice("receiver"):
                self.action = reason.entry.in_language("receiver", lang)
        elif code is not None and code.action:
            self.action = text(f"{code.place}/action", code.action, lang)
        elif reason is not None and words_decided and reason.advice("sender"):
            self.action = reason.entry.in_language("sender", lang)

    def _code_agrees(self) -> bool:
        """True when the reply's code alone means the reason that was found."""
        from .reasons import code_reason

        if self.reason is None:
            return False
        if self.reason.evidence.rule == "code":
            return True
        alone = code_reason(self.basic, self.enhanced)
        return alone is not None and alone.entry is self.reason.entry

    def _compose(self) -> tuple[str, str, str, tuple[str, ...]]:
        """Pick the words of the most specific entry that fits the reply's class."""
        reply = self.classification.reply
        digit = self.classification.status_class.digit
        detail, basic = self.detail_entry, self.basic_entry
        enhanced = reply.enhanced
        lang = self.lang
        if detail is not None and enhanced is not None and enhanced.class_digit == digit:
            advice = detail.by_class.get(digit)
            if advice is not None:
                place = f"detail/{detail.code}/{digit}"
                return (text(f"{place}/summary", advice.summary, lang),
                        text(f"{place}/meaning", advice.meaning, lang),
                        text(f"{place}/action", advice.action, lang), advice.who)
        if basic is not None:
            place = f"basic/{basic.code}"
            return (text(f"{place}/summary", basic.summary, lang),
                    text(f"{place}/explanation", basic.explanation, lang),
                    text(f"{place}/action", basic.action, lang), basic.who)
        if detail is not None:
            place = f"detail/{detail.code}"
            return (text(f"{place}/summary", detail.summary, lang),
                    text(f"{place}/explanation", detail.explanation, lang),
                    self._class_action(), ())
        return self._digits_summary(), self._digits_meaning(), self._class_action(), ()

    def _digits_summary(self) -> str:
        status_class = self.classification.status_class
        subject = self.classification.subject
        codes = " ".join(str(code) for code in (self.basic, self.enhanced) if code is not None)
        label = word(status_class.label, self.lang)
        if subject is None:
            return word("{label} (unregistered code {codes})", self.lang,
                        label=label[:1].upper() + label[1:], codes=codes)
        return word("{label}, {subject} (unregistered code {codes})", self.lang,
                    label=label[:1].upper() + label[1:], subject=word(subject.label, self.lang),
                    codes=codes)

    def _digits_meaning(self) -> str:
        parts = [text(f"{entry.kind}/{entry.code}/explanation", entry.explanation, self.lang)
                 for entry in (self.class_entry, self.subject_entry) if entry]
        return " ".join(parts)

    def _class_action(self) -> str:
        entry = self.class_entry
        if entry is None:
            return ""
        return text(f"class/{entry.code}/action", entry.action, self.lang)

    @property
    def remedy(self) -> str:
        """What must change before the mail can go through (data/README.md vocabulary)."""
        if self.reason is not None:
            return self.reason.remedy
        return _REMEDY_BY_CLASS[self.classification.status_class.digit]

    @property
    def remedy_detail(self) -> str | None:
        """For ``fix_sender_setup``: spf, dkim, dmarc, ptr, helo, tls, auth or dns."""
        return self.reason.remedy_detail or None if self.reason is not None else None

    @property
    def scope(self) -> str | None:
        """What the failure applies to: recipient, message, sending_ip ... (None: unknown)."""
        return self.reason.scope or None if self.reason is not None else None

    @property
    def hard_bounce(self) -> bool:
        """True when the address itself is bad: remove it rather than mail it again."""
        return self.reason.hard_bounce if self.reason is not None else False

    @property
    def retry(self) -> tuple[tuple[str, str], ...]:
        """Published advice on retrying, as (advice, source): for a temporary failure only,
        RFC 5321's and the vendor's own where it publishes some."""
        if self.classification.status_class.digit != 4:
            return ()
        from . import _reasons_data

        advice = [(text(f"retry/{item.id}/text", item.text, self.lang), item.source)
                  for item in _reasons_data.RETRY
                  if item.id.startswith("rfc5321-") and item.id != "rfc5321-schedule"]
        vendor = self.vendor.vendor if self.vendor is not None else None
        if vendor is not None and vendor.retry:
            advice.append((text(f"vendor/{vendor.id}/retry", vendor.retry, self.lang),
                           vendor.retry_source or vendor.url))
        return tuple(advice)

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
        """What is wrong or contradictory in the reply (see :attr:`Reply.warnings`), in the
        explanation's language."""
        return tuple(in_language(warning, self.lang) for warning in self.reply.warnings)

    @property
    def notes(self) -> tuple[str, ...]:
        """What is unusual but not wrong (see :attr:`Reply.notes`), in its language."""
        return tuple(in_language(note, self.lang) for note in self.reply.notes)

    @property
    def rfcs(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for entry in (self.detail_entry, self.basic_entry):
            if entry is not None:
                seen.update(dict.fromkeys(entry.rfcs))
        return tuple(seen)

    @property
    def who_labels(self) -> tuple[str, ...]:
        return tuple(word(WHO_LABELS[who], self.lang) for who in self.who)

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

    def _reason_dict(self) -> dict[str, object] | None:
        reason = self.reason
        if reason is None:
            return None
        return localized(f"reason/{reason.name}", reason.as_dict(), self.lang)

    def _vendor_dict(self) -> dict[str, object] | None:
        vendor = self.vendor
        if vendor is None:
            return None
        found = vendor.as_dict()
        code = vendor.code
        if code is not None:
            for name in ("meaning", "action"):
                if found[name]:
                    found[name] = text(f"{code.place}/{name}", str(found[name]), self.lang)
        if found["retry"]:
            found["retry"] = text(f"vendor/{vendor.vendor.id}/retry", str(found["retry"]),
                                  self.lang)
        return found

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
            "reason": self._reason_dict(),
            "remedy": self.remedy,
            "remedy_detail": self.remedy_detail,
            "scope": self.scope,
            "hard_bounce": self.hard_bounce,
            "vendor": self._vendor_dict(),
            "retry": [{"advice": advice, "source": source} for advice, source in self.retry],
            "side": self.side,
            "lang": self.lang,
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }


def _reply_of_exception(error: BaseException) -> Reply:
    from .errors import NoCodeFoundError
    from .parse import parse
    from .raised import not_from_server, reply_of

    found = reply_of(error)
    if found is None:
        failure = not_from_server(error)
        raise NoCodeFoundError(
            f"{type(error).__name__} ({error}) carries no reply from the server: {failure.summary}"
            "; smtpcodes.explain_error() describes such failures") from None
    return parse(found[0], command=found[1])


def _is_bare_code(reply: Reply) -> bool:
    return all(candidate.source == "code" for candidate in reply.candidates)


def explain(
    value: Reply | str | bytes | int | ReplyCode | EnhancedCode | BaseException, *,
    side: str = "sender",
    rules: RuleSet | None = None, vendor: str | None = None, lang: str | None = None,
) -> Explanation:
    """Explain a code (``"4.2.2"``, ``"550"``, ``550``), a reply text, a Reply, or the
    exception an SMTP client raised with the server's reply (smtplib's and aiosmtplib's).

    ``side`` words the advice for the sender whose mail was refused (the default) or for
    the administrator of the server that refused it (``"receiver"``). ``rules`` are the
    user's own word rules (:func:`smtpcodes.load_rules`), tried before the shipped ones;
    ``vendor`` names the provider when the caller knows it and the text may not say.
    ``lang`` is the language of the prose, ``"en"`` or ``"fr"`` (default: the one
    :func:`smtpcodes.set_language` set, else English).
    """
    lang = resolve(lang)
    if side not in SIDES:
        raise SMTPCodeError(f"side {quote(str(side))} is not one of {', '.join(SIDES)}")
    if isinstance(value, BaseException):  # smtplib's or aiosmtplib's, read by attributes
        value = _reply_of_exception(value)
    classification = classify(value)
    reply = classification.reply
    said = value.text if isinstance(value, Reply) else reply.text
    if _is_bare_code(reply) and rules is None and vendor is None:
        from .reasons import code_reason

        reason, found = code_reason(reply.basic, reply.enhanced), None
    else:
        from .reading import read

        reading = read(said, reply, user_rules=rules, vendor=vendor)
        reason, found = reading.reason, reading.vendor
    return Explanation(said, classification, side=side, reason=reason, vendor=found, lang=lang)
