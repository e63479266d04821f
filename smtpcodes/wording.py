"""Text normalised for matching words: the same reply, however a server dressed it, reads alike.

Accents are dropped ("Boîte pleine" reads "boite pleine"), case and blanks are folded, the
reply code and enhanced code that start each line of a multi-line reply are removed so the
lines join into one sentence (the same prefixes inside a line, where a log joined the
lines, go too), and e-mail addresses and IP addresses become the placeholders
``<address>`` and ``<ip>``. Every step is one linear regular-expression pass.
"""

from __future__ import annotations

import re
import unicodedata

from .codes import ENHANCED_CODE_PATTERN, REPLY_CODE_PATTERN

ADDRESS = "<address>"
IP = "<ip>"


#: The reply code and enhanced code that start a line of a multi-line reply ("550-5.1.1 ",
#: "550 ", "452-4.2.2 "): matched at the start of the text, and after each newline (which
#: the search finds fast, being a plain character).
_PREFIX = rf"[ \t]*{REPLY_CODE_PATTERN}(?:[ -]+{ENHANCED_CODE_PATTERN})?(?=[ \t\n-]|\Z)[ \t-]?"
_FIRST_LINE_PREFIX = re.compile(_PREFIX)
_NEXT_LINE_PREFIX = re.compile("\n" + _PREFIX)
#: The same prefixes inside a line, where a log or a bounce joined a multi-line reply:
#: "... for typos or 550-5.1.1 https://..." and "... go to 550 5.7.26 https://...". The reply
#: code's first digit is read before the look-behind (which checks the character before
#: that digit), so that the search skips, fast, every place where no code starts.
_INNER_PREFIX = re.compile(
    r"[2-5](?<!\S[2-5])[0-9][0-9]"
    rf"(?:-(?:{ENHANCED_CODE_PATTERN})?|[ -]{ENHANCED_CODE_PATTERN})(?=\s)"
)

_ADDRESS = re.compile(r"<?(?<![\w.+-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*>?|<>")

#: IPv4, and IPv6 written with "::" or with at least five groups (never a clock time).
#: The look-ahead lets the search skip, fast, every place where no address can start.
_IP = re.compile(
    r"(?=[0-9a-f:])(?<![\w.:])(?:"
    r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
    r"|(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}"
    r"|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?"
    r"|::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)"
    r")(?![\w:])"
)

#: What every address _IP finds holds: four numbers joined by dots (IPv4), or five hex
#: groups joined by colons or a "::" (IPv6); enhanced codes and clock times do not. Each
#: starts with its dot or colon, the digit before it checked behind, so that the search
#: jumps from one dot (or colon) to the next, fast.
_MAYBE_IPV4 = re.compile(r"\.(?<=[0-9]\.)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]")
_MAYBE_IPV6 = re.compile(r":(?<=[0-9a-f]:)[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]|::")

#: The accents a decomposed text carries as separate marks: the combining diacritical marks
#: that Latin, Greek and Cyrillic letters decompose into, and the kana voicing marks.
_ACCENTS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
                      "\u3099\u309a]+")


def fold(text: str) -> str:
    """Lower case without accents: the part of normalisation a phrase also goes through."""
    text = text.lower()
    if not text.isascii():
        text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text))
        text = text.replace("ß", "ss").replace("\u2019", "'")
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        # no blank but single spaces between words (every other blank is unprintable)
        return text
    return " ".join(text.split())


def _places(text: str, needle: str) -> list[int]:
    """Where ``needle`` stands in the text (str.find: faster than a regular expression)."""
    found: list[int] = []
    place = text.find(needle)
    while place != -1:
        found.append(place)
        place = text.find(needle, place + len(needle))
    return found


def _replace_in_words(
    text: str, marks: list[int], pattern: re.Pattern[str], placeholder: str,
) -> str:
    """``pattern`` replaced by ``placeholder`` in the words of a folded text that hold a
    mark (a place, in order). Addresses and IP addresses never hold a blank, so only the
    words (between single spaces, once folded) around the marks are searched, not the whole
    text."""
    pieces: list[str] = []
    done = 0
    for mark in marks:
        if mark < done:  # a second mark in a word already read
            continue
        start = text.rfind(" ", 0, mark) + 1
        end = text.find(" ", mark)
        if end == -1:
            end = len(text)
        pieces += [text[done:start], pattern.sub(placeholder, text[start:end])]
        done = end
    if not pieces:
        return text
    pieces.append(text[done:])
    return "".join(pieces)


def normalize(text: str) -> str:
    """The text as patterns see it (see the module docstring)."""
    first = _FIRST_LINE_PREFIX.match(text)
    if first is not None:
        text = text[first.end():]
    if "\n" in text:
        text = _NEXT_LINE_PREFIX.sub("\n", text)
    if "-" in text or "." in text:
        text = _INNER_PREFIX.sub(" ", text)
    text = fold(text)
    if "@" in text or "<>" in text:
        marks = sorted(_places(text, "@") + _places(text, "<>"))
        text = _replace_in_words(text, marks, _ADDRESS, ADDRESS)
    marks = [found.start() for found in _MAYBE_IPV4.finditer(text)]
    if ":" in text:
        marks = sorted(marks + [found.start() for found in _MAYBE_IPV6.finditer(text)])
    return _replace_in_words(text, marks, _IP, IP)


def normalize_phrase(phrase: str) -> str:
    """A pattern's phrase as it is matched: folded, with addresses and IPs as placeholders."""
    return _IP.sub(IP, fold(_ADDRESS.sub(ADDRESS, phrase)))
