"""Vendors: which mail provider wrote a reply, and what its own codes and tokens mean.

A provider is recognised by the names of its servers in the text (``gsmtp``,
``protection.outlook.com``), by its own tokens (Yahoo's ``[TSS04]``, Orange's ``OFR_999``),
or by an enhanced code that no registry defines but one provider documents (Microsoft's
5.7.509). Its entry for the reply is the one whose codes, token and words fit the most
closely.
"""

from __future__ import annotations

import re
from functools import cache

from .fastsearch import fast_compiled
from .screen import Screen

TYPE_CHECKING = False

if TYPE_CHECKING:
    from collections.abc import Iterable

    from .records import VendorCode, VendorEntry
    from .rules import Context


class VendorMatch:
    """A provider recognised in a reply, how it was recognised, and its entry for the reply."""

    __slots__ = ("by", "code", "vendor")

    def __init__(self, vendor: VendorEntry, by: str, code: VendorCode | None) -> None:
        self.vendor = vendor
        #: what gave it away: "host gsmtp", "token [TSS04]", "code 5.7.509"
        self.by = by
        self.code = code

    @property
    def id(self) -> str:
        return self.vendor.id

    @property
    def name(self) -> str:
        return self.vendor.name

    @property
    def meaning(self) -> str | None:
        return self.code.meaning if self.code is not None else None

    @property
    def action(self) -> str | None:
        return self.code.action if self.code is not None else None

    @property
    def url(self) -> str:
        return self.code.url if self.code is not None and self.code.url else self.vendor.url

    def as_dict(self) -> dict[str, object]:
        code = self.code
        return {
            "id": self.vendor.id, "name": self.vendor.name, "recognised_by": self.by,
            "code": code.label if code is not None else None,
            "meaning": self.meaning, "action": self.action, "reason": code.reason or None
            if code is not None else None,
            "url": self.url, "verified": self.vendor.checked,
            "retry": self.vendor.retry or None,
        }

    def __repr__(self) -> str:
        return f"<VendorMatch {self.vendor.id} by {self.by!r}>"


class VendorBook:
    """Every vendor, indexed for recognising them in a normalised text."""

    __slots__ = (
        "_by_code", "_codes", "_needs", "_ranges", "_screen", "_signs", "expressions", "vendors",
    )

    def __init__(self, vendors: Iterable[VendorEntry]) -> None:
        self.vendors = tuple(vendors)
        # What names a vendor: its hosts (every vendor's, in the data's order), then its
        # tokens. Then, for each entry that needs a token or words in the text, one of them.
        # One screen names those a text may hold (the book's own, or one shared with the
        # word rules), so that a reply tries only the entries whose words it may hold.
        self._signs: list[tuple[VendorEntry, str, re.Pattern[str] | None]] = []
        #: what the screen looks for
        self.expressions: list[str] = []
        expressions = self.expressions
        for vendor in self.vendors:
            for host in vendor.hosts:
                self._signs.append((vendor, host, None))
                expressions.append(re.escape(host))
        for vendor in self.vendors:
            for token in vendor.tokens:
                self._signs.append((vendor, token, fast_compiled(token)))
                expressions.append(token)
        #: an entry's id, and the place in the screen of what the text must hold for it
        self._needs: dict[str, int] = {}
        for vendor in self.vendors:
            for code in vendor.codes:
                if code.token:
                    need = code.token
                elif code.phrase is not None:
                    need = code.phrase.screen_regex()
                else:
                    continue
                self._needs[code.id] = len(expressions)
                expressions.append(need)
        self._screen: Screen | None = None

        # Enhanced codes (and ranges) that one vendor defines and no other does.
        owners: dict[str, set[str]] = {}
        ranges: list[tuple[VendorCode, VendorEntry]] = []
        for vendor in self.vendors:
            for code in vendor.codes:
                if code.enhanced:
                    owners.setdefault(code.enhanced, set()).add(vendor.id)
                if code.enhanced_last:
                    ranges.append((code, vendor))
        by_id = {vendor.id: vendor for vendor in self.vendors}
        self._by_code = {
            code: by_id[next(iter(ids))] for code, ids in owners.items() if len(ids) == 1
        }
        self._ranges = tuple(ranges)
        self._codes: dict[str, CodeIndex] = {}

    def candidates(self, text: str) -> list[int]:
        """The places of the expressions that may match the normalised text, in order."""
        if self._screen is None:
            self._screen = Screen(self.expressions)
        return self._screen.find(text)

    def recognise(
        self, text: str, context: Context, registered: bool,
        candidates: list[int] | None = None,
    ) -> VendorMatch | None:
        """The vendor named in the normalised text, or defining its unregistered code;
        ``candidates``: what a shared screen found of :attr:`expressions` in the text.

        When the text names several vendors (a filtering service in front of a mailbox
        provider), the one with an entry for this reply wins; on a tie, the first named
        (hosts before tokens).
        """
        found = self.candidates(text) if candidates is None else candidates
        named: list[tuple[VendorEntry, str]] = []
        signs = len(self._signs)
        for sign in found:
            if sign >= signs:  # the rest name entries' words, not vendors
                break
            vendor, what, token = self._signs[sign]
            if named and any(vendor is known for known, _ in named):  # (most texts: none named)
                continue
            if token is None:
                if what in text:
                    named.append((vendor, f"host {what}"))
                continue
            match = token.search(text)
            if match is not None:
                named.append((vendor, f"token {match.group(0)}"))
        if named:
            held = set(found)
            matches = [self._with_code(vendor, by, text, context, held) for vendor, by in named]
            return max(matches, key=lambda match: _fits(match.code, text, context)
                       if match.code is not None else 0)
        if context.enhanced is not None and not registered:
            owner = self._by_code.get(context.enhanced) or next(
                (vendor for code, vendor in self._ranges if code.covers(context.enhanced)), None)
            if owner is not None:
                return self._with_code(owner, f"code {context.enhanced}", text, context,
                                       set(found))
        return None

    def given(
        self, vendor_id: str, text: str, context: Context, candidates: list[int] | None = None,
    ) -> VendorMatch | None:
        """The vendor the caller names (None for an unknown id), with its entry for the text;
        ``candidates`` as for :meth:`recognise`."""
        for vendor in self.vendors:
            if vendor.id == vendor_id:
                found = self.candidates(text) if candidates is None else candidates
                return self._with_code(vendor, "given", text, context, set(found))
        return None

    def _with_code(
        self, vendor: VendorEntry, by: str, text: str, context: Context, held: set[int],
    ) -> VendorMatch:
        """The vendor's entry for the reply; ``held``: what the screen found in the text."""
        codes = self._codes.get(vendor.id)
        if codes is None:
            codes = self._codes[vendor.id] = CodeIndex(vendor.codes, self._needs)
        return VendorMatch(vendor, by, codes.best(text, context, held))


