"""A cheap first look at a text: which of many rules could match it, from its words alone.

Hundreds of rules (word rules, vendors' host names and tokens) are each filed under an
anchor: a string that every text the rule matches contains. Looking an anchor up must not
cost a search through the text per rule, so each anchor is filed by a word of it:

- a whole word of the anchor ("mailbox" in ``mailbox full``) is looked up in the text's words;
- a word the anchor cuts at one end (``\\bexceede`` starts a word, ``existent `` ends one) is
  looked up by the first or the last three letters of each word of the text, and then the
  anchor itself is looked for in the text;
- an anchor with no usable word ("gsmtp", which may stand inside a longer word) is looked for
  in every text.

An anchor string may begin or end with ``\\b``: the text has a word boundary there. The
screen only ever says "maybe": the rule's own search has the last word.
"""

from __future__ import annotations

import re
from typing import Generic, TypeVar

Item = TypeVar("Item")

#: the letters a cut word is filed under
KEY_LENGTH = 3
BOUNDARY = "\\b"
_WORD = re.compile(r"\w+")


def anchor_key(anchor: str) -> tuple[str, str, str]:
    """How an anchor is filed: (kind, key, the string to look for in the text).

    ``kind`` is "word" (key: a whole word), "prefix" or "suffix" (key: the first or last
    letters of a word the anchor starts or ends), or "text" (no key: look for the string).
    """
    starts_word = anchor.startswith(BOUNDARY)
    ends_word = anchor.endswith(BOUNDARY) and len(anchor) > len(BOUNDARY)
    core = anchor[len(BOUNDARY) if starts_word else 0:
                  len(anchor) - len(BOUNDARY) if ends_word else len(anchor)]
    best: tuple[int, int, str, str] | None = None  # (rank, length, kind, word)
    for run in _WORD.finditer(core):
        whole_left = run.start() > 0 or starts_word
        whole_right = run.end() < len(core) or ends_word
        word = run.group(0)
        if whole_left and whole_right:
            choice = (2, len(word), "word", word)
        elif (whole_left or whole_right) and len(word) >= KEY_LENGTH:
            choice = (1, len(word), "prefix" if whole_left else "suffix", word)
        else:
            continue
        if best is None or choice[:2] > best[:2]:
            best = choice
    if best is None:
        return "text", "", core
    _, _, kind, word = best
    if kind == "word":
        return kind, word, core
    return kind, word[:KEY_LENGTH] if kind == "prefix" else word[-KEY_LENGTH:], core


#: what the screen keeps per anchor: the string to look for ("" when the key says it all),
#: the words the text must also hold, the item
_Filed = tuple[str, frozenset[str], Item]


class Screen(Generic[Item]):
    """Items filed under anchors; ``find`` gives those a text may hold.

    An item may also need words the text must hold whole (all of them), checked as soon as
    its anchor is found.
    """

    __slots__ = ("_always", "_by_prefix", "_by_suffix", "_by_word")

    def __init__(self) -> None:
        self._by_word: dict[str, list[_Filed[Item]]] = {}
        self._by_prefix: dict[str, list[_Filed[Item]]] = {}
        self._by_suffix: dict[str, list[_Filed[Item]]] = {}
        self._always: list[_Filed[Item]] = []

    def add(self, anchor: str, item: Item, words: frozenset[str] = frozenset()) -> None:
        """File an item under a string the text must contain (``\\b`` at an end allowed;
        "" for an item every text tries) and words it must hold."""
        kind, key, string = anchor_key(anchor) if anchor else ("text", "", "")
        if kind == "word" and string == key:
            string = ""  # the word itself is found: nothing more to look for
        filed = (string, words, item)
        if kind == "word":
            self._by_word.setdefault(key, []).append(filed)
        elif kind == "prefix":
            self._by_prefix.setdefault(key, []).append(filed)
        elif kind == "suffix":
            self._by_suffix.setdefault(key, []).append(filed)
        else:
            self._always.append(filed)

    def find(self, text: str, words: set[str]) -> set[Item]:
        """The items whose anchor and words the text (with these words) may hold."""
        found: set[Item] = set()
        hits: list[_Filed[Item]] = list(self._always)
        by_word, by_prefix, by_suffix = self._by_word, self._by_prefix, self._by_suffix
        for word in words:
            filed = by_word.get(word)
            if filed:
                hits += filed
            if len(word) >= KEY_LENGTH:
                filed = by_prefix.get(word[:KEY_LENGTH])
                if filed:
                    hits += filed
                filed = by_suffix.get(word[-KEY_LENGTH:])
                if filed:
                    hits += filed
        for string, needed, item in hits:
            if (not string or string in text) and needed <= words:
                found.add(item)
        return found

