"""A Python regular expression read as structure, without compiling it: its top-level
branches, the atoms of a branch with their quantifiers, what a group holds.

Only what the screen (:mod:`smtpcodes.screen`) and the fast search form
(:mod:`smtpcodes.fastsearch`) need is read: escapes, character classes,
groups and quantifiers are told apart so that a ``|`` or a ``)`` inside them is not taken
for structure.
"""

from __future__ import annotations

import re

#: what may follow an atom: a quantifier, or nothing
QUANTIFIER = re.compile(r"(?:[*+?][?+]?|\{(?:[0-9]+(?:,[0-9]*)?|,[0-9]*)\}[?+]?)?")
#: the flags an expression may start with, for all of it ("(?i)"); group 1: the letters
GLOBAL_FLAGS = re.compile(r"\(\?([aiLmsux]+)\)")
#: escapes longer than a backslash and one character: \x41, \u00e9, \U0001f600, \N{...},
#: octal \012, back-references \1
_LONG_ESCAPE = re.compile(r"x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|N\{[^}]*\}"
                          r"|0[0-7]{0,2}|[1-9][0-9]?")


def escape_end(regex: str, start: int) -> int:
    """Where the escape starting at ``start`` (its backslash) ends."""
    long = _LONG_ESCAPE.match(regex, start + 1)
    return long.end() if long is not None else start + 2


def class_end(regex: str, start: int) -> int:
    """Where the character class opening at ``start`` ends (the index after its ``]``)."""
    index = start + 1
    if regex.startswith("^", index):
        index += 1
    if regex.startswith("]", index):  # a "]" first is a member, not the end
        index += 1
    while index < len(regex) and regex[index] != "]":
        index += 2 if regex[index] == "\\" else 1
    return index + 1


def group_end(regex: str, start: int) -> int:
    """Where the group opening at ``start`` ends (the index after its ``)``)."""
    depth = 0
    index = start
    while index < len(regex):
        char = regex[index]
        if char == "\\":
            index += 2
            continue
        if char == "[":
            index = class_end(regex, index)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return index


def atom_end(regex: str, start: int) -> int:
    """Where the atom starting at ``start`` ends: an escape, a class, a group or one
    character."""
    char = regex[start]
    if char == "\\":
        return escape_end(regex, start)
    if char == "[":
        return class_end(regex, start)
    if char == "(":
        return group_end(regex, start)
    return start + 1


def branches(regex: str) -> list[str]:
    """The expression split at its top-level ``|``."""
    found: list[str] = []
    start = index = 0
    while index < len(regex):
        if regex[index] == "|":
            found.append(regex[start:index])
            start = index + 1
            index += 1
        else:
            index = atom_end(regex, index)
    found.append(regex[start:])
    return found


def items(branch: str) -> list[tuple[str, str]]:
    """A branch's top-level atoms, each with its quantifier ("" when it has none)."""
    found: list[tuple[str, str]] = []
    index = 0
    while index < len(branch):
        end = atom_end(branch, index)
        quantifier = QUANTIFIER.match(branch, end)
        after = quantifier.end() if quantifier is not None else end
        found.append((branch[index:end], branch[end:after]))
        index = after
    return found


def group_content(atom: str) -> str | None:
    """The content of a group atom, after its opening (``(``, ``(?:``, ``(?i:``,
    ``(?P<name>``); None for an atom that is no group, or a group of another kind."""
    if not atom.startswith("(") or not atom.endswith(")"):
        return None
    opening = re.match(r"\((?:\?(?:[aiLmsux-]*:|P<\w+>))?", atom)
    if opening is None or atom[opening.end():opening.end() + 1] == "?":
        return None
    return atom[opening.end():-1]
