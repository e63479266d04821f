"""A rule's expression rewritten so that Python's ``re`` finds it fast, matching the same.

``re`` skips fast to the places where an expression may start only when the expression
starts with plain characters (or, for an alternation, when each branch does). Rules mostly
start with a word boundary, ``\\bmailbox full``, and are then tried at every character of
a text. :func:`literal_first` moves such a boundary, and any look-behind before it, after
the characters: ``mailbox full(?<=\\bmailbox full)``. The check is the same, made at the
same place, only once the characters are found; every match keeps its place and its words.
"""

from __future__ import annotations

import re

from .regexsyntax import GLOBAL_FLAGS, branches, group_content, items

#: a character that stands for itself in an expression
_PLAIN = re.compile(r"[^.^$*+?{}\[\]\\|()]|\\[^0-9A-Za-z]")


def literal_first(regex: str) -> str:
    """The expression with each top-level branch that opens with a word boundary or a
    look-behind, then plain characters, opening with those characters instead (see the
    module docstring); other branches, and expressions with global flags, unchanged."""
    if GLOBAL_FLAGS.match(regex):  # verbose mode, for one, changes what is plain
        return regex
    return "|".join(_branch_literal_first(branch) for branch in branches(regex))


def fast_compiled(regex: str) -> re.Pattern[str]:
    """The expression compiled in its fast form (the same matches)."""
    try:
        return re.compile(literal_first(regex))
    except re.error:  # a form this rewriting did not foresee: the expression as written
        return re.compile(regex)


def _is_look_behind(atom: str) -> bool:
    return atom == "\\b" or atom.startswith(("(?<=", "(?<!"))


def _branch_literal_first(branch: str) -> str:
    parts = items(branch)
    leading = 0  # the assertions the branch opens with
    while leading < len(parts) and parts[leading][1] == "" and _is_look_behind(parts[leading][0]):
        leading += 1
    if leading == 0 or leading == len(parts):
        return branch
    checks = "".join(atom for atom, _ in parts[:leading])
    literal = _literal_atoms(parts[leading:])
    if literal:
        characters = "".join(literal)
        rest = "".join(atom + quantifier for atom, quantifier in parts[leading + len(literal):])
        return f"{characters}(?<={checks}{characters}){rest}"
    # A group of alternatives, each opening with plain characters: each takes the checks.
    atom, quantifier = parts[leading]
    content = group_content(atom)
    if quantifier or content is None or not atom.startswith("(?:"):
        return branch
    alternatives = branches(content)
    if not all(_literal_atoms(items(alternative)) for alternative in alternatives):
        return branch
    moved = "|".join(_branch_literal_first(checks + alternative) for alternative in alternatives)
    rest = "".join(atom + quantifier for atom, quantifier in parts[leading + 1:])
    return f"(?:{moved}){rest}"


def _literal_atoms(parts: list[tuple[str, str]]) -> list[str]:
    """The plain characters a branch's items open with, none of them repeated."""
    found: list[str] = []
    for atom, quantifier in parts:
        if quantifier or not _PLAIN.fullmatch(atom):
            break
        found.append(atom)
    return found
