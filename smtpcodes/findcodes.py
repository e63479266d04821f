"""The codes of a text that is not a bare code: every candidate, how far it is trusted, and
which decide (``parse`` hands every other text to :func:`parse_text`).

Every code-like token is a candidate; what stands before it on its line says how far it can
be trusted. A code at the start of a line is a reply; after ``said:``, ``smtp;`` or a colon
it is a quoted reply; after ``dsn=`` or ``Status:`` it is a status field; elsewhere a reply
code needs a partner (``550 5.1.1``) to count. The reply code is the most trusted candidate;
the enhanced code is the one beside it, else a status field, else the first found. Every
candidate stays in the result as evidence.

One linear regular expression finds the tokens in a single pass over the text, and every
look back from a token reads a bounded window, so time grows with the length of the text.
This module is compiled by mypyc (setup.py); a bare code is read without loading it.
"""

from __future__ import annotations

from .codes import NUMBER_PATTERN, EnhancedCode, ReplyCode
from .errors import MalformedCodeError, NoCodeFoundError, quote
from .lang import say
from .parse import LONGEST_BARE_CODE, parse_code
from .regex import compiled
from .reply import CandidateFields, Reply
from .transcript import looks_like_transcript, split_transcript

# A token starts with a digit 2-5 (the engine skips to those quickly); what stood before
# that digit is checked afterwards, by a two-character look-behind.
# A reply code: three digits, not glued to a word, a number, an address or a time, followed
# by RFC 5321's separator (space or hyphen), a tab, or the end of the line; or, as Python's
# smtplib and aiosmtplib show a refusal, by a comma and the quoted text of the reply:
# "(550, b'5.1.1 ...')".
# An enhanced status code: class 2, 4 or 5, not part of an IP address, a version or a longer
# dotted number; a hyphen may stand before it only after a digit, as in "550-5.1.1".
_TOKEN_SOURCE = (
    r"(?m)[2-5](?:"
    r"(?<![\w.,:/+#$%&@*\\-].)[0-9][0-9](?=[ \t\r-]|$|, b?['\"])"
    r"|(?<=[245])(?<![\w./\\].)(?<![^0-9]-.)"
    rf"\.{NUMBER_PATTERN}\.{NUMBER_PATTERN}"
    r"(?![\w-]|\.[0-9])"
    r")"
)


#: compiled with the module, which only a text to read loads
_TOKEN = compiled(_TOKEN_SOURCE)


# How far back from a token its context is read.
_WINDOW = 48

# What, standing right before a reply code, marks it as a quoted reply.
_SAID_MARKERS = (
    "said:",
    "said",
    "smtp;",
    "reply:",
    "error:",
    "reject=",
    "response:",
    "returned",
    "message:",
    "answered:",
    "stat=",
)
_SAID_PUNCTUATION = frozenset(":;('\"<[")
# Words that, after a number, make it a count rather than a reply code.
_COUNTED_WORDS = frozenset(
    (
        "from",
        "to",
        "for",
        "of",
        "in",
        "at",
        "per",
        "and",
        "or",
        "times",
        "time",
        "seconds",
        "second",
        "minutes",
        "minute",
        "hours",
        "bytes",
        "messages",
        "recipients",
        "connections",
        "ms",
        "s",
        "kb",
        "mb",
    )
)
_LINE_START_JUNK = " \t>|*'\"[(<"
# What, standing right before an enhanced code, marks it as a status field.
_STATUS_FIELDS = ("dsn=", "status:", "status=", "dsn:")
# Words that make a dotted number a version, not a code ("version 5.1.1").
_VERSION_WORDS = frozenset(("version", "ver", "release", "v", "postfix", "exim", "sendmail"))


_BLANK_CHARACTERS = (" ", "\t")

# Codes are immutable, so the objects for the codes met so far are kept and shared.
_CODE_CACHE_SIZE = 4096
_code_cache: dict[str, ReplyCode | EnhancedCode] = {}


def _is_registry_key(text: str) -> bool:
    """``X.2.2``, ``X.2.YYY``, ``5.XXX.YYY``: the registry's keys, which name no one class."""
    upper = text.upper()
    return upper.count(".") == 2 and (upper.startswith("X.") or "XXX" in upper or "YYY" in upper)


