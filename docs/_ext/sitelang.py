"""The language of the site being built, and the site's own words in it.

The English site and the French one (``OUT/fr/``) are built from the same generators; each
build sets its language from Sphinx's ``language`` before the pages are written. ``w()``
marks the generators' own words (headings, labels, sentences: the catalog ``site.po``) and
``tx()`` reads the data's prose at its place (``"detail/X.2.2/5/meaning"``).
"""

from __future__ import annotations

from smtpcodes.lang import text, word

_state = {"lang": "en"}


def set_site_language(lang: str | None) -> None:
    _state["lang"] = "fr" if (lang or "").startswith("fr") else "en"


def site_language() -> str:
    return _state["lang"]


def w(english: str, **fields: object) -> str:
    """One of the site's own words, in the language being built."""
    return word(english, _state["lang"], **fields)


def tx(place: str, english: str) -> str:
    """The data's prose kept at ``place``, in the language being built."""
    return text(place, english, _state["lang"])
