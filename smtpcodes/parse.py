"""Find the SMTP codes in any text: a bare code, a reply, a log line, a bounce's fields.

Every code-like token is a candidate; its surroundings say how much it can be trusted (a
code at the start of a line or after ``said:`` is a reply; ``dsn=`` and ``Status:`` are
status fields; a number elsewhere needs a partner to count). The reply code is the most
trusted candidate, and the enhanced code the one that stands beside it, else a status field,
else the first one found. All candidates stay in the result as evidence.

Every regular expression here is linear: no nested quantifiers, bounded look-behinds.
"""

from __future__ import annotations

import re

from . import checks
from .codes import EnhancedCode, ReplyCode
from .errors import NoCodeFoundError, quote
from .reply import Candidate, Reply

# A reply code: three digits, not glued to a word, a number, an address or a time, followed
# by the separator of RFC 5321 (space or hyphen), a tab, or the end of the line.
_BASIC = re.compile(r"(?<![\w.,:/+=#$%&@*-])[2-5][0-9][0-9](?=[ \t-]|$)", re.MULTILINE)

# An enhanced status code, not part of an IP address, a version or a longer dotted number.
_ENHANCED = re.compile(
    r"(?<![\w./])(?<![^0-9]-)[245]\.(?:0|[1-9][0-9]{0,2})\.(?:0|[1-9][0-9]{0,2})(?![\w\-]|\.[0-9])"
)

# What, standing right before a code on its line, marks it as a quoted reply.
_SAID_MARKERS = (
    "said:", "smtp;", "reply:", "error:", "reject=", "response:", "returned", "message:",
    "answered:", "said", "stat=",
)
# What, standing right before an enhanced code, marks it as a status field.
_STATUS_FIELDS = ("dsn=", "status:", "status=", "x-postfix; ", "dsn:")
# Words that make a dotted number a version, not a code ("version 5.1.1").
_VERSION_WORDS = ("version", "ver", "release", "v", "postfix", "exim", "sendmail", "release:")

# "(in reply to RCPT TO command)", Exim's "after RCPT TO:<...>", "while sending RCPT TO".
_COMMAND = re.compile(
    r"in reply to (?:the )?(end of data|end of DATA|[A-Z]+(?: (?:TO|FROM))?) command"
    r"|(?:after|while sending) (end of data|RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH"
    r"|QUIT|RSET|BDAT|pipelined (?:RCPT TO|MAIL FROM|DATA)|initial connection)",
    re.IGNORECASE,
)

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


def _basic_source(line: str, start: int) -> str | None:
    """How a reply code at ``start`` of ``line`` stands: 'reply', 'said', or None (doubtful)."""
    prefix = line[:start].rstrip()
    if not prefix.strip(" \t>|*'\"[(<"):
        return "reply"
    lowered = prefix.lower()
    if lowered.endswith(_SAID_MARKERS) or prefix[-1] in ":;('\"<[":
        return "said"
    return None


def _is_version(line: str, start: int) -> bool:
    words = line[:start].rstrip().rsplit(None, 1)
    return bool(words) and words[-1].lower().rstrip(":") in _VERSION_WORDS


def _scan_line(line: str, number: int) -> list[Candidate]:
    """Every trustworthy code candidate on one line, in order."""
    found: list[Candidate] = []
    enhanced_at: dict[int, Candidate] = {}
    for match in _ENHANCED.finditer(line):
        start = match.start()
        if _is_version(line, start):
            continue
        prefix = line[:start].lower().rstrip()
        source = "dsn" if (prefix + " ").endswith(_STATUS_FIELDS) or prefix.endswith(_STATUS_FIELDS) else "text"
        code = EnhancedCode.parse(match.group())
        enhanced_at[start] = Candidate(code, source, number, start, match.end())
    paired_enhanced: set[int] = set()
    for match in _BASIC.finditer(line):
        start, end = match.start(), match.end()
        after = line[end:end + 1]
        rest = line[end + 1:].lstrip(" \t") if after in (" ", "\t", "-") else ""
        rest_start = len(line) - len(rest)
        partner = enhanced_at.get(rest_start) if rest else None
        source = _basic_source(line, start)
        if source is None and partner is None and after != "-":
            continue
        if partner is None and rest[:1].isdigit():
            continue
        code = ReplyCode(match.group())
        if partner is not None:
            partner.paired = True
            paired_enhanced.add(rest_start)
            if partner.source == "text":
                partner.source = source or "text"
        found.append(Candidate(code, source or "text", number, start, end, paired=partner is not None))
    found.extend(enhanced_at.values())
    found.sort(key=lambda candidate: candidate.start)
    return found


