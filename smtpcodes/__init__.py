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
from .parse import parse, parse_all
from .reasons import Evidence, Reason, load_rules, reason
from .registry import all_entries, lookup
from .reply import Candidate, Reply

__version__ = "0.1.0"

__all__ = [
    "BasicEntry", "Candidate", "CategoryEntry", "ClassAdvice", "Classification", "DetailEntry",
    "EnhancedCode", "Evidence", "Explanation",
    "MalformedCodeError", "NoCodeFoundError", "Reason", "Reply", "ReplyCode", "RuleError",
    "SMTPCodeError", "StatusClass", "Subject", "UnknownCodeError", "all_entries", "classify",
    "explain", "load_rules", "lookup", "parse", "parse_all", "reason",
]
