"""SMTP session transcripts: every reply of a dialogue, with the command it answered.

A transcript is what a telnet or ``swaks`` test of a mail server shows: the greeting, EHLO
and its capability lines, MAIL, RCPT, DATA and the message, QUIT. Client lines are
recognised by the SMTP verb they start with (after an optional ``C:``, ``>`` or ``>>>``
marker), replies by their three digits; the message sent after a 354 is skipped up to its
final dot, so that a line of the body is never taken for a reply.
"""

from __future__ import annotations

from .regex import compiled
from .reply import split_lines

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

# Markers some tools put before each line: "C: "/"S: ", ">>> "/"<<< ", "-> "/"<- ", "> "/"< ".
_MARKER = r"(?:[CcSs]:|<<<|>>>|->|<-|<|>)"
# The start of a line: blanks, maybe a marker, maybe a blank.
_MARKERS = rf"^(?:[ \t]*{_MARKER}?[ \t]?)"


_MARKER_SOURCE = _MARKER + r"[ \t]?"


def _marker() -> re.Pattern[str]:
    return compiled(_MARKER_SOURCE)


# A client command, in the shape it has on the wire, so that prose ("Data format error")
# is not taken for one.
_COMMAND_SOURCE = (
    "(?mi)" + _MARKERS
    + r"(MAIL FROM:|RCPT TO:|(?:HELO|EHLO|LHLO|VRFY|EXPN|ETRN|AUTH|BDAT|BURL) [^ \t]"
    r"|(?:DATA|QUIT|RSET|STARTTLS|NOOP|HELP|TURN|ATRN)[ \t]*$)"
)


def _command() -> re.Pattern[str]:
    return compiled(_COMMAND_SOURCE)


_REPLY_SOURCE = r"[2-5][0-9][0-9](?=[ -]|$)"


def _reply() -> re.Pattern[str]:
    return compiled(_REPLY_SOURCE)


_REPLY_LINE_SOURCE = "(?m)" + _MARKERS + r"[2-5][0-9][0-9](?:[ -]|$)"


def _reply_line() -> re.Pattern[str]:
    return compiled(_REPLY_LINE_SOURCE)


#: What a reply to the greeting is said to answer.
CONNECT = "CONNECT"


def _unmarked(line: str) -> tuple[str, str]:
    """The line without its direction marker, and the marker (empty when there is none)."""
    match = _marker().match(line)
    if match is None:
        return line, ""
    return line[match.end() :], match.group().strip()


def looks_like_transcript(text: str) -> bool:
    """True when some line starts with a client command and some line with a reply."""
    return _command().search(text) is not None and _reply_line().search(text) is not None


def _command_name(wire: str) -> str:
    """``MAIL FROM:`` -> ``MAIL FROM``, ``ehlo x`` -> ``EHLO``, ``BDAT 100`` -> ``DATA``."""
    words = wire.upper().rstrip(": \t").split()
    name = " ".join(words[:2]) if words[0] in ("MAIL", "RCPT") else words[0]
    return "DATA" if name in ("BDAT", "BURL") else name


def split_transcript(text: str) -> list[tuple[str | None, list[str]]]:
    """The replies of a transcript: (the command answered, the reply's lines)."""
    replies: list[tuple[str | None, list[str]]] = []
    command: str | None = CONNECT
    current: list[str] = []
    in_message = False
    for line in split_lines(text):
        body, marker = _unmarked(line.lstrip())
        if in_message:
            if body.rstrip() == ".":
                in_message = False
                command = "DATA"
            continue
        reply = _reply().match(body) if marker[:1] not in ("C", "c", ">") else None
        if reply is not None:
            current.append(body)
            final = body[3:4] != "-"
            if final:
                replies.append((command, current))
                if command == "DATA" and body.startswith("354"):
                    in_message = True
                current = []
            continue
        verb = _command().match(body)
        if verb is not None:
            if current:
                replies.append((command, current))
                current = []
            command = _command_name(verb.group(1))
    if current:
        replies.append((command, current))
    return replies
