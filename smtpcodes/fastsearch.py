"""A rule's expression rewritten so that Python's ``re`` finds it fast, matching the same.

``re`` skips fast to the places where an expression may start only when the expression
starts with plain characters (or, for an alternation, when each branch does). Rules mostly
start with a word boundary, ``\\bmailbox full``, and are then tried at every character of
a text. :func:`literal_first` moves such a boundary, and any look-behind before it, after
the characters: ``mailbox full(?<=\\bmailbox full)``. The check is the same, made at the
same place, only once the characters are found; every match keeps its place and its words.

An alternation of many branches is still slow: ``re`` tries every branch wherever the first
character of any could start. :func:`fast_branches` gives each top-level branch apart, with
the characters it opens with: a branch whose characters the text does not hold is not
searched, and the earliest match of the others is the alternation's match.
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


#: a reference back to a group, whose number would change with the branch alone
_BACK_REFERENCE = re.compile(r"\\[1-9]|\(\?P=")

#: a top-level branch: the plain characters one of which every match of it opens with (none:
#: no such characters, the branch is always searched), and the branch compiled
Branch = tuple[tuple[str, ...], re.Pattern[str]]


def fast_branches(regex: str) -> list[Branch]:
    """The expression's top-level branches, each in its fast form and compiled, with the
    characters it opens with. An expression whose branches cannot stand apart (global flags,
    a branch that is not an expression alone) is one branch, always searched."""
    if GLOBAL_FLAGS.match(regex) or _BACK_REFERENCE.search(regex):
        return [((), fast_compiled(regex))]
    found: list[Branch] = []
    for branch in branches(regex):
        fast = _branch_literal_first(branch)
        try:
            found.append((_openings(fast), re.compile(fast)))
        except re.error:
            return [((), fast_compiled(regex))]
    return found


def search_branches(found: list[Branch], text: str, position: int = 0) -> re.Match[str] | None:
    """The match the whole alternation finds from ``position``: the earliest, the first
    branch on a tie."""
    best: re.Match[str] | None = None
    for openings, pattern in found:
        if openings and not any(opening in text for opening in openings):
            continue
        match = pattern.search(text, position)
        if match is not None and (best is None or match.start() < best.start()):
            best = match
    return best


def _openings(branch: str) -> tuple[str, ...]:
    """The plain characters a branch opens with, or those each alternative of its opening
    group of alternatives opens with; none when it opens otherwise."""
    parts = items(branch)
    literal = _literal_atoms(parts)
    if literal:
        return (_characters(literal),)
    if not parts or parts[0][1] or not parts[0][0].startswith("(?:"):
        return ()
    content = group_content(parts[0][0])
    if content is None:
        return ()
    openings = []
    for alternative in branches(content):
        opening = _literal_atoms(items(alternative))
        if not opening:
            return ()
        openings.append(_characters(opening))
    return tuple(openings)


def _characters(atoms: list[str]) -> str:
    """What plain atoms match: ``\\.`` matches a dot."""
    return "".join(atom[1:] if atom.startswith("\\") else atom for atom in atoms)


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
