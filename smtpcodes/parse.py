"""Find the SMTP codes in any text: a bare code, a reply, a log line, a bounce's fields.

Every code-like token is a candidate; what stands before it on its line says how far it can
be trusted. A code at the start of a line is a reply; after ``said:``, ``smtp;`` or a colon
it is a quoted reply; after ``dsn=`` or ``Status:`` it is a status field; elsewhere a number
needs a partner (``550 5.1.1``) to count. The reply code is the most trusted candidate; the
enhanced code is the one beside it, else a status field, else the first found. Every
candidate stays in the result as evidence.

Every regular expression here is linear (no nested quantifiers), and every look back from a
candidate reads a bounded window, so the time taken grows with the length of the text.
"""

from __future__ import annotations

import re

from . import checks
from .codes import EnhancedCode, ReplyCode
from .errors import NoCodeFoundError, quote
from .reply import Candidate, Reply

# A reply code: three digits, not glued to a word, a number, an address or a time, followed
# by the separator of RFC 5321 (space or hyphen), a tab, or the end of the line.
_BASIC = re.compile(r"(?<![\w.,:/+#$%&@*-])[2-5][0-9][0-9](?=[ \t-]|$)", re.MULTILINE)

# An enhanced status code, not part of an IP address, a version or a longer dotted number.
# A hyphen may stand before it only after a digit, as in "550-5.1.1".
_ENHANCED = re.compile(
    r"(?<![\w./])(?<![^0-9]-)[245]\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2})"
    r"(?![\w-]|\.[0-9])"
)

# How far back from a candidate its context is read.
_WINDOW = 48

# What, standing right before a reply code, marks it as a quoted reply.
_SAID_MARKERS = (
    "said:", "said", "smtp;", "reply:", "error:", "reject=", "response:", "returned",
    "message:", "answered:", "stat=",
)
_SAID_PUNCTUATION = frozenset(":;('\"<[")
_LINE_START_JUNK = " \t>|*'\"[(<"
# What, standing right before an enhanced code, marks it as a status field.
_STATUS_FIELDS = ("dsn=", "status:", "status=", "dsn:")
# Words that make a dotted number a version, not a code ("version 5.1.1").
_VERSION_WORDS = frozenset(("version", "ver", "release", "v", "postfix", "exim", "sendmail"))

# The command a reply answered: Postfix "(in reply to RCPT TO command)" and
# "NOQUEUE: reject: RCPT from", Exim "after RCPT TO:<...>", Postfix "while sending RCPT TO".
_COMMAND = re.compile(
    r"in reply to (?:the )?(end of data|[A-Za-z]+(?: (?:TO|FROM|to|from))?) command"
    r"|(?:after|while sending) (end of data|RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH"
    r"|QUIT|RSET|BDAT|pipelined (?:RCPT TO|MAIL FROM|DATA)|initial connection)"
    r"|reject: (RCPT|MAIL|DATA|CONNECT|EHLO|HELO|VRFY|ETRN|END-OF-MESSAGE|BDAT) from",
    re.IGNORECASE,
)
_COMMAND_NAMES = {
    "RCPT": "RCPT TO", "MAIL": "MAIL FROM", "END OF DATA": "DATA", "END-OF-MESSAGE": "DATA",
    "INITIAL CONNECTION": "CONNECT",
}

_CODE_CHARACTERS = frozenset("0123456789.")


def _decode(data: str | bytes) -> tuple[str, list[str]]:
    """Text from str or bytes; undecodable bytes are replaced, and counted in a warning."""
    if isinstance(data, str):
        return data, []
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse() takes str or bytes, not {type(data).__name__}")
    raw = bytes(data)
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        return text, [f"{bad} byte sequence(s) were not valid UTF-8 and were replaced by U+FFFD"]


