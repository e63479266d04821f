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
#: what an address's word holds
_ADDRESS_MARK = re.compile(r"@|<>")

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

#: What every address _IP finds holds: four numbers joined by dots (IPv4), five hex groups
#: joined by colons or a "::" (IPv6); enhanced codes and clock times do not. Each branch
#: starts with its dot or colon, the digit before it checked behind, so that the search
#: skips, fast, every place where no dot or colon stands.
_MAYBE_IP = re.compile(
    r"\.(?<=[0-9]\.)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"
    r"|:(?<=[0-9a-f]:)[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]"
    r"|::"
)

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
    return " ".join(text.split())


def _mark_addresses(text: str) -> str:
    """Addresses as ADDRESS in a folded text. An address never holds a blank, so only the
    words (between single spaces, once folded) holding "@" or "<>" are searched."""
    pieces: list[str] = []
    done = 0
    for mark in _ADDRESS_MARK.finditer(text):
        if mark.start() < done:  # a second mark in a word already read
            continue
        start = text.rfind(" ", 0, mark.start()) + 1
        end = text.find(" ", mark.end())
        if end == -1:
            end = len(text)
        pieces += [text[done:start], _ADDRESS.sub(ADDRESS, text[start:end])]
        done = end
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
        text = _mark_addresses(text)
    if _MAYBE_IP.search(text) is None:  # most texts: no IP address can start anywhere
        return text
    return _IP.sub(IP, text)


def normalize_phrase(phrase: str) -> str:
    """A pattern's phrase as it is matched: folded, with addresses and IPs as placeholders."""
    return _IP.sub(IP, fold(_ADDRESS.sub(ADDRESS, phrase)))
