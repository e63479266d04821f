"""Consistency checks between a reply code and an enhanced code: warnings and notes.

A *warning* says something is wrong or contradictory: the reply code and the enhanced code
disagree on the class (a client acts on the reply code, so it decides), a code outside the
grammar or a subject no registry defines, an enhanced code on a 3xx reply or in a class its
detail does not have. A *note* says something unusual that is not wrong: a code no RFC or
registry defines (often a provider's own, like Microsoft's 5.7.509), a deprecated code, or a
pairing the registry does not list (the registry's list is not what servers send: Gmail's
421 4.7.0 is ordinary).
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode
from .entries import DetailEntry
from .lang import say
from .registry import find_entry


def check_basic(basic: ReplyCode, warnings: list[str], notes: list[str]) -> None:
    if not basic.is_standard:
        warnings.append(say(
            "{code} is outside RFC 5321's reply-code grammar (second digit 0-5) and no RFC"
            " defines it; it is read by its first digit only", code=str(basic)))
    elif find_entry(basic) is None:
        notes.append(say("{code} is not defined by any RFC; it is read by its digits only",
                         code=str(basic)))


def check_enhanced(enhanced: EnhancedCode, warnings: list[str], notes: list[str]) -> None:
    if enhanced.subject is None:
        warnings.append(say(
            "{code} has subject {subject}, which no registry defines; it is read by its class"
            " only", code=str(enhanced), subject=enhanced.subject_number))
        return
    entry = find_entry(enhanced)
    if entry is None:
        notes.append(say(
            "{code} is not in the IANA registry; it is read by its class and subject"
            " ({subject}) only", code=str(enhanced), subject=enhanced.subject.label))
        return
    if isinstance(entry, DetailEntry):
        classes = set(entry.valid_classes) | set(entry.seen_classes)
        if entry.deprecated:
            notes.append(say("{code} is deprecated; use {replacement} instead",
                             code=str(enhanced), replacement=entry.replaced_by))
        elif enhanced.class_digit not in classes:
            allowed = " or ".join(str(digit) for digit in sorted(classes))
            warnings.append(say("{code} is defined for class {allowed} only, not {digit}",
                                code=entry.code, allowed=allowed, digit=enhanced.class_digit))


def check_pairing(
    basic: ReplyCode | None, enhanced: EnhancedCode | None,
) -> tuple[list[str], list[str]]:
    """The warnings and the notes about the codes of one reply, alone and together."""
    warnings: list[str] = []
    notes: list[str] = []
    if basic is not None:
        check_basic(basic, warnings, notes)
    if enhanced is not None:
        check_enhanced(enhanced, warnings, notes)
    if basic is None or enhanced is None:
        return warnings, notes
    if basic.first_digit == 3:
        warnings.append(say(
            "an enhanced code ({enhanced}) on an intermediate {basic} reply: RFC 3463 puts"
            " enhanced codes on 2xx, 4xx and 5xx replies only",
            enhanced=str(enhanced), basic=str(basic)))
    elif basic.first_digit != enhanced.class_digit:
        warnings.append(say(
            "the reply code {basic} ({basic_class}) and the enhanced code {enhanced}"
            " ({enhanced_class}) disagree; the reply code decides, since it is what SMTP"
            " clients act on", basic=str(basic), basic_class=basic.status_class.value,
            enhanced=str(enhanced), enhanced_class=enhanced.status_class.value))
    entry = find_entry(enhanced)
    if isinstance(entry, DetailEntry) and entry.basic_codes and not entry.allows_basic(basic):
        listed = ", ".join(entry.basic_codes)
        notes.append(say("the registry pairs {code} with {listed}, not with {basic}",
                         code=entry.code, listed=listed, basic=str(basic)))
    return warnings, notes
