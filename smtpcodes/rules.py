"""Word rules: a pattern of words tied to a reason, its conditions, and a fast way to match many.

A rule is data (``data/patterns/*.toml``, or a user's own file): the words a server writes
for one reason, as a phrase, an ordered list of phrases or a regular expression, with
optional conditions on the reply's codes, the command it answered and the vendor. Texts
are normalised first (:mod:`smtpcodes.wording`), so a rule is written once for every way
of dressing the same words.

Matching many rules stays cheap: one pass of a screen (:mod:`smtpcodes.screen`) names the
rules that may match a text, and only those are searched. Phrase lists are matched left to
right with one search each, so the time stays linear in the text.
"""

from __future__ import annotations

import re

from .errors import RuleError
from .fastsearch import Branch, fast_branches, search_branches
from .screen import Screen, phrases_regex

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Mapping, Sequence

    from .reply import Reply


REMEDIES = (
    "none", "let_retry", "slow_down", "suppress_recipient", "fix_address", "fix_sender_setup",
    "change_message", "get_delisted", "contact_recipient", "fix_local_config", "investigate",
)
REMEDY_DETAILS = ("spf", "dkim", "dmarc", "ptr", "helo", "tls", "auth", "dns")
SCOPES = (
    "recipient", "recipient_domain", "message", "sender_domain", "sending_ip", "connection",
    "local_system",
)
CLASSES = ("success", "intermediate", "transient", "permanent")
COMMANDS = ("CONNECT", "EHLO", "HELO", "STARTTLS", "AUTH", "MAIL", "RCPT", "DATA", "QUIT")

_ID = r"^[a-z0-9]+(?:[-_.][a-z0-9]+)*$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_ENHANCED_PREFIX = r"^[245](?:\.[0-9]{1,3}){0,2}$"


class Context:
    """What a rule's conditions are checked against: the reply's codes, command and vendor.

    The command may come as the reply it is read from, only when a rule asks for it: few
    rules do, and finding it means searching the text.
    """

    __slots__ = ("_command", "_reply", "basic", "enhanced", "status_class", "vendor")

    def __init__(
        self, basic: int | None = None, enhanced: str | None = None,
        status_class: str | None = None, command: str | None = None, vendor: str | None = None,
        reply: Reply | None = None,
    ) -> None:
        self.basic = basic
        self.enhanced = enhanced
        self.status_class = status_class
        self._command = _first_word(command)
        self._reply = reply
        self.vendor = vendor

    @property
    def command(self) -> str | None:
        """First word of the command, upper case: "RCPT", "MAIL", "DATA", "CONNECT"."""
        if self._reply is not None:
            self._command, self._reply = _first_word(self._reply.command), None
        return self._command


def _first_word(command: str | None) -> str | None:
    return command.split()[0].upper() if command else None


class Conditions:
    """A rule's optional conditions; every one given must hold."""

    __slots__ = ("basic", "command", "enhanced", "status_class", "vendor")

    def __init__(
        self, basic: tuple[int, ...] = (), enhanced: tuple[str, ...] = (),
        status_class: str | None = None, command: tuple[str, ...] = (),
        vendor: str | None = None,
    ) -> None:
        self.basic = basic
        self.enhanced = enhanced
        self.status_class = status_class
        self.command = command
        self.vendor = vendor

    def hold(self, context: Context) -> bool:
        if self.basic and context.basic not in self.basic:
            return False
        if self.enhanced:
            code = context.enhanced
            if code is None or not any(
                code == prefix or code.startswith(prefix + ".") for prefix in self.enhanced
            ):
                return False
        if self.status_class is not None and context.status_class != self.status_class:
            return False
        if self.command and context.command not in self.command:
            return False
        return self.vendor is None or context.vendor == self.vendor

    def as_dict(self) -> dict[str, object]:
        found: dict[str, object] = {}
        if self.basic:
            found["basic"] = list(self.basic)
        if self.enhanced:
            found["enhanced"] = list(self.enhanced)
        if self.status_class:
            found["class"] = self.status_class
        if self.command:
            found["command"] = list(self.command)
        if self.vendor:
            found["vendor"] = self.vendor
        return found


