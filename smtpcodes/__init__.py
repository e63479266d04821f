"""smtpcodes: SMTP reply codes and enhanced status codes, parsed, classified and explained."""

from __future__ import annotations

from .classify import Classification, classify
from .codes import EnhancedCode, ReplyCode, StatusClass, Subject
from .entries import BasicEntry, CategoryEntry, ClassAdvice, DetailEntry
from .errors import (
    MalformedCodeError,
    NoCodeFoundError,
    RuleError,
    SMTPCodeError,
    UnknownCodeError,
)
from .explain import Explanation, explain
from .lang import LANGUAGES, get_language, set_language
from .parse import parse, parse_all
from .reasons import Evidence, Reason, load_rules, reason
from .registry import all_entries, lookup
from .reply import Candidate, Reply

__version__ = "0.1.0"

#: Names loaded on first use, so that ``import smtpcodes`` stays cheap.
_LAZY = {
    "explain_error": "raised", "explain_recipients": "raised", "NotFromServer": "raised",
    "when_to_retry": "retry", "RetryDecision": "retry",
}


def __getattr__(name: str) -> object:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'smtpcodes' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(f".{module}", __name__), name)

__all__ = [
    "LANGUAGES",
    "BasicEntry",
    "Candidate",
    "CategoryEntry",
    "ClassAdvice",
    "Classification",
    "DetailEntry",
    "EnhancedCode",
    "Evidence",
    "Explanation",
    "MalformedCodeError",
    "NoCodeFoundError",
    "NotFromServer",
    "Reason",
    "Reply",
    "ReplyCode",
    "RetryDecision",
    "RuleError",
    "SMTPCodeError",
    "StatusClass",
    "Subject",
    "UnknownCodeError",
    "all_entries",
    "classify",
    "explain",
    "explain_error",
    "explain_recipients",
    "get_language",
    "load_rules",
    "lookup",
    "parse",
    "parse_all",
    "reason",
    "set_language",
    "when_to_retry",
]
