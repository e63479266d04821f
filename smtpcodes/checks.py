"""Consistency checks between a reply code and an enhanced code, as warnings.

A client acts on the reply code, so when the two disagree the reply code decides and a
warning says so; the other checks flag codes that no RFC or registry defines.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode
from .entries import DetailEntry
from .registry import find_entry


def basic_warnings(basic: ReplyCode) -> list[str]:
    warnings = []
    if not basic.is_standard:
        warnings.append(
            f"{basic} is outside RFC 5321's reply-code grammar (second digit 0-5) and no RFC"
            f" defines it; it is read by its first digit only"
        )
    elif find_entry(basic) is None:
        warnings.append(
            f"{basic} is not defined by any RFC; it is read by its digits only"
        )
    return warnings


def enhanced_warnings(enhanced: EnhancedCode) -> list[str]:
    if enhanced.subject is None:
        return [
            f"{enhanced} has subject {enhanced.subject_number}, which no registry defines;"
            f" it is read by its class only"
        ]
    entry = find_entry(enhanced)
    if entry is None:
        return [
            f"{enhanced} is not in the IANA registry; it is read by its class and subject"
            f" ({enhanced.subject.label}) only"
        ]
    if isinstance(entry, DetailEntry):
        classes = set(entry.valid_classes) | set(entry.seen_classes)
        if entry.deprecated:
            return [f"{enhanced} is deprecated; use {entry.replaced_by} instead"]
        if enhanced.class_digit not in classes:
            allowed = " or ".join(str(digit) for digit in sorted(classes))
            return [
                f"{entry.code} is defined for class {allowed} only, not {enhanced.class_digit}"
            ]
    return []


def pairing_warnings(basic: ReplyCode | None, enhanced: EnhancedCode | None) -> list[str]:
    """Every warning about the codes of one reply, alone and together."""
    warnings: list[str] = []
    if basic is not None:
        warnings.extend(basic_warnings(basic))
    if enhanced is not None:
        warnings.extend(enhanced_warnings(enhanced))
    if basic is None or enhanced is None:
        return warnings
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
        warnings.append(
            f"the registry pairs {entry.code} with {listed}, not with {basic}"
        )
    return warnings