def _known_code(token: str) -> ReplyCode | EnhancedCode:
    """The code for a token the regular expression has already checked."""
    code = _code_cache.get(token)
    if code is None:
        code = parse_code(token)
        if len(_code_cache) < _CODE_CACHE_SIZE:
            _code_cache[token] = code
    return code


class Found:
    """A code found while the text is read; the Reply makes it a Candidate when asked."""

    __slots__ = ("code", "end", "line", "paired", "source", "start")

    def __init__(
        self, code: ReplyCode | EnhancedCode, source: str, line: int, start: int, end: int,
        paired: bool = False,
    ) -> None:
        self.code = code
        self.source = source
        self.line = line
        self.start = start
        self.end = end
        self.paired = paired

    def fields(self) -> CandidateFields:
        return (self.code, self.source, self.line, self.start, self.end, self.paired)


def _basic_source(text: str, line_start: int, start: int, end: int) -> str | None:
    """How a reply code stands: 'reply' (starts its line), 'said' (quoted), None (doubtful)."""
    if start == line_start:
        return "reply"
    if start - line_start < _WINDOW and not text[line_start:start].strip(_LINE_START_JUNK):
        return "reply"
    before = text[max(line_start, start - _WINDOW) : start].rstrip()
    if not before:
        return None
    if before.lower().endswith(_SAID_MARKERS):
        return "said"
    if before[-1] in _SAID_PUNCTUATION:
        # After a bare colon a number may be a count ("limit exceeded: 334 from ..."): a
        # reply's text does not go on with such a word.
        following = text[end + 1 : end + 12].split(None, 1)
        if not following or following[0].lower() not in _COUNTED_WORDS:
            return "said"
    return None


def _enhanced_source(text: str, line_start: int, start: int) -> str | None:
    """'dsn' after a status field, 'text' elsewhere, None for a version number."""
    before = text[max(line_start, start - _WINDOW) : start].lower()
    if before.endswith(_STATUS_FIELDS) or before.rstrip().endswith(_STATUS_FIELDS):
        return "dsn"
    words = before.rsplit(None, 1)
    if words and words[-1].rstrip(":") in _VERSION_WORDS:
        return None
    return "text"


def _scan(text: str) -> list[Found]:
    """Every trustworthy code candidate in the text, in order, in one pass."""
    found: list[Found] = []
    line = line_start = position = 0
    diagnostic = False
    # The last reply code seen, whose standing may depend on the next token:
    # (candidate, where a partner would start, whether it needs a partner to count).
    waiting: tuple[Found, int, bool] | None = None
    several_lines = "\n" in text
    for match in _TOKEN.finditer(text):
        start, end = match.span()
        newlines = text.count("\n", position, start) if several_lines else 0
        if newlines:
            line += newlines
            line_start = text.rfind("\n", position, start) + 1
            diagnostic = text[line_start : line_start + 16].lower() == "diagnostic-code:"
        position = start
        token = match.group()
        code = _code_cache.get(token) or _known_code(token)
        is_enhanced = "." in token
        if waiting is not None:
            candidate, partner_at, needs_partner = waiting
            waiting = None
            if partner_at == start and is_enhanced:
                candidate.paired = True
                found.append(candidate)
                found.append(
                    Found(
                        code,
                        candidate.source,
                        line,
                        start - line_start,
                        end - line_start,
                        paired=True,
                    )
                )
                continue
            if not needs_partner:
                found.append(candidate)
        if is_enhanced:
            source = _enhanced_source(text, line_start, start)
            if source is not None:
                if diagnostic and source == "text":
                    source = "diagnostic"
                found.append(Found(code, source, line, start - line_start, end - line_start))
            continue
        source = _basic_source(text, line_start, start, end)
        after = end + 1
        while text[after : after + 1] in _BLANK_CHARACTERS:
            after += 1
        doubtful = source is None and text[end : end + 1] != "-"
        needs_partner = doubtful or text[after : after + 1].isdigit()
        if diagnostic and source is not None:
            source = "diagnostic"
        candidate = Found(code, source or "text", line, start - line_start, end - line_start)
        waiting = (candidate, after, needs_partner)
    if waiting is not None and not waiting[2]:
        found.append(waiting[0])
    return found