NO_CONDITIONS = Conditions()


def phrase_regex(phrase: str) -> str:
    """A phrase as an expression that matches it only at word boundaries where its own
    ends are word characters."""
    start = r"(?<!\w)" if re.match(r"\w", phrase) else ""
    end = r"(?!\w)" if re.search(r"\w$", phrase) else ""
    return start + re.escape(phrase) + end


class Pattern:
    """One rule: the words for one reason, with their conditions and where they were seen."""

    __slots__ = (
        "_compiled", "checked", "examples", "id", "kind", "lang", "near_misses",
        "over_code", "priority", "reason", "remedy", "remedy_detail", "scope", "sources",
        "user", "when", "words",
    )

    def __init__(
        self, *, id: str, reason: str, kind: str, words: tuple[str, ...], lang: str = "en",
        when: Conditions = NO_CONDITIONS, priority: int = 0, over_code: bool = False,
        remedy: str = "", remedy_detail: str = "", scope: str = "",
        sources: tuple[str, ...] = (), checked: str = "", examples: tuple[str, ...] = (),
        near_misses: tuple[str, ...] = (), user: bool = False,
    ) -> None:
        self.id = id
        self.reason = reason
        #: "phrase", "phrases" or "regex"
        self.kind = kind
        #: the normalised phrases, or the one regular expression
        self.words = words
        self.lang = lang
        self.when = when
        self.priority = priority
        self.over_code = over_code
        self.remedy = remedy
        self.remedy_detail = remedy_detail
        self.scope = scope
        self.sources = sources
        self.checked = checked
        self.examples = examples
        self.near_misses = near_misses
        #: True for a rule from the user's own file (it takes precedence)
        self.user = user
        self._compiled: tuple[list[Branch], ...] | None = None

    def screen_regex(self) -> str:
        """One expression matching every text this rule matches, for the screen."""
        return self.words[0] if self.kind == "regex" else phrases_regex(self.words)

    def _parts(self) -> tuple[list[Branch], ...]:
        """What is searched, in order: the expression, or each phrase after the one before;
        each as its branches in their fast form (:mod:`smtpcodes.fastsearch`)."""
        if self._compiled is None:
            if self.kind == "regex":
                self._compiled = (fast_branches(self.words[0]),)
            else:
                self._compiled = tuple(fast_branches(phrase_regex(phrase))
                                       for phrase in self.words)
        return self._compiled

    def search(self, text: str) -> str | None:
        """The words of the normalised text this rule matches, or None."""
        found: list[str] = []
        position = 0
        for part in self._parts():
            match = search_branches(part, text, position)
            if match is None:
                return None
            found.append(match.group(0))
            position = match.end()
        return " … ".join(found)

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "reason": self.reason, self.kind: (
                self.words[0] if self.kind != "phrases" else list(self.words)),
            "when": self.when.as_dict(), "priority": self.priority, "over_code": self.over_code,
            "lang": self.lang, "sources": list(self.sources), "checked": self.checked,
            "user": self.user,
        }

    def __repr__(self) -> str:
        return f"<Pattern {self.id} -> {self.reason}>"


class Match:
    """A rule that matched a text, with the words it matched."""

    __slots__ = ("pattern", "words")

    def __init__(self, pattern: Pattern, words: str) -> None:
        self.pattern = pattern
        self.words = words


