"""A cheap first look at a text: which of many rules could match it, from its words alone.

Hundreds of rules (word rules, vendors' host names and tokens) are each filed under an
anchor: a string that every text the rule matches contains. Looking an anchor up must not
cost a search through the text per rule, so each anchor is filed by a word of it:

- a whole word of the anchor ("mailbox" in ``mailbox full``) is looked up in the text's words;
- a word the anchor cuts at one end (``\\bexceede`` starts a word; in "existent " one ends) is
  looked up by the first or the last three letters of each word of the text, and then the
  anchor itself is looked for in the text;
- an anchor with no usable word ("gsmtp", which may stand inside a longer word) is looked for
  in every text.

An anchor string may begin or end with ``\\b``: the text has a word boundary there. The
screen only ever says "maybe": the rule's own search has the last word.
"""

from __future__ import annotations

import re

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable

#: the letters a cut word is filed under
KEY_LENGTH = 3
BOUNDARY = "\\b"
_WORD = re.compile(r"\w+")


def anchor_key(anchor: str, prefer: Iterable[str] = ()) -> tuple[str, str, str]:
    """How an anchor is filed: (kind, key, the string to look for in the text).

    ``kind`` is "word" (key: a whole word), "prefix" or "suffix" (key: the first or last
    letters of a word the anchor starts or ends), or "text" (no key: look for the string).
    The key is the first word of ``prefer`` that stands whole in the anchor, else its
    longest whole word, else its longest cut word.
    """
    starts_word = anchor.startswith(BOUNDARY)
    ends_word = anchor.endswith(BOUNDARY) and len(anchor) > len(BOUNDARY)
    core = anchor[len(BOUNDARY) if starts_word else 0:
                  len(anchor) - len(BOUNDARY) if ends_word else len(anchor)]
    best: tuple[int, int, str, str] | None = None  # (rank, length, kind, word)
    whole: set[str] = set()
    for run in _WORD.finditer(core):
        whole_left = run.start() > 0 or starts_word
        whole_right = run.end() < len(core) or ends_word
        word = run.group(0)
        if whole_left and whole_right:
            whole.add(word)
            choice = (2, len(word), "word", word)
        elif (whole_left or whole_right) and len(word) >= KEY_LENGTH:
            choice = (1, len(word), "prefix" if whole_left else "suffix", word)
        else:
            continue
        if best is None or choice[:2] > best[:2]:
            best = choice
    for word in prefer:
        if word in whole:
            return "word", word, core
    if best is None:
        return "text", "", core
    _, _, kind, word = best
    if kind == "word":
        return kind, word, core
    return kind, word[:KEY_LENGTH] if kind == "prefix" else word[-KEY_LENGTH:], core


class Seen:
    """What screens look up for one normalised text: its words, and the first and last
    letters of each; worked out once and shared by every screen the text goes through."""

    __slots__ = ("prefixes", "suffixes", "text", "words")

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: set[str] = set(_WORD.findall(text))
        # Keys are KEY_LENGTH letters long: those of shorter words never meet one.
        self.prefixes = {word[:KEY_LENGTH] for word in self.words}
        self.suffixes = {word[-KEY_LENGTH:] for word in self.words}


#: what the screen keeps per anchor: the string to look for ("" when the key says it all),
#: the words the text must also hold, the item
_Filed = tuple[str, frozenset[str], int]


class Screen:
    """Items (numbers: a rule's rank, a vendor sign's place) filed under anchors; ``find``
    gives those a text may hold.

    An item may also need words the text must hold whole (all of them), checked as soon as
    its anchor is found.
    """

    __slots__ = ("_always", "_by_prefix", "_by_suffix", "_by_word")

    def __init__(self) -> None:
        self._by_word: dict[str, list[_Filed]] = {}
        self._by_prefix: dict[str, list[_Filed]] = {}
        self._by_suffix: dict[str, list[_Filed]] = {}
        self._always: list[_Filed] = []

    def add(self, anchor: str, item: int, words: tuple[str, ...] = ()) -> None:
        """File an item under a string the text must contain (``\\b`` at an end allowed;
        "" for an item every text tries) and words it must hold whole, rarest first: the
        item is filed under the first of them that the anchor holds whole."""
        kind, key, string = anchor_key(anchor, words) if anchor else ("text", "", "")
        if kind == "word" and string == key:
            string = ""  # the word itself is found: nothing more to look for
        filed = (string, frozenset(words), item)
        if kind == "word":
            self._by_word.setdefault(key, []).append(filed)
        elif kind == "prefix":
            self._by_prefix.setdefault(key, []).append(filed)
        elif kind == "suffix":
            self._by_suffix.setdefault(key, []).append(filed)
        else:
            self._always.append(filed)

    def find(self, seen: Seen) -> set[int]:
        """The items whose anchor and words the text may hold."""
        text, words = seen.text, seen.words
        hits: list[_Filed] = list(self._always)
        for table, keys in ((self._by_word, words), (self._by_prefix, seen.prefixes),
                            (self._by_suffix, seen.suffixes)):
            for key in table.keys() & keys:
                hits += table[key]
        return {item for string, needed, item in hits
                if (not string or string in text) and needed <= words}
