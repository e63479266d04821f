"""The words argparse itself prints (``usage:``, ``options``, its error messages), in the
user's language.

argparse looks every one of them up through gettext, by calling its module's ``_`` at the
moment it prints; giving it a ``_`` that reads our catalogs is how its messages are
translated, the way a gettext catalog for argparse would. Only the messages a user can meet
are listed: the ones about a program's own mistakes stay English.
"""

from __future__ import annotations

from collections.abc import Callable

from ..lang import mark, word

#: argparse's messages a user of ``smtpcode`` can meet, as argparse writes them.
MESSAGES = (
    mark("usage: "),
    mark("positional arguments"),
    mark("options"),
    mark("show this help message and exit"),
    mark("show program's version number and exit"),
    mark("%(prog)s: error: %(message)s\n"),
    mark("argument %(argument_name)s: %(message)s"),
    mark("the following arguments are required: %s"),
    mark("unrecognized arguments: %s"),
    mark("invalid choice: %(value)r (choose from %(choices)s)"),
    mark("invalid %(type)s value: %(value)r"),
    mark("expected one argument"),
    mark("expected at least one argument"),
    mark("expected at most one argument"),
    mark("ambiguous option: %(option)s could match %(matches)s"),
    mark("not allowed with argument %s"),
    mark("ignored explicit argument %r"),
    mark("one of the arguments %s is required"),
    mark("can't open '%(filename)s': %(error)s"),
)


def speak(lang: str) -> None:
    """Make argparse print its own words in ``lang`` (English: argparse's own gettext)."""
    import argparse

    original = _ORIGINAL.setdefault("_", argparse._)  # type: ignore[attr-defined]
    if lang == "en":
        argparse._ = original  # type: ignore[attr-defined]
        return
    known = set(MESSAGES)

    def translated(message: str) -> str:
        return word(message, lang) if message in known else original(message)

    argparse._ = translated  # type: ignore[attr-defined]


#: argparse's own lookup, kept to be put back
_ORIGINAL: dict[str, Callable[[str], str]] = {}
