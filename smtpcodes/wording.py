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
from functools import cache

from .codes import ENHANCED_CODE_PATTERN, REPLY_CODE_PATTERN

ADDRESS = "<address>"
IP = "<ip>"


@cache
def _line_prefix() -> re.Pattern[str]:
    # "550-5.1.1 ", "550 ", "452-4.2.2 " at the start of a line, and "#5.1.1 " after them.
    return re.compile(
        rf"^[ \t]*{REPLY_CODE_PATTERN}(?:[ -]+{ENHANCED_CODE_PATTERN})?(?=[ \t-]|$)[ \t-]?",
        re.MULTILINE,
    )


@cache
def _inner_prefix() -> re.Pattern[str]:
    # The same prefixes inside a line, where a log or a bounce joined a multi-line reply:
    # "... for typos or 550-5.1.1 https://..." and "... go to 550 5.7.26 https://...".
    # The reply code is REPLY_CODE_PATTERN with its first digit read before the look-behind
    # (which checks the character before that digit), so that the search skips, fast, every
    # place where no code starts.
    return re.compile(
        r"[2-5](?<!\S[2-5])[0-9][0-9]"
        rf"(?:-(?:{ENHANCED_CODE_PATTERN})?|[ -]{ENHANCED_CODE_PATTERN})(?=\s)"
    )


@cache
def _address() -> re.Pattern[str]:
    return re.compile(
        r"<?(?<![\w.+-])[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)*>?|<>"
    )


@cache
def _ip() -> re.Pattern[str]:
    # IPv4, and IPv6 written with "::" or with at least five groups (never a clock time).
    # The look-ahead lets the search skip, fast, every place where no address can start.
    return re.compile(
        r"(?=[0-9a-f:])(?<![\w.:])(?:"
        r"[0-9]{1,3}(?:\.[0-9]{1,3}){3}"
        r"|(?:[0-9a-f]{1,4}:){4,7}[0-9a-f]{1,4}"
        r"|(?:[0-9a-f]{1,4}:){1,6}:(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)?"
        r"|::(?:[0-9a-f]{1,4}(?::[0-9a-f]{1,4})*)"
        r")(?![\w:])"
    )


@cache
def _maybe_ip() -> re.Pattern[str]:
    # What every address _ip() finds holds: four numbers joined by dots (IPv4), five hex
    # groups joined by colons or a "::" (IPv6); enhanced codes and clock times do not. Each
    # branch starts with its dot or colon, the digit before it checked behind, so that the
    # search skips, fast, every place where no dot or colon stands.
    return re.compile(
        r"\.(?<=[0-9]\.)[0-9]{1,3}\.[0-9]{1,3}\.[0-9]"
        r"|:(?<=[0-9a-f]:)[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]{1,4}:[0-9a-f]"
        r"|::"
    )


def fold(text: str) -> str:
    """Lower case without accents: the part of normalisation a phrase also goes through."""
    text = text.lower()
    if not text.isascii():
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(char for char in decomposed if not unicodedata.combining(char))
        text = text.replace("ß", "ss").replace("\u2019", "'")
    return " ".join(text.split())


def normalize(text: str) -> str:
    """The text as patterns see it (see the module docstring)."""
    text = _line_prefix().sub("", text)
    if "-" in text or "." in text:
        text = _inner_prefix().sub(" ", text)
    if "@" in text or "<>" in text:
        # An address never holds a blank, so only the words with "@" or "<>" are searched
        # (the blanks between words are folded below anyway).
        address = _address()
        text = " ".join([address.sub(ADDRESS, part) if "@" in part or "<>" in part else part
                         for part in text.split()])
    text = fold(text)
    if _maybe_ip().search(text) is None:  # most texts: no IP address can start anywhere
        return text
    return _ip().sub(IP, text)


def normalize_phrase(phrase: str) -> str:
    """A pattern's phrase as it is matched: folded, with addresses and IPs as placeholders."""
    return _ip().sub(IP, fold(_address().sub(ADDRESS, phrase)))