_BASIC_RANK = {"reply": 0, "said": 1, "diagnostic": 1, "text": 2}


def _choose_basic(candidates: list[Found], warnings: list[str] | None) -> Found | None:
    """The most trusted reply code; a warning when the text holds others (None: no
    messages are wanted)."""
    best: Found | None = None
    rank = len(_BASIC_RANK)
    codes = set()
    for candidate in candidates:
        if isinstance(candidate.code, ReplyCode):
            codes.add(candidate.code)
            if _BASIC_RANK[candidate.source] < rank:
                best, rank = candidate, _BASIC_RANK[candidate.source]
    if warnings is not None and best is not None and len(codes) > 1:
        listed = ", ".join(str(code) for code in sorted(codes) if code != best.code)
        warnings.append(say(
            "the text holds other reply codes too ({listed}); {code}, the most prominent, is"
            " used", listed=listed, code=str(best.code)))
    return best


def _is_generic(code: EnhancedCode) -> bool:
    return code.subject_number == 0 and code.detail_number == 0


def _choose_enhanced(
    candidates: list[Found], basic: Found | None, warnings: list[str] | None,
    notes: list[str] | None,
) -> EnhancedCode | None:
    """The enhanced code beside the reply code, else a status field, else the first found."""
    first = first_paired = partner = field = specific = None
    paired: set[EnhancedCode] = set()
    basic_line, basic_start = (basic.line, basic.start) if basic is not None else (-1, -1)
    for candidate in candidates:
        code = candidate.code
        if not isinstance(code, EnhancedCode):
            continue
        first = first or code
        if candidate.paired:
            paired.add(code)
            first_paired = first_paired or code
            beside = candidate.line == basic_line and candidate.start > basic_start
            if partner is None and beside:
                partner = code
        if candidate.source == "dsn":
            field = field or code
        elif specific is None and not _is_generic(code):
            specific = code
    if basic is not None and first_paired is not None:
        chosen = partner or first_paired or first
        if warnings is not None and len(paired) > 1:
            listed = ", ".join(str(code) for code in sorted(paired) if code != chosen)
            warnings.append(say("the reply's lines carry other enhanced codes too ({listed})",
                                listed=listed))
        if warnings is not None and field is not None and field != chosen:
            warnings.append(say(
                "the status field says {field}; {chosen}, which stands beside the reply code,"
                " is used", field=str(field), chosen=str(chosen)))
        return chosen
    if field is not None and _is_generic(field) and specific is not None:
        if notes is not None:
            notes.append(say(
                "the status field says {field}, which names only the class; the more"
                " specific {specific} from the text is used", field=str(field),
                specific=str(specific)))
        return specific
    return field or first


def parse_text(text: str, decoding: tuple[str, ...], command: str | None) -> Reply:
    """The Reply of a text that is not a bare code (``decoding``: the warnings of its
    decoding from bytes); NoCodeFoundError, or MalformedCodeError for a registry key, when
    it holds no code."""
    reply = reply_or_none(text, decoding, command)
    if reply is None:
        return _parse_text(text, [], decoding, command)  # raises the error that says why
    return reply


def reply_or_none(text: str, decoding: tuple[str, ...], command: str | None) -> Reply | None:
    """The Reply of a text that is not a bare code, or None when it holds no code (a reading
    of its words goes on without one, and needs no error message)."""
    candidates = _scan(text)
    if not candidates:
        return None
    if _may_be_transcript(candidates) and looks_like_transcript(text):
        replies = transcript_replies(text)
        if replies:
            return _decisive(replies, decoding)
    return _parse_text(text, candidates, decoding, command)


def _may_be_transcript(candidates: list[Found]) -> bool:
    """True when codes stand on lines apart, with other lines between them."""
    previous = candidates[0].line if candidates else 0
    for candidate in candidates:
        if candidate.line > previous + 1:
            return True
        previous = candidate.line
    return False


