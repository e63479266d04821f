"""Checks that rules do what their own examples say: the test behind every shipped rule, and
``smtpcode rules check FILE`` for a user's file.

A rule's example must match it and come out as its reason; a near-miss must not match it;
two rules of different reasons that match one example need different priorities. A vendor
entry's example must be recognised as that vendor and that entry.
"""

from __future__ import annotations

from .reading import Knowledge, context_of, read
from .reasons import text_and_reply
from .wording import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .rules import Pattern, RuleSet


def _same(knowledge: Knowledge, name: str, expected: str) -> bool:
    entry = knowledge.entry(expected)
    return entry is not None and knowledge.entry(name) is entry


def check_pattern(
    knowledge: Knowledge, pattern: Pattern, user_rules: RuleSet | None = None,
) -> list[str]:
    """What is wrong with one rule, judged by its examples and near-misses ([] when nothing)."""
    problems = []
    if not pattern.examples:
        problems.append(f"{pattern.id}: no example")
    if not pattern.near_misses:
        problems.append(f"{pattern.id}: no near-miss")
    for example in pattern.examples:
        text, reply = text_and_reply(example)
        reading = read(text, reply, knowledge=knowledge, user_rules=user_rules)
        context = context_of(reply)
        if reading.vendor is not None:
            context.vendor = reading.vendor.id
        normalized = normalize(text)
        if pattern.search(normalized) is None or not pattern.when.hold(context):
            problems.append(f"{pattern.id}: does not match its example {example!r}")
            continue
        got = reading.reason
        if got is None or not _same(knowledge, got.name, pattern.reason):
            name = got.name if got else None
            by = f" ({got.evidence})" if got else ""
            problems.append(f"{pattern.id}: its example {example!r} reads as {name}{by}, "
                            f"not {pattern.reason}")
        rules = [knowledge.patterns] + ([user_rules] if user_rules is not None else [])
        matches = [match for rule_set in rules for match in rule_set.matches(normalized, context)]
        top = max(match.pattern.priority for match in matches)
        rivals = sorted({f"{match.pattern.id} ({match.pattern.reason})" for match in matches
                         if match.pattern.priority == top
                         and not _same(knowledge, match.pattern.reason, pattern.reason)})
        if rivals and pattern.priority == top and not pattern.user:
            problems.append(f"{pattern.id}: its example {example!r} also matches "
                            f"{', '.join(rivals)} at the same priority: set a priority")
    for near_miss in pattern.near_misses:
        text, reply = text_and_reply(near_miss)
        context = context_of(reply)
        if pattern.search(normalize(text)) is not None and pattern.when.hold(context):
            problems.append(f"{pattern.id}: matches its near-miss {near_miss!r}")
    return problems


def check_vendors(knowledge: Knowledge) -> list[str]:
    """Every vendor entry's examples get that entry (the vendor given when the text does not
    name it) and its reason; an example the text ties to another vendor is a problem."""
    problems = []
    for vendor in knowledge.vendors.vendors:
        for code in vendor.codes:
            for example in code.examples:
                text, reply = text_and_reply(example)
                reading = read(text, reply, knowledge=knowledge, vendor=vendor.id)
                found = reading.vendor
                if found is None or found.id != vendor.id:
                    problems.append(f"{code.id}: example {example!r} is not recognised as "
                                    f"{vendor.id} ({found.id if found else 'no vendor'})")
                elif found.code is not code:
                    other = found.code.id if found.code else "no entry"
                    problems.append(f"{code.id}: example {example!r} gets {other}")
                elif code.reason and (reading.reason is None
                                      or not _same(knowledge, reading.reason.name, code.reason)):
                    name = reading.reason.name if reading.reason else None
                    problems.append(f"{code.id}: example {example!r} reads as {name}, "
                                    f"not {code.reason}")
    return problems


def check_all(
    knowledge: Knowledge, patterns: Iterable[Pattern], user_rules: RuleSet | None = None,
) -> list[str]:
    problems = []
    for pattern in patterns:
        problems += check_pattern(knowledge, pattern, user_rules)
    return problems