def _command(text: str) -> str | None:
    match = _COMMAND.search(text)
    if match is None:
        return None
    command = (match.group(1) or match.group(2)).upper()
    if command.startswith("END OF"):
        return "DATA"
    return command.replace("PIPELINED ", "").replace("INITIAL CONNECTION", "CONNECT")


def _detect_format(text: str, candidates: list[Candidate]) -> str:
    lowered = text[:2000].lower()
    if "status=" in lowered and ("dsn=" in lowered or "relay=" in lowered):
        return "postfix"
    if "noqueue: reject:" in lowered or "postfix/" in lowered:
        return "postfix"
    if "smtp error from remote" in lowered or " ** " in lowered or " == " in lowered:
        return "exim"
    if "stat=" in lowered:
        return "sendmail"
    if "diagnostic-code:" in lowered or "status:" in lowered:
        return "dsn"
    if candidates and candidates[0].source == "reply":
        return "reply"
    return "text"


_BASIC_RANK = {"reply": 0, "said": 1, "text": 2}


def _choose_basic(candidates: list[Candidate], warnings: list[str]) -> Candidate | None:
    basics = [c for c in candidates if isinstance(c.code, ReplyCode)]
    if not basics:
        return None
    best = min(basics, key=lambda c: _BASIC_RANK[c.source])
    others = sorted({int(c.code) for c in basics if c.source == best.source} - {int(best.code)})
    if others:
        listed = ", ".join(str(code) for code in others)
        warnings.append(
            f"the text holds other reply codes too ({listed}); {best.code}, the first, is used"
        )
    return best


def _is_generic(code: EnhancedCode) -> bool:
    return code.subject_number == 0 and code.detail_number == 0


def _choose_enhanced(
    candidates: list[Candidate], basic: Candidate | None, warnings: list[str]
) -> Candidate | None:
    enhanced = [c for c in candidates if isinstance(c.code, EnhancedCode)]
    if not enhanced:
        return None
    if basic is not None:
        for candidate in enhanced:
            if candidate.paired and candidate.line == basic.line and candidate.start > basic.start:
                return candidate
        for candidate in enhanced:
            if candidate.paired:
                return candidate
    fields = [c for c in enhanced if c.source == "dsn"]
    if fields:
        field = fields[0]
        specific = [c for c in enhanced if c.source != "dsn" and not _is_generic(c.code)]
        if _is_generic(field.code) and specific:
            warnings.append(
                f"the status field says {field.code}, which names only the class; the more"
                f" specific {specific[0].code} from the text is used"
            )
            return specific[0]
        return field
    return enhanced[0]


def parse(data: str | bytes) -> Reply:
    """Find the SMTP codes in ``data`` and say which ones decide.

    Accepts a bare code (``"4.2.2"``, ``"550"``), a reply of one or more lines, a log line or
    a bounce's fields, as str or bytes, CRLF or LF. Raises MalformedCodeError for a bare code
    that breaks the grammar and NoCodeFoundError when the text holds no code at all.
    """
    text, warnings = _decode(data)
    if _looks_like_bare_code(text):
        return _code_reply(text, parse_code(text), warnings)
    lines = split_lines(text)
    candidates: list[Candidate] = []
    for number, line in enumerate(lines):
        if line:
            candidates.extend(_scan_line(line, number))
    if not candidates:
        raise NoCodeFoundError(
            f"no SMTP code found in {quote(text)}: expected a reply code like 550 or an"
            " enhanced status code like 5.1.1, alone or in a reply or log line"
        )
    basic = _choose_basic(candidates, warnings)
    enhanced = _choose_enhanced(candidates, basic, warnings)
    basic_code = basic.code if basic is not None and isinstance(basic.code, ReplyCode) else None
    enhanced_code = (
        enhanced.code if enhanced is not None and isinstance(enhanced.code, EnhancedCode) else None
    )
    warnings.extend(checks.pairing_warnings(basic_code, enhanced_code))
    return Reply(
        text=text, lines=lines, basic=basic_code, enhanced=enhanced_code,
        candidates=tuple(candidates), warnings=tuple(warnings), command=_command(text),
        format=_detect_format(text, candidates),
    )

