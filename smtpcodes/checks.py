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
from .registry import find_entry


def check_basic(basic: ReplyCode, warnings: list[str], notes: list[str]) -> None:
    if not basic.is_standard:
        warnings.append(
            f"{basic} is outside RFC 5321's reply-code grammar (second digit 0-5) and no RFC"
            f" defines it; it is read by its first digit only"
        )
    elif find_entry(basic) is None:
        notes.append(f"{basic} is not defined by any RFC; it is read by its digits only")


def check_enhanced(enhanced: EnhancedCode, warnings: list[str], notes: list[str]) -> None:
    if enhanced.subject is None:
        warnings.append(
            f"{enhanced} has subject {enhanced.subject_number}, which no registry defines;"
            f" it is read by its class only"
        )
        return
    entry = find_entry(enhanced)
    if entry is None:
        notes.append(
            f"{enhanced} is not in the IANA registry; it is read by its class and subject"
            f" ({enhanced.subject.label}) only"
        )
        return
    if isinstance(entry, DetailEntry):
        classes = set(entry.valid_classes) | set(entry.seen_classes)
        if entry.deprecated:
            notes.append(f"{enhanced} is deprecated; use {entry.replaced_by} instead")
        elif enhanced.class_digit not in classes:
            allowed = " or ".join(str(digit) for digit in sorted(classes))
            warnings.append(
                f"{entry.code} is defined for class {allowed} only, not {enhanced.class_digit}"
            )


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
        warnings.append(
            f"an enhanced code ({enhanced}) on an intermediate {basic} reply: RFC 3463 puts"
            f" enhanced codes on 2xx, 4xx and 5xx replies only"
        )
    elif basic.first_digit != enhanced.class_digit:
        warnings.append(
            f"the reply code {basic} ({basic.status_class.value}) and the enhanced code"
            f" {enhanced} ({enhanced.status_class.value}) disagree; the reply code decides,"
            f" since it is what SMTP clients act on"
        )
    entry = find_entry(enhanced)
    if isinstance(entry, DetailEntry) and entry.basic_codes and not entry.allows_basic(basic):
        listed = ", ".join(entry.basic_codes)
        notes.append(f"the registry pairs {entry.code} with {listed}, not with {basic}")
    return warnings, notes
