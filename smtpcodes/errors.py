"""The library's errors: one base class, a ValueError, so callers can catch them all."""

from __future__ import annotations


class SMTPCodeError(ValueError):
    """Base of every error this library raises on bad input."""


class MalformedCodeError(SMTPCodeError):
    """A string that should be a code is not one by the RFC grammars (``6.1.1``, ``5.1``)."""


class UnknownCodeError(SMTPCodeError):
    """A well-formed code that has no entry in the data (``lookup("5.7.133")``)."""


class RuleError(SMTPCodeError):
    """A word rule breaks the schema of data/README.md: names the rule, the field, the fix."""


class NoCodeFoundError(SMTPCodeError):
    """A text in which no SMTP reply code or enhanced status code could be found."""


def quote(text: str, limit: int = 80) -> str:
    """Quote user input for an error message, shortened so that a huge input stays readable."""
    if len(text) > limit:
        text = text[: limit - 3] + "..."
    return repr(text)