def split_lines(text: str) -> tuple[str, ...]:
    """The lines of a text, CRLF or LF; a final line break does not make an empty line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def parse_code(text: str) -> ReplyCode | EnhancedCode:
    """A bare code: ``550`` or ``5.1.1``. MalformedCodeError names what is wrong."""
    stripped = text.strip()
    if "." in stripped:
        return EnhancedCode.parse(stripped)
    return ReplyCode(stripped)


def _looks_like_bare_code(text: str) -> bool:
    stripped = text.strip()
    return bool(stripped) and _CODE_CHARACTERS.issuperset(stripped)


def _code_reply(text: str, code: ReplyCode | EnhancedCode, warnings: list[str]) -> Reply:
    stripped = text.strip()
    offset = text.find(stripped)
    candidate = Candidate(code, "code", 0, offset, offset + len(stripped))
    basic = code if isinstance(code, ReplyCode) else None
    enhanced = code if isinstance(code, EnhancedCode) else None
    warnings.extend(checks.pairing_warnings(basic, enhanced))
    return Reply(
        text=text, lines=split_lines(text), basic=basic, enhanced=enhanced,
        candidates=(candidate,), warnings=tuple(warnings), format="code",
    )


def _before(line: str, start: int) -> str:
    """The bounded stretch of the line before a candidate, trailing blanks removed."""
    return line[max(0, start - _WINDOW):start].rstrip()


def _basic_source(line: str, start: int) -> str | None:
    """How a reply code at ``start`` stands: 'reply', 'said', or None (doubtful)."""
    if start < _WINDOW and not line[:start].strip(_LINE_START_JUNK):
        return "reply"
    before = _before(line, start)
    if before and (before[-1] in _SAID_PUNCTUATION or before.lower().endswith(_SAID_MARKERS)):
        return "said"
    return None


def _enhanced_source(line: str, start: int) -> str | None:
    """'dsn' after a status field, 'text' elsewhere, None for a version number."""
    before = _before(line, start).lower()
    words = before.rsplit(None, 1)
    if words and words[-1].rstrip(":") in _VERSION_WORDS:
        return None
    if (before + " ").endswith(_STATUS_FIELDS) or before.endswith(_STATUS_FIELDS):
        return "dsn"
    return "text"


def _scan_line(line: str, number: int, found: list[Candidate]) -> None:
    """Add every trustworthy code candidate on one line to ``found``, in order."""
    diagnostic = line[:16].lower().startswith("diagnostic-code:")
    enhanced_at: dict[int, Candidate] = {}
    for match in _ENHANCED.finditer(line):
        start = match.start()
        source = _enhanced_source(line, start)
        if source is not None:
            code = EnhancedCode.parse(match.group())
            enhanced_at[start] = Candidate(code, source, number, start, match.end())
    on_line: list[Candidate] = []
    for match in _BASIC.finditer(line):
        start, end = match.start(), match.end()
        separator = line[end:end + 1]
        after = end + 1
        while line[after:after + 1] in (" ", "\t") and after < len(line):
            after += 1
        partner = enhanced_at.get(after) if separator else None
        source = _basic_source(line, start)
        doubtful = source is None and separator != "-"
        if partner is None and (doubtful or line[after : after + 1].isdigit()):
            continue
        if partner is not None:
            partner.paired = True
            if partner.source == "text":
                partner.source = source or "text"
        on_line.append(
            Candidate(ReplyCode(match.group()), source or "text", number, start, end,
                      paired=partner is not None)
        )
    on_line.extend(enhanced_at.values())
    on_line.sort(key=lambda candidate: candidate.start)
    if diagnostic:
        for candidate in on_line:
            candidate.source = "diagnostic" if candidate.source != "dsn" else "dsn"
    found.extend(on_line)


def _command(text: str) -> str | None:
    match = _COMMAND.search(text)
    if match is None:
        return None
    command = next(group for group in match.groups() if group).upper()
    command = command.replace("PIPELINED ", "")
    return _COMMAND_NAMES.get(command, command)


def _detect_format(text: str, candidates: list[Candidate]) -> str:
    head = text[:4000].lower()
    if "status=" in head and ("dsn=" in head or "relay=" in head or "to=<" in head):
        return "postfix"
    if "noqueue: reject:" in head or "postfix/" in head:
        return "postfix"
    if "smtp error from remote" in head or " ** " in head or " == " in head or " h=" in head:
        return "exim"
    if "stat=" in head or "reject=" in head:
        return "sendmail"
    if "diagnostic-code:" in head or "status:" in head:
        return "dsn"
    if candidates[0].source == "reply":
        return "reply"
    return "text"


_BASIC_RANK = {"reply": 0, "said": 1, "diagnostic": 1, "text": 2}


def _choose_basic(
    candidates: list[Candidate], warnings: list[str]
) -> tuple[Candidate, ReplyCode] | None:
    basics = [(c, c.code) for c in candidates if isinstance(c.code, ReplyCode)]
    if not basics:
        return None
    best, code = min(basics, key=lambda pair: _BASIC_RANK[pair[0].source])
    others = sorted({int(other) for _, other in basics} - {int(code)})
    if others:
        listed = ", ".join(str(other) for other in others)
        warnings.append(
            f"the text holds other reply codes too ({listed}); {code}, the most prominent,"
            f" is used"
        )
    return best, code


def _is_generic(code: EnhancedCode) -> bool:
    return code.subject_number == 0 and code.detail_number == 0


def _choose_enhanced(
    candidates: list[Candidate], basic: Candidate | None, warnings: list[str]
) -> EnhancedCode | None:
    enhanced = [(c, c.code) for c in candidates if isinstance(c.code, EnhancedCode)]
    if not enhanced:
        return None
    paired = [code for candidate, code in enhanced if candidate.paired]
    if basic is not None and paired:
        partners = [
            code for candidate, code in enhanced
            if candidate.paired and candidate.line == basic.line and candidate.start > basic.start
        ]
        chosen = (partners or paired)[0]
        if any(other != chosen for other in paired):
            listed = ", ".join(sorted({str(other) for other in paired} - {str(chosen)}))
            warnings.append(f"the reply's lines carry other enhanced codes too ({listed})")
        return chosen
    fields = [code for candidate, code in enhanced if candidate.source == "dsn"]
    specific = [
        code for candidate, code in enhanced
        if candidate.source != "dsn" and not _is_generic(code)
    ]
    if fields:
        if _is_generic(fields[0]) and specific:
            warnings.append(
                f"the status field says {fields[0]}, which names only the class; the more"
                f" specific {specific[0]} from the text is used"
            )
            return specific[0]
        return fields[0]
    return enhanced[0][1]


def parse(data: str | bytes) -> Reply:
    """Find the SMTP codes in ``data`` and say which ones decide.

    Accepts a bare code (``"4.2.2"``, ``"550"``), a reply of one or more lines, a log line or
    a bounce's fields, as str or bytes, CRLF or LF. Raises MalformedCodeError for a bare code
    that breaks the grammar and NoCodeFoundError when the text holds no code at all.

    >>> reply = parse("550 5.1.1 <a@example.com>: Recipient address rejected")
    >>> reply.basic, str(reply.enhanced)
    (550, '5.1.1')
    """
    text, warnings = _decode(data)
    if _looks_like_bare_code(text):
        return _code_reply(text, parse_code(text), warnings)
    lines = split_lines(text)
    candidates: list[Candidate] = []
    for number, line in enumerate(lines):
        if line:
            _scan_line(line, number, candidates)
    if not candidates:
        raise NoCodeFoundError(
            f"no SMTP code found in {quote(text)}: expected a reply code like 550 or an"
            " enhanced status code like 5.1.1, alone or in a reply or log line"
        )
    chosen_basic = _choose_basic(candidates, warnings)
    basic_candidate, basic = chosen_basic if chosen_basic else (None, None)
    enhanced = _choose_enhanced(candidates, basic_candidate, warnings)
    warnings.extend(checks.pairing_warnings(basic, enhanced))
    return Reply(
        text=text, lines=lines, basic=basic, enhanced=enhanced,
        candidates=tuple(candidates), warnings=tuple(warnings), command=_command(text),
        format=_detect_format(text, candidates),
    )
