"""The words people type for each page (data/search-terms.toml), for the page generators to
file the page under (as main index entries, which the site's search ranks first): the
English words on the English site, the ``fr`` words on the French one."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "data" / "search-terms.toml"


@cache
def _table(lang: str = "en") -> dict[str, tuple[str, ...]]:
    with DATA.open("rb") as handle:
        pages = tomllib.load(handle).get("page", [])
    table: dict[str, tuple[str, ...]] = {}
    for record in pages:
        page, words = record["page"], record["words"] if lang == "en" else record.get(lang, [])
        if page in table:
            raise ValueError(f"{DATA.name}: {page} is listed twice")
        table[page] = tuple(words)
    return table


def terms_for(page: str) -> tuple[str, ...]:
    """The words filed for a page (``"codes/X.1.1"``) in the site's language, or none."""
    from sitelang import site_language

    return _table(site_language()).get(page, ())


def pages() -> tuple[str, ...]:
    """Every page the data names (each must exist: the generators check it)."""
    return tuple(_table())
