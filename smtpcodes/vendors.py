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

    __slots__ = ("_by_code", "_tokens", "vendors")

    def __init__(self, vendors: Iterable[VendorEntry]) -> None:
        self.vendors = tuple(vendors)
        self._tokens = tuple(
            (vendor, re.compile("|".join(f"(?:{token})" for token in vendor.tokens)))
            for vendor in self.vendors if vendor.tokens
        )
        # Enhanced codes that one vendor defines and no other does.
        owners: dict[str, set[str]] = {}
        for vendor in self.vendors:
            for code in vendor.codes:
                if code.enhanced:
                    owners.setdefault(code.enhanced, set()).add(vendor.id)
        by_id = {vendor.id: vendor for vendor in self.vendors}
        self._by_code = {
            code: by_id[next(iter(ids))] for code, ids in owners.items() if len(ids) == 1
        }

    def recognise(self, text: str, context: Context, registered: bool) -> VendorMatch | None:
        """The vendor named in the normalised text, or defining its unregistered code."""
        for vendor in self.vendors:
            for host in vendor.hosts:
                if host in text:
                    return self._with_code(vendor, f"host {host}", text, context)
        for vendor, tokens in self._tokens:
            match = tokens.search(text)
            if match is not None:
                return self._with_code(vendor, f"token {match.group(0)}", text, context)
        if context.enhanced is not None and not registered:
            owner = self._by_code.get(context.enhanced)
            if owner is not None:
                return self._with_code(owner, f"code {context.enhanced}", text, context)
        return None

    def _with_code(
        self, vendor: VendorEntry, by: str, text: str, context: Context,
    ) -> VendorMatch:
        return VendorMatch(vendor, by, best_code(vendor, text, context))


def _fits(code: VendorCode, text: str, context: Context) -> int:
    """How closely a vendor's entry fits a reply: -1 when it does not, else its specificity."""
    score = 0
    if code.basic is not None:
        if context.basic != code.basic:
            return -1
        score += 1
    if code.enhanced:
        if context.enhanced != code.enhanced:
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
    return re.compile(token)


def best_code(vendor: VendorEntry, text: str, context: Context) -> VendorCode | None:
    """The vendor's entry that fits the reply most closely (an entry needs a code or token)."""
    best: VendorCode | None = None
    best_score = 0
    for code in vendor.codes:
        score = _fits(code, text, context)
        # Words alone, without a code or token of the vendor's, are not enough.
        if score > best_score and (code.enhanced or code.token or code.basic is not None):
            best, best_score = code, score
    return best
