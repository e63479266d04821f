"""The language the prose is written in: English, the data's own, or French.

French comes from the gettext catalogs under ``data/locale/fr/``, generated into
``smtpcodes/_lang_fr.py`` and loaded the first time French is asked for. Every string is
found by its place (the catalog's ``msgctxt``: ``"detail/X.2.2/5/meaning"``, ``"word/Meaning"``);
a place the catalog lacks keeps its English, which the catalog tests forbid in a release.
JSON keys and vocabulary values (``permanent``, ``mailboxfull``) stay English in every language.
"""

from __future__ import annotations

from .errors import SMTPCodeError, quote

#: The languages the prose exists in.
LANGUAGES = ("en", "fr")

_state = {"default": "en"}
_tables: dict[str, dict[str, str]] = {}


def set_language(lang: str) -> None:
    """Make ``lang`` the language of results that do not name one (``explain(x)``)."""
    _state["default"] = resolve(lang)


def get_language() -> str:
    """The language of results that do not name one: ``"en"`` unless set."""
    return _state["default"]


def resolve(lang: str | None) -> str:
    """``"en"`` or ``"fr"`` for what a user writes: ``fr``, ``FR``, ``fr_FR.UTF-8``, ``fr-CA``."""
    if lang is None:
        return _state["default"]
    found = _language_of(lang)
    if found is None:
        raise SMTPCodeError(
            f"language {quote(str(lang))} is not available; expected one of {', '.join(LANGUAGES)}")
    return found


def _language_of(value: str) -> str | None:
    if not isinstance(value, str):
        return None
    code = value.strip().replace("-", "_").split(".")[0].split("@")[0].split("_")[0].lower()
    return code if code in LANGUAGES else None


def from_environment(environ: dict[str, str] | None = None) -> str:
    """The language the environment asks for, as gettext reads it: the locale from
    ``LC_ALL``, ``LC_MESSAGES`` or ``LANG`` (the first that is set), and before it the list in
    ``LANGUAGE`` unless the locale is ``C``. English when none names a language we have."""
    import os

    env = os.environ if environ is None else environ
    locale = next((env[name] for name in ("LC_ALL", "LC_MESSAGES", "LANG") if env.get(name)), "")
    if locale in ("", "C", "POSIX") or locale.startswith("C."):
        wanted: list[str] = [] if locale else env.get("LANGUAGE", "").split(":")
    else:
        wanted = [*env.get("LANGUAGE", "").split(":"), locale]
    for value in wanted:
        found = _language_of(value)
        if found is not None:
            return found
    return "en"


def _table(lang: str) -> dict[str, str]:
    table = _tables.get(lang)
    if table is None:
        from . import _lang_fr

        table = _tables[lang] = _lang_fr.TEXT
    return table


def text(place: str, english: str, lang: str) -> str:
    """The string kept at ``place`` in ``lang``: the English itself in English, or where
    the catalog has no translation."""
    if lang == "en" or not english:
        return english
    return _table(lang).get(place, english)


def mark(english: str) -> str:
    """``english`` itself: marks a string kept in a table for the catalogs, to be shown
    through :func:`word` where it is read."""
    return english


def word(english: str, lang: str = "en", **fields: object) -> str:
    """One of the program's own words (a label, a heading, a message) in ``lang``, with
    ``{name}`` fields filled in. The English is the key; ``tools/catalog.py`` finds every
    literal given to ``word``, ``say`` or ``mark`` for the catalog ``program.po``."""
    found = english if lang == "en" else _table(lang).get(f"word/{english}", english)
    return found.format(**fields) if fields else found


def localized(place: str, record: dict[str, object], lang: str) -> dict[str, object]:
    """A record's ``as_dict()`` with its prose in ``lang``: each string field found in the
    catalog at ``place/field``, the per-class tables at ``place/digit`` and the positions at
    ``place/positions/n``. Keys, codes and vocabulary values are left as they are."""
    if lang == "en":
        return record
    out: dict[str, object] = {}
    for key, value in record.items():
        if isinstance(value, str):
            out[key] = text(f"{place}/{key}", value, lang)
        elif key == "by_class" and isinstance(value, dict):
            out[key] = {digit: localized(f"{place}/{digit}", advice, lang)
                        if isinstance(advice, dict) else advice
                        for digit, advice in value.items()}
        elif key == "positions" and isinstance(value, list):
            out[key] = [text(f"{place}/positions/{index}", item, lang)
                        if isinstance(item, str) else item for index, item in enumerate(value)]
        else:
            out[key] = value
    return out


class Said(str):
    """A sentence of the program's own (a warning, a note) that reads as English and keeps
    its template and values, so that it can be shown in another language."""

    template: str
    fields: dict[str, object]

    def __new__(cls, template: str, **fields: object) -> Said:
        said = super().__new__(cls, template.format(**fields))
        said.template = template
        said.fields = fields
        return said

    def __reduce__(self) -> tuple[object, ...]:
        return (_said, (self.template, self.fields))

    def in_language(self, lang: str) -> str:
        fields = {name: in_language(value, lang) if isinstance(value, str) else value
                  for name, value in self.fields.items()}
        return word(self.template, lang, **fields)


class Placed(str):
    """A piece of the data's prose inside a sentence (a keyword's ``watch``): English, and
    its place in the catalogs, so that the sentence can be shown in another language."""

    place: str

    def __new__(cls, place: str, english: str) -> Placed:
        placed = super().__new__(cls, english)
        placed.place = place
        return placed

    def __reduce__(self) -> tuple[object, ...]:
        return (Placed, (self.place, str(self)))

    def in_language(self, lang: str) -> str:
        return text(self.place, str(self), lang)


def number(value: float, lang: str, decimals: int = 0) -> str:
    """A number as ``lang`` writes it: 69,861 and 2.4 in English, 69 861 (a narrow no-break
    space) and 2,4 in French."""
    english = f"{value:,.{decimals}f}"
    return english.replace(",", "\u202f").replace(".", ",") if lang == "fr" else english


def singular(count: int, lang: str) -> bool:
    """Whether ``count`` takes the singular in ``lang``: 1 in English; 0 and 1 in French."""
    return count in (0, 1) if lang == "fr" else count == 1


class Counted(str):
    """A count with its noun, from two templates with a ``{count}`` field (marked for the
    catalogs): it reads as English, and in another language follows that language's plural
    rule and way of writing numbers."""

    amount: int
    one: str
    many: str

    def __new__(cls, amount: int, one: str, many: str) -> Counted:
        counted = super().__new__(cls, _counted_in(amount, one, many, "en"))
        counted.amount, counted.one, counted.many = amount, one, many
        return counted

    def __reduce__(self) -> tuple[object, ...]:
        return (Counted, (self.amount, self.one, self.many))

    def in_language(self, lang: str) -> str:
        return _counted_in(self.amount, self.one, self.many, lang)


def _counted_in(count: int, one: str, many: str, lang: str) -> str:
    return word(one if singular(count, lang) else many, lang, count=number(count, lang))


def _said(template: str, fields: dict[str, object]) -> Said:
    return Said(template, **fields)


def say(template: str, **fields: object) -> Said:
    """A sentence from ``template`` with ``{name}`` fields, readable in any language."""
    return Said(template, **fields)


def in_language(sentence: str, lang: str) -> str:
    """A sentence in ``lang``: one made by :func:`say` is translated, any other kept."""
    if lang == "en" or not isinstance(sentence, Said | Placed | Counted):
        return sentence
    return sentence.in_language(lang)
