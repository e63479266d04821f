"""Reading a text: its reason and its vendor, from its words and codes together (the order
of the rules is in :mod:`smtpcodes.reasons`).

The text is normalised, one screen pass names the word rules and vendor signs it may match,
the vendor's entry is found, then the rule that decides. This module is compiled by mypyc
(setup.py) and loaded by the first text read: explaining a bare code does not load it.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode, StatusClass
from .errors import SMTPCodeError, quote
from .reasons import Evidence, Reason, code_table, lookup_code, name_table, shipped
from .registry import find_entry
from .rules import Context
from .wording import normalize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

    from .records import ReasonEntry
    from .reply import Reply
    from .rules import Match, RuleSet
    from .screen import Screen
    from .vendors import VendorBook, VendorMatch


class Knowledge:
    """The reasons, word rules and vendors a reading uses: the shipped data, or a test's.

    One screen holds the word rules' expressions, then the vendors': a text is read once
    for both.
    """

    __slots__ = ("_by_name", "_screen", "codes", "patterns", "reasons", "vendors")

    def __init__(
        self, reasons: Iterable[ReasonEntry], patterns: RuleSet, vendors: VendorBook,
    ) -> None:
        self.reasons = tuple(reasons)
        self.patterns = patterns
        self.vendors = vendors
        self.codes = code_table(self.reasons)
        self._by_name = name_table(self.reasons)
        self._screen: Screen | None = None

    def screen(self, text: str) -> tuple[list[int], list[int]]:
        """What may match the normalised text: the word rules' ranks, and the places of
        the vendors' expressions."""
        if self._screen is None:
            from .screen import Screen

            self._screen = Screen([*self.patterns.expressions, *self.vendors.expressions])
        found = self._screen.find(text)
        rules = len(self.patterns.expressions)
        cut = next((index for index, place in enumerate(found) if place >= rules), len(found))
        return found[:cut], [place - rules for place in found[cut:]]

    def entry(self, name: str) -> ReasonEntry | None:
        """The reason of that name (or of an older spelling of it)."""
        return self._by_name.get(name)


class Reading:
    """What reading a text found: its reason and its vendor (either may be None)."""

    __slots__ = ("reason", "vendor")

    def __init__(self, reason: Reason | None, vendor: VendorMatch | None) -> None:
        self.reason = reason
        self.vendor = vendor


def context_of(reply: Reply | None) -> Context:
    """What a rule's conditions are checked against, from a reply (None: a text with no code)."""
    if reply is None:
        return Context()
    basic = reply.basic
    enhanced = reply.enhanced
    digit = basic // 100 if basic is not None else (
        enhanced.class_digit if enhanced is not None else 0)
    return Context(
        basic=int(basic) if basic is not None else None,
        enhanced=str(enhanced) if enhanced is not None else None,
        status_class=_CLASS_NAMES.get(digit),
        reply=reply,
    )


#: the status classes' names (``Context.status_class``) by their digit
_CLASS_NAMES = {status_class.digit: status_class.value for status_class in StatusClass.members()}


def read(
    text: str, reply: Reply | None, *, knowledge: Knowledge | None = None,
    user_rules: RuleSet | None = None, vendor: str | None = None,
) -> Reading:
    """Read a text's reason and vendor; ``reply`` is its parse (None when it has no code).

    ``vendor`` names the provider when the caller knows it (the host it connected to) and
    the text does not say.
    """
    knowledge = knowledge or shipped()
    if vendor is not None and all(known.id != vendor for known in knowledge.vendors.vendors):
        ids = ", ".join(known.id for known in knowledge.vendors.vendors)
        raise SMTPCodeError(f"vendor {quote(vendor)} is unknown: expected one of {ids}")
    basic = reply.basic if reply is not None else None
    enhanced = reply.enhanced if reply is not None else None
    context = context_of(reply)
    words = normalize(text)
    rules, signs = knowledge.screen(words)
    found = knowledge.vendors.recognise(words, context, _registered(enhanced), signs)
    if found is None and vendor is not None:
        found = knowledge.vendors.given(vendor, words, context, signs)
    if found is not None:
        context.vendor = found.id
    transient = context.status_class == "transient"
    return Reading(
        _decide(knowledge, words, rules, context, basic, enhanced, found, user_rules,
                transient),
        found,
    )


def _registered(enhanced: EnhancedCode | None) -> bool:
    if enhanced is None:
        return True
    return find_entry(enhanced) is not None


def _decide(
    knowledge: Knowledge, words: str, rules: list[int], context: Context,
    basic: ReplyCode | None, enhanced: EnhancedCode | None, vendor: VendorMatch | None,
    user_rules: RuleSet | None, transient: bool,
) -> Reason | None:
    """The reason, by the order of the module docstring; ``rules``: the ranks of the word
    rules the screen found the text may match."""
    if user_rules is not None:
        mine = user_rules.first(words, context)
        if mine is not None:
            return _from_match(knowledge, mine, transient, "user-pattern")
    if vendor is not None and vendor.code is not None and vendor.code.reason:
        entry = knowledge.entry(vendor.code.reason)
        if entry is not None:
            code = vendor.code
            evidence = Evidence("vendor", code.id, code.label, (code.url or vendor.url,),
                                vendor.vendor.checked)
            return Reason(entry, evidence, transient=transient, remedy=code.remedy,
                          remedy_detail=code.remedy_detail, scope=code.scope)
    by_code = lookup_code(knowledge.codes, basic, enhanced)
    if by_code is not None:
        # Only the best rule marked over_code can overrule the code: no other is tried.
        over_code = knowledge.patterns.first_over_code(words, context, rules)
        if over_code is not None:
            return _from_match(knowledge, over_code, transient, "pattern")
        key, entry = by_code
        return Reason(entry, Evidence("code", key), transient=transient)
    best = knowledge.patterns.first(words, context, rules)
    if best is not None:
        return _from_match(knowledge, best, transient, "pattern")
    return None


def _from_match(knowledge: Knowledge, match: Match, transient: bool, rule: str) -> Reason | None:
    pattern = match.pattern
    entry = knowledge.entry(pattern.reason)
    if entry is None:
        return None
    evidence = Evidence(rule, pattern.id, match.words, pattern.sources, pattern.checked)
    return Reason(entry, evidence, transient=transient, remedy=pattern.remedy,
                  remedy_detail=pattern.remedy_detail, scope=pattern.scope)