def _parse_text(
    text: str, candidates: list[Found], decoding: tuple[str, ...], command: str | None
) -> Reply:
    if not candidates:
        stripped = text.strip() if len(text) <= LONGEST_BARE_CODE else ""
        if _is_registry_key(stripped):
            from .registry import find_entry

            known = find_entry(stripped) is not None
            if known:
                raise MalformedCodeError(say(
                    "{key} is a registry key, not a code a server sends: give the class too"
                    " (4.2.2 or 5.2.2 for X.2.2), or look the entry up with smtpcode list"
                    " --code {bare}", key=quote(stripped), bare=stripped))
            raise MalformedCodeError(say(
                "{key} is a registry key, not a code a server sends: give the class too"
                " (4.2.2 or 5.2.2 for X.2.2); the registry has no entry under that key either",
                key=quote(stripped)))
        raise NoCodeFoundError(say(
            "no SMTP code found in {text}: expected a reply code like 550 or an enhanced status"
            " code like 5.1.1, alone or in a reply or log line", text=quote(text)))
    # What the choice has to say (other codes, a status field that disagrees) is worked
    # out when the Reply's warnings are first asked for (choice_messages): most readings
    # never ask.
    basic, enhanced = _choose(candidates, None, None)
    return Reply(
        text=text,
        basic=basic,
        enhanced=enhanced,
        found=tuple(candidate.fields() for candidate in candidates),
        warnings=decoding,
        command=command,
        choice_messages=len(candidates) > 1,
    )


def choice_messages(found: tuple[CandidateFields, ...]) -> tuple[list[str], list[str]]:
    """The warnings and notes of choosing among the codes found in a text."""
    warnings: list[str] = []
    notes: list[str] = []
    _choose([Found(*fields) for fields in found], warnings, notes)
    return warnings, notes


def _choose(
    candidates: list[Found], warnings: list[str] | None, notes: list[str] | None,
) -> tuple[ReplyCode | None, EnhancedCode | None]:
    """The codes that decide. The commonest shapes, one code or one pair (``550 5.1.1``),
    are settled at once; anything else goes through the general choice."""
    first = candidates[0].code
    if len(candidates) == 1:
        if isinstance(first, ReplyCode):
            return first, None
        return None, first if isinstance(first, EnhancedCode) else None
    second = candidates[1].code
    pair = len(candidates) == 2 and candidates[0].paired and isinstance(second, EnhancedCode)
    if pair and isinstance(first, ReplyCode) and isinstance(second, EnhancedCode):
        return first, second
    basic_candidate = _choose_basic(candidates, warnings)
    basic = basic_candidate.code if basic_candidate is not None else None
    return (
        basic if isinstance(basic, ReplyCode) else None,
        _choose_enhanced(candidates, basic_candidate, warnings, notes),
    )


def transcript_replies(text: str) -> list[Reply]:
    """One Reply for each server reply of a session transcript."""
    replies = []
    for command, lines in split_transcript(text):
        reply_text = "\n".join(lines)
        replies.append(_parse_text(reply_text, _scan(reply_text), (), command))
    return replies


def _decisive(replies: list[Reply], decoding: tuple[str, ...]) -> Reply:
    """The reply of a transcript that says how the session went: its first failure, else
    its last reply; a note says which one it is."""
    failures = [reply for reply in replies if (reply.basic or 0) >= 400]
    chosen = failures[0] if failures else replies[-1]
    command = chosen.command or "?"
    if failures:
        note = say("a session transcript with {count} replies; the first failure ({code}, in"
                   " reply to {command}) is the one described", count=len(replies),
                   code=str(chosen.basic), command=command)
    else:
        note = say("a session transcript with {count} replies; the last reply ({code}, in"
                   " reply to {command}) is the one described", count=len(replies),
                   code=str(chosen.basic), command=command)
    return Reply(
        text=chosen.text,
        basic=chosen.basic,
        enhanced=chosen.enhanced,
        candidates=chosen.candidates,
        warnings=(*decoding, *chosen.warnings),
        notes=(note, *chosen.notes),
        command=chosen.command,
    )
