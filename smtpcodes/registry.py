"""The registry of entries: every registered code's record, found by its code or key.

Kept apart from the record types (:mod:`smtpcodes.entries`) because it reads the generated
data module, which itself builds those records.
"""

from __future__ import annotations

from .entries import Entry, entry_key
from .errors import UnknownCodeError, quote
from .lang import say

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterator

    from .codes import EnhancedCode, ReplyCode

_index: dict[str, Entry] = {}


def all_entries() -> Iterator[Entry]:
    """Every entry in registry order: basic codes, then classes, subjects and details."""
    from . import _data

    yield from _data.BASIC
    yield from _data.CATEGORIES
    yield from _data.DETAILS


def _entry_index() -> dict[str, Entry]:
    if not _index:
        for entry in all_entries():
            _index[entry.code] = entry
    return _index



def find_entry(code: str | int | ReplyCode | EnhancedCode) -> Entry | None:
    """The entry for a well-formed code, or None when the data has none."""
    return _entry_index().get(entry_key(code))


def lookup(code: str | int | ReplyCode | EnhancedCode) -> Entry:
    """The data entry for a registered code; UnknownCodeError for a well-formed unknown one."""
    entry = find_entry(code)
    if entry is None:
        raise UnknownCodeError(say(
            "{code} is well-formed but not registered: no RFC or IANA registry entry defines"
            " it", code=quote(str(code))))
    return entry