class RuleSet:
    """Many rules, screened so that a text tries only the rules it may match.

    A screen (:mod:`smtpcodes.screen`) names, in one pass, the rules that may match a text:
    the set's own, or one shared with other expressions, whose findings the caller then
    gives as ``candidates``. Those are searched highest priority first, then in the order
    of the data.
    """

    __slots__ = ("_over_code", "_ranked", "_screen", "expressions", "patterns")

    def __init__(self, patterns: Iterable[Pattern]) -> None:
        self.patterns = tuple(patterns)
        # Rules are tried by priority (highest first), then in the order of the data; the
        # screen names each rule by its rank in that order.
        self._ranked = tuple(sorted(self.patterns, key=lambda pattern: -pattern.priority))
        #: what the screen looks for, by rank
        self.expressions = [pattern.screen_regex() for pattern in self._ranked]
        self._screen: Screen | None = None
        self._over_code = frozenset(
            rank for rank, pattern in enumerate(self._ranked) if pattern.over_code)

    def candidates(self, text: str) -> list[int]:
        """The ranks of the rules that may match the normalised text, in order."""
        if self._screen is None:
            self._screen = Screen(self.expressions)
        return self._screen.find(text)

    def _matching(self, text: str, context: Context, ranks: Iterable[int]) -> Iterator[Match]:
        """The rules of these ranks matching the normalised text whose conditions hold, as
        they are found, in the order given."""
        ranked = self._ranked
        for rank in ranks:
            pattern = ranked[rank]
            if pattern.when is not NO_CONDITIONS and not pattern.when.hold(context):
                continue
            matched = pattern.search(text)
            if matched is not None:
                yield Match(pattern, matched)

    def matches(self, text: str, context: Context) -> list[Match]:
        """Every rule matching the normalised text whose conditions hold, highest priority
        first."""
        return list(self._matching(text, context, self.candidates(text)))

    def first(
        self, text: str, context: Context, candidates: list[int] | None = None,
    ) -> Match | None:
        """The match of highest priority (the first in the data on a tie), trying no more
        rules than it takes to find it."""
        if candidates is None:
            candidates = self.candidates(text)
        return next(self._matching(text, context, candidates), None)

    def first_over_code(
        self, text: str, context: Context, candidates: list[int] | None = None,
    ) -> Match | None:
        """The match of highest priority when its rule is marked ``over_code``, else None:
        all a reply needs when its code means one reason alone. The rules ranked after the
        last over-code one the text may match are not tried: none of them could decide."""
        if candidates is None:
            candidates = self.candidates(text)
        over_code = [rank for rank in candidates if rank in self._over_code]
        if not over_code:  # most texts: the code decides, no rule searched
            return None
        last = over_code[-1]
        found = next(self._matching(
            text, context, (rank for rank in candidates if rank <= last)), None)
        return found if found is not None and found.pattern.over_code else None


# --- building rules from records (data files, user files) -------------------------------

_FIELDS = {
    "id", "reason", "phrase", "phrases", "regex", "when", "priority", "over_code", "remedy",
    "remedy_detail", "scope", "lang", "sources", "checked", "examples", "near_misses",
}
_WHEN_FIELDS = {"basic", "class", "enhanced", "command", "vendor"}


def _strings(where: str, field: str, value: object) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise RuleError(f"{where}: {field} must be a string or a list of strings, not {value!r}")
    return tuple(value)


def _conditions(where: str, when: object) -> Conditions:
    if not isinstance(when, dict):
        raise RuleError(f"{where}: when must be a table like {{ class = \"permanent\" }}")
    unknown = set(when) - _WHEN_FIELDS
    if unknown:
        raise RuleError(f"{where}: unknown condition {sorted(unknown)}; "
                        f"expected some of {sorted(_WHEN_FIELDS)}")
    basic = when.get("basic", [])
    if isinstance(basic, int):
        basic = [basic]
    if not isinstance(basic, list) or not all(
            isinstance(code, int) and 200 <= code <= 599 for code in basic):
        raise RuleError(f"{where}: when.basic must be reply codes like [550, 554], not {basic!r}")
    enhanced = _strings(where, "when.enhanced", when.get("enhanced", []))
    for prefix in enhanced:
        if not re.match(_ENHANCED_PREFIX, prefix):
            raise RuleError(f"{where}: when.enhanced {prefix!r} is not a code or prefix like "
                            "'5.7', '5.7.1'")
    status_class = when.get("class")
    if status_class is not None and status_class not in CLASSES:
        raise RuleError(f"{where}: when.class {status_class!r} is not one of {list(CLASSES)}")
    commands = tuple(command.upper() for command in
                     _strings(where, "when.command", when.get("command", [])))
    for command in commands:
        if command not in COMMANDS:
            raise RuleError(f"{where}: when.command {command!r} is not one of {list(COMMANDS)}")
    vendor = when.get("vendor")
    if vendor is not None and not isinstance(vendor, str):
        raise RuleError(f"{where}: when.vendor must be a vendor id, not {vendor!r}")
    if not (basic or enhanced or status_class or commands or vendor):
        return NO_CONDITIONS
    return Conditions(tuple(basic), enhanced, status_class, commands, vendor)