class CodeIndex:
    """A vendor's entries filed by enhanced code, so a reply tries only those that may fit."""

    __slots__ = ("_by_enhanced", "_needs", "_ranges", "_rest")

    def __init__(self, codes: Iterable[VendorCode], needs: dict[str, int]) -> None:
        #: an entry's id, and the screen's place of what the text must hold for it
        self._needs = needs
        self._by_enhanced: dict[str, list[tuple[int, VendorCode]]] = {}
        self._ranges: list[tuple[int, VendorCode]] = []
        self._rest: list[tuple[int, VendorCode]] = []
        for place, code in enumerate(codes):
            if code.enhanced_last:
                self._ranges.append((place, code))
            elif code.enhanced:
                self._by_enhanced.setdefault(code.enhanced, []).append((place, code))
            else:
                self._rest.append((place, code))

    def best(self, text: str, context: Context, held: set[int]) -> VendorCode | None:
        """The entry that fits the reply most closely; the first in the data on a tie.
        ``held``: the screen's places found in the text."""
        tried = list(self._rest)
        if context.enhanced is not None:
            tried += self._by_enhanced.get(context.enhanced, ())
            tried += [(place, code) for place, code in self._ranges
                      if code.covers(context.enhanced)]
        best: VendorCode | None = None
        best_score = 0
        needs = self._needs
        tried.sort(key=_place)
        for _, code in tried:
            if code.id in needs and needs[code.id] not in held:
                continue  # its token or words are not in the text
            score = _fits(code, text, context)
            if score > best_score:
                best, best_score = code, score
        return best


def _place(item: tuple[int, VendorCode]) -> int:
    return item[0]


def _fits(code: VendorCode, text: str, context: Context) -> int:
    """How closely a vendor's entry fits a reply: -1 when it does not, else its specificity."""
    score = 0
    if code.basic is not None:
        if context.basic != code.basic:
            return -1
        score += 1
    if code.enhanced:
        if context.enhanced is None or not code.covers(context.enhanced):
            return -1
        score += 2
    if code.token:
        if _token(code.token).search(text) is None:
            return -1
        score += 4
    if code.phrase is not None:
        if code.phrase.search(text) is None:
            return -1
        score += 4
    return score


@cache
def _token(token: str) -> re.Pattern[str]:
    return fast_compiled(token)
