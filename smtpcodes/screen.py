"""A first look at a text: which of many regular expressions may match it, in one pass.

Hundreds of expressions (word rules, vendors' host names and tokens) are joined in one RE2
set, which reads a text once, in time linear in its length, and names every expression
that matches somewhere in it. Searching each expression with Python's ``re`` instead would
read the text once per expression.

RE2 has no look-around, and its ``\\w``, ``\\d`` and ``\\b`` know only ASCII, while the rules
are written for Python's ``re``. So each expression enters the set *widened*: changed so
that it matches every text the original matches, and maybe more (see :func:`widened`). The
screen's answer is therefore "maybe": the expression's own search, with ``re``, has the
last word. An expression RE2 still refuses (a back-reference, a conditional group) is
tried on every text.
"""

from __future__ import annotations

import re

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
#: a counted repetition: {3}, {2,5}, {,5}, {2,} (then its lazy mark, if any); the group is
#: the least count. ("{}" and "{x}" are plain characters in Python.)
_COUNTED = re.compile(r"\{(?:([0-9]+)(?:,[0-9]*)?|,[0-9]*)\}\??")


def _class_end(regex: str, start: int) -> int:
    """Where the character class opening at ``start`` ends (the index after its ``]``)."""
    index = start + 1
    if regex.startswith("^", index):
        index += 1
    if regex.startswith("]", index):  # a "]" first is a member, not the end
        index += 1
    while index < len(regex) and regex[index] != "]":
        index += 2 if regex[index] == "\\" else 1
    return index + 1


def _group_end(regex: str, start: int) -> int:
    """Where the group opening at ``start`` ends (the index after its ``)``)."""
    depth = 0
    index = start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = _class_end(regex, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def _widened_class(members: str) -> str:
    """A character class (brackets included) with its escapes widened as above."""
    wider = _WIDER_IN_NEGATED_CLASS if members.startswith("[^") else _WIDER_IN_CLASS
    return re.sub(r"\\.", lambda found: wider.get(found.group(0), found.group(0)), members)


def widened(regex: str) -> str:
    """A Python regular expression rewritten for RE2 so that it matches every text the
    original matches: look-arounds and word boundaries removed (they only ever refuse a
    match), ``\\w``, ``\\d`` and ``\\s`` widened to every letter, digit and blank as in
    Python, and counted repetitions left without their most (``{0,40}`` as ``*``, ``{3}``
    as ``{3,}``: a smaller automaton, no fewer matches)."""
    parts: list[str] = []
    index = 0
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            escape = regex[index:index + 2]
            parts.append(_WIDER.get(escape, escape))
            index += 2
        elif char == "[":
            end = _class_end(regex, index)
            parts.append(_widened_class(regex[index:end]))
            index = end
        elif regex.startswith(_LOOK_AROUND, index):
            index = _group_end(regex, index)
        elif char == "{" and (counted := _COUNTED.match(regex, index)):
            least = int(counted.group(1) or 0)
            parts.append(f"{{{least},}}" if least else "*")
            index = counted.end()
        else:
            parts.append(char)
            index += 1
    return "".join(parts)


def phrases_regex(phrases: Iterable[str]) -> str:
    """Phrases in order, anything between them, as one expression for the screen."""
    return ".*".join(re.escape(phrase) for phrase in phrases)


class Screen:
    """Expressions joined in one RE2 set; ``find`` gives, in one pass over a text, the
    places (in the order added) of those that may match it."""

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
            try:
                self._set.Add(expression)
            except re2.error:  # RE2 cannot read it: tried on every text instead
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