def _choice(where: str, field: str, value: object, allowed: Sequence[str]) -> str:
    if value in ("", None):
        return ""
    if value not in allowed:
        raise RuleError(f"{where}: {field} {value!r} is not one of {list(allowed)}")
    return str(value)


def pattern_from_record(
    record: Mapping[str, object], where: str, reasons: Iterable[str], *, user: bool = False,
) -> Pattern:
    """Check one ``[[pattern]]`` record against the schema and build its rule."""
    from .wording import normalize_phrase

    rule_id = record.get("id")
    if not isinstance(rule_id, str) or not re.match(_ID, rule_id):
        raise RuleError(f"{where}: id {rule_id!r} must be lower-case words joined by '-'")
    where = f"{where} ({rule_id})"
    unknown = set(record) - _FIELDS
    if unknown:
        raise RuleError(f"{where}: unknown field {sorted(unknown)}; see data/README.md")
    reason = record.get("reason")
    known = set(reasons)
    if reason not in known:
        raise RuleError(f"{where}: reason {reason!r} is not a known reason name "
                        f"(one of {', '.join(sorted(known))})")
    given = [field for field in ("phrase", "phrases", "regex") if field in record]
    if len(given) != 1:
        raise RuleError(f"{where}: give exactly one of phrase, phrases or regex (got {given})")
    kind = given[0]
    raw = _strings(where, kind, record[kind])
    if kind == "phrase" and len(raw) != 1:
        raise RuleError(f"{where}: phrase is one string; use phrases for a list")
    if kind == "regex":
        try:
            re.compile(raw[0])
        except re.error as error:
            raise RuleError(f"{where}: regex {raw[0]!r} does not compile: {error}") from None
        words = raw
    else:
        words = tuple(normalize_phrase(phrase) for phrase in raw)
        if not all(words):
            raise RuleError(f"{where}: an empty phrase matches everything")
    priority = record.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        raise RuleError(f"{where}: priority must be an integer, not {priority!r}")
    over_code = record.get("over_code", False)
    if not isinstance(over_code, bool):
        raise RuleError(f"{where}: over_code must be true or false")
    checked = record.get("checked", "")
    if checked and (not isinstance(checked, str) or not re.match(_DATE, checked)):
        raise RuleError(f"{where}: checked {checked!r} must be a date like 2026-12-02")
    lang = record.get("lang", "en")
    if not isinstance(lang, str) or not re.match(r"^[a-z]{2,3}$", lang):
        raise RuleError(f"{where}: lang {lang!r} must be a language code like 'en' or 'fr'")
    return Pattern(
        id=rule_id, reason=str(reason), kind=kind, words=words, lang=lang,
        when=_conditions(where, record.get("when", {})), priority=priority,
        over_code=over_code,
        remedy=_choice(where, "remedy", record.get("remedy"), REMEDIES),
        remedy_detail=_choice(where, "remedy_detail", record.get("remedy_detail"),
                              REMEDY_DETAILS),
        scope=_choice(where, "scope", record.get("scope"), SCOPES),
        sources=_strings(where, "sources", record.get("sources", [])),
        checked=str(checked),
        examples=_strings(where, "examples", record.get("examples", [])),
        near_misses=_strings(where, "near_misses", record.get("near_misses", [])),
        user=user,
    )
