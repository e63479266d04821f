"""A first look at a text: which of many regular expressions may match it, in one pass.

Hundreds of expressions (word rules, vendors' host names and tokens) are joined in one RE2
set, which reads a text once, in time linear in its length, and names every expression
that may match somewhere in it. Searching each expression with Python's ``re`` instead
would read the text once per expression.

The set does not hold the expressions whole. It holds, for each, a short part that every
match of it must contain (see :func:`looked_for`): ``mailbox (?:is )?full`` for
``\\bmailbox (?:is )?full\\b``, ``user unknown`` for ``user unknown.*reject``. Unbounded
repetitions (``.*``, ``\\d+``) would let the set's automaton carry half-matched
expressions along the whole text, and grow a state for every new text; parts without
them keep it small, and its states shared by every text.

RE2 has no look-around, and its ``\\w``, ``\\d`` and ``\\b`` know only ASCII, while
the rules are written for Python's ``re``. So each part enters the set *widened*: changed
so that it matches every text the original matches, and maybe more (see :func:`widened`).
The screen's answer is therefore "maybe": the expression's own search, with ``re``, has the
last word. An expression with no such part, or one RE2 refuses (a back-reference), is
tried on every text.
"""

from __future__ import annotations

import re

from .regexsyntax import (
    GLOBAL_FLAGS,
    branches,
    class_end,
    escape_end,
    group_content,
    group_end,
    items,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

#: what a widened expression gives up, and why the result still matches at least as much
_WIDER = {
    "\\b": "",  # an assertion removed: only more texts match
    "\\B": "",
    "\\w": "[\\w\\p{L}\\p{N}]",  # Python's \w holds every letter and digit, not only ASCII
    "\\d": "\\p{Nd}",  # Python's \d holds every decimal digit
    "\\s": "[\\s\\v\\p{Z}\\x{1c}-\\x{1f}\\x{85}]",  # and \s every blank Unicode knows
    "\\Z": "\\z",  # the same end of text, in RE2's spelling
    "$": "(?:$|\\n\\z)",  # Python's $ also matches before a last newline
}
#: the same inside a character class (no brackets of their own; RE2 reads no \b there,
#: which is Python's backspace). Inside a negated class \w, \d and \s stay as RE2 reads
#: them: narrower than Python's, they leave more characters outside.
_WIDER_IN_CLASS = {
    "\\b": "\\x08", "\\w": "\\w\\p{L}\\p{N}", "\\d": "\\p{Nd}",
    "\\s": "\\s\\v\\p{Z}\\x{1c}-\\x{1f}\\x{85}",
}
_WIDER_IN_NEGATED_CLASS = {"\\b": "\\x08"}
_LOOK_AROUND = ("(?=", "(?!", "(?<=", "(?<!")
#: assertions that match no character: a part of an expression reads on across them
_ZERO_WIDTH = ("\\b", "\\B", "\\A", "\\Z")
#: a counted repetition: {3}, {2,5}, {,5}, {2,} (then its lazy or possessive mark, if any);
#: groups: the least count, the comma, the most count. ("{}" and "{x}" are plain
#: characters in Python.)
_COUNTED = re.compile(r"\{(?:([0-9]+)(,)?([0-9]*)|,([0-9]*))\}[?+]?")
#: the most a repetition may repeat and stay in the part the screen looks for
_SHORT = 10


def _widened_class(members: str) -> str:
    """A character class (brackets included) with its escapes widened as above."""
    wider = _WIDER_IN_NEGATED_CLASS if members.startswith("[^") else _WIDER_IN_CLASS
    return re.sub(r"\\.", lambda found: wider.get(found.group(0), found.group(0)), members)


def widened(regex: str) -> str:
    """A Python regular expression rewritten for RE2 so that it matches every text the
    original matches: look-arounds and word boundaries removed (they only ever refuse a
    match), ``\\w``, ``\\d`` and ``\\s`` widened to every letter, digit and blank as in
    Python, and counted repetitions in RE2's spelling (``{,5}`` as ``{0,5}``, a lazy or
    possessive mark dropped: it changes which match, not whether one exists)."""
    parts: list[str] = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            end = escape_end(regex, index)
            escape = regex[index:end]
            parts.append(_WIDER.get(escape, escape))
            index = end
        elif char == "[":
            end = class_end(regex, index)
            parts.append(_widened_class(regex[index:end]))
            index = end
        elif regex.startswith(_LOOK_AROUND, index):
            index = group_end(regex, index)
        elif char == "{" and (counted := _COUNTED.match(regex, index)):
            least, comma, most, only_most = counted.groups()
            if only_most is not None:
                parts.append(f"{{0,{only_most}}}")
            else:
                parts.append(f"{{{least}{comma or ''}{most}}}")
            index = counted.end()
        else:
            parts.append(_WIDER.get(char, char))
            index += 1
    return "".join(parts)


def _most(quantifier: str) -> int | None:
    """How many times a quantifier lets its atom repeat at most (None: without limit)."""
    if quantifier in ("", "?", "??", "?+"):
        return 1
    counted = _COUNTED.fullmatch(quantifier)
    if counted is None:  # *, +, and their lazy or possessive forms
        return None
    least, comma, most, only_most = counted.groups()
    if only_most is not None:
        return int(only_most) if only_most else None
    if comma and not most:
        return None
    return int(most or least)


def _least(quantifier: str) -> int:
    """How many times a quantifier makes its atom repeat at least."""
    if quantifier.startswith(("*", "?")):
        return 0
    if quantifier.startswith("+"):
        return 1
    counted = _COUNTED.fullmatch(quantifier)
    return int(counted.group(1)) if counted is not None and counted.group(1) else (
        0 if counted is not None else 1)


def _zero_width(atom: str) -> bool:
    return atom in _ZERO_WIDTH or atom.startswith(_LOOK_AROUND)


def _short(atom: str, quantifier: str) -> bool:
    """True when the item matches a bounded, short stretch of text: it may stay in a part."""
    most = _most(quantifier)
    if most is None or most > _SHORT:
        return False
    if not atom.startswith("("):
        return True
    content = group_content(atom)
    return content is not None and all(
        _zero_width(inner) or _short(inner, inner_quantifier)
        for branch in branches(content) for inner, inner_quantifier in items(branch))


def _weight(atom: str, quantifier: str) -> int:
    """How many characters of a text an item fixes: what makes a part worth looking for."""
    if _least(quantifier) == 0:
        return 0
    if atom.startswith("("):
        content = group_content(atom)
        if content is None:
            return 0
        return min(sum(_weight(*item) for item in items(branch))
                   for branch in branches(content))
    if atom.startswith("\\"):
        return 0 if atom[1:2].isalnum() else 1  # \. or \- is one character; \d, \w many
    return 0 if atom.startswith("[") or atom in ".^$" else 1


def _best_part(branch: str) -> tuple[str, int] | None:
    """The part of a branch that fixes the most characters of a text, and how many: a
    stretch of short items between unbounded ones, or what a group holding unbounded
    items requires; None when the branch has neither."""
    best: tuple[str, int] | None = None
    part: list[str] = []
    weight = 0
    for atom, quantifier in [*items(branch), ("", "*")]:  # an end that closes the last part
        if _zero_width(atom) and _most(quantifier) is not None:
            continue  # an assertion: the part reads on across it
        if atom and _short(atom, quantifier):
            part.append(atom + ("?" if quantifier in ("??", "?+") else quantifier))
            weight += _weight(atom, quantifier)
            continue
        if part and (best is None or weight > best[1]):
            best = "".join(part), weight
        part, weight = [], 0
        content = group_content(atom)
        if content is not None and _least(quantifier) > 0:
            inner = _required(content)  # a group around unbounded items: what it requires
            if inner is not None and (best is None or inner[1] > best[1]):
                best = inner
    return best


def _required(regex: str) -> tuple[str, int] | None:
    """What every match of an expression holds: one part for each top-level branch, as an
    alternation, and how many characters the weakest fixes; None when a branch has none."""
    parts = [_best_part(branch) for branch in branches(regex)]
    found = [part for part in parts if part is not None]
    if len(found) < len(parts):
        return None
    if len(found) == 1:
        return found[0]
    return "(?:" + "|".join(text for text, _ in found) + ")", min(weight for _, weight in found)


def looked_for(regex: str) -> str | None:
    """What the screen looks for to know that a Python expression may match, widened for
    RE2: in each top-level branch, the part of short items that fixes the most characters
    (in a group, if that is where they are). Every match of the expression holds one of
    them. None when a branch has no such part (``.*``, ``\\w+``): the expression is then
    tried on every text."""
    prefix = ""
    flags = GLOBAL_FLAGS.match(regex)
    if flags is not None:
        if set(flags.group(1)) - set("ims"):  # RE2 knows no other, and x changes the syntax
            return None
        prefix, regex = flags.group(0), regex[flags.end():]
    required = _required(regex)
    return prefix + widened(required[0]) if required is not None else None


def phrases_regex(phrases: Iterable[str]) -> str:
    """Phrases in order, anything between them, as one expression."""
    return ".*".join(re.escape(phrase) for phrase in phrases)


class Screen:
    """Python expressions, each looked for by its part in one RE2 set; ``find`` gives, in
    one pass over a text, the places (in the order given) of those that may match it."""

    __slots__ = ("_always", "_set")

    def __init__(self, expressions: Iterable[str]) -> None:
        import re2

        options = re2.Options()
        options.max_mem = 64 << 20  # the set's automaton is built lazily within this budget
        options.log_errors = False  # an expression RE2 refuses is dealt with below
        self._set = re2.Set.SearchSet(options)
        self._always: list[int] = []
        count = 0
        for place, expression in enumerate(expressions):
            count += 1
            part = looked_for(expression)
            if part is not None:
                try:
                    self._set.Add(part)
                    continue
                except re2.error:  # RE2 cannot read it
                    pass
            # nothing RE2 can look for: tried on every text instead
            self._always.append(place)
            self._set.Add("[^\\x00-\\x{10ffff}]")  # never matches; keeps places aligned
        try:
            self._set.Compile()
        except re2.error:  # too large together for the memory budget: every one is tried
            self._set = None
            self._always = list(range(count))

    def find(self, text: str) -> list[int]:
        """The places of the expressions that may match the text, in order."""
        if self._set is None:
            return list(self._always)
        found: list[int] | None = self._set.Match(text)
        if self._always:
            return sorted({*(found or ()), *self._always})
        if found is None:
            return []
        found.sort()
        return found
