"""The result of parsing: a Reply, and the Candidates (codes with their evidence) inside it.

A Reply keeps the text and the codes found at once; its lines, warnings, the command it
answered and the format of the text are worked out when first asked for, so that a program
that only wants the codes does not pay for the rest.
"""

from __future__ import annotations

from . import checks
from .codes import EnhancedCode, ReplyCode
from .regex import compiled

TYPE_CHECKING = False
if TYPE_CHECKING:
    import re

#: Where in the text a code was found.
SOURCES = {
    "code": "the input is the code itself",
    "reply": "an SMTP reply line (the code starts the line)",
    "said": "a reply quoted after 'said:', 'smtp;', 'reject=' or a colon",
    "diagnostic": "an RFC 3464 Diagnostic-Code field",
    "dsn": "a status field: Postfix or Sendmail 'dsn=', RFC 3464 'Status:'",
    "text": "free text (a reply code counts there only beside an enhanced code)",
}


# Words one of which every text naming its command holds (see _command).
_COMMAND_WORDS = ("command", "after ", "while sending", "reject: ")


# The command a reply answered: Postfix "(in reply to RCPT TO command)" and
# "NOQUEUE: reject: RCPT from", Exim "after RCPT TO:<...>", Postfix "while sending RCPT TO".
_COMMAND_SOURCE = (
    r"(?i)in reply to (?:the )?(end of data|[A-Za-z]+(?: (?:TO|FROM|to|from))?) command"
    r"|(?:after|while sending) (end of data|RCPT TO|MAIL FROM|DATA|EHLO|HELO|STARTTLS|AUTH"
    r"|QUIT|RSET|BDAT|pipelined (?:RCPT TO|MAIL FROM|DATA)|initial connection)"
    r"|reject: (RCPT|MAIL|DATA|CONNECT|EHLO|HELO|VRFY|ETRN|END-OF-MESSAGE|BDAT) from"
)


def _command() -> re.Pattern[str]:
    return compiled(_COMMAND_SOURCE)


# RFC 3464 delivery-status fields, one a line ("Action: failed").
_DSN_FIELD_SOURCE = (
    r"(?mi)^[ \t]*(Action|Status|Diagnostic-Code|Remote-MTA|Final-Recipient|Original-Recipient"
    r"|Reporting-MTA|Last-Attempt-Date|Will-Retry-Until|X-Postfix-Sender):(.*)$"
)


def _dsn_field() -> re.Pattern[str]:
    return compiled(_DSN_FIELD_SOURCE)


# Log fields: Postfix "to=<a@b>, relay=mx[1.2.3.4]:25, dsn=5.1.1, status=bounced", Sendmail
# "dsn=5.1.1, stat=User unknown", Exim "H=mx [1.2.3.4]" and "R=router T=transport".
_LOG_FIELD_SOURCE = (
    r"(?<![\w-])(to|orig_to|from|relay|delay|dsn|status|stat|mailer|reject|H|R|T|F)="
    r"(<[^>\n]*>|[^,\s]+(?: \[[0-9a-fA-F.:]+\])?)"
)


def _log_field() -> re.Pattern[str]:
    return compiled(_LOG_FIELD_SOURCE)


_COMMAND_NAMES = {
    "RCPT": "RCPT TO",
    "MAIL": "MAIL FROM",
    "END OF DATA": "DATA",
    "END-OF-MESSAGE": "DATA",
    "INITIAL CONNECTION": "CONNECT",
}


def split_lines(text: str) -> tuple[str, ...]:
    """The lines of a text, CRLF or LF; a final line break does not make an empty line."""
    lines = text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return tuple(line[:-1] if line.endswith("\r") else line for line in lines)


def command_in(text: str) -> str | None:
    """The SMTP command a reply answered, where a log line or bounce says (``RCPT TO``)."""
    lowered = text.lower()
    if not any(word in lowered for word in _COMMAND_WORDS):
        return None  # (a bare code, most replies): no pattern to compile or run
    match = _command().search(text)
    if match is None:
        return None
    command = next(group for group in match.groups() if group).upper()
    command = command.replace("PIPELINED ", "")
    return _COMMAND_NAMES.get(command, command)


def format_of(text: str, first_source: str) -> str:
    """What kind of text it is: postfix, exim, sendmail, dsn, reply, code or text."""
    if first_source == "code":
        return "code"
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
    if first_source == "reply":
        return "reply"
    return "text"


#: A Candidate's fields as ``parse`` hands them to a Reply: code, source, line, start, end,
#: paired (the Reply makes the Candidates when they are first asked for).
CandidateFields = tuple["ReplyCode | EnhancedCode", str, int, int, int, bool]


class Candidate:
    """A code found in the text, with the evidence: where, in what part, as which substring."""

    __slots__ = ("code", "end", "line", "paired", "source", "start")

    def __init__(
        self,
        code: ReplyCode | EnhancedCode,
        source: str,
        line: int,
        start: int,
        end: int,
        paired: bool = False,
    ) -> None:
        self.code = code
        #: one of SOURCES
        self.source = source
        #: index of the line in ``Reply.lines``
        self.line = line
        #: offsets of the code in that line
        self.start = start
        self.end = end
        #: True when a reply code and an enhanced code stand together (``550 5.1.1``)
        self.paired = paired

    @property
    def kind(self) -> str:
        return "basic" if isinstance(self.code, ReplyCode) else "enhanced"

    def as_dict(self) -> dict[str, object]:
        code = self.code
        return {
            "code": int(code) if isinstance(code, ReplyCode) else str(code),
            "kind": self.kind,
            "source": self.source,
            "line": self.line,
            "start": self.start,
            "end": self.end,
        }

    def __repr__(self) -> str:
        return f"<Candidate {self.code} {self.source} line {self.line} [{self.start}:{self.end}]>"


class Reply:
    """What ``parse`` found in a text: the codes that decide, every line, and why.

    ``basic`` is the reply code (an int) and ``enhanced`` the enhanced status code; either
    may be None, not both. ``candidates`` lists every code found, in text order, and
    ``warnings`` says where the text is inconsistent or non-standard.
    """

    __slots__ = (
        "_candidates",
        "_checked",
        "_command",
        "_fields",
        "_format",
        "_found",
        "_found_notes",
        "_found_warnings",
        "_lines",
        "_messages_later",
        "basic",
        "enhanced",
        "text",
    )

    def __init__(
        self,
        *,
        text: str,
        basic: ReplyCode | None,
        enhanced: EnhancedCode | None,
        candidates: tuple[Candidate, ...] = (),
        found: tuple[CandidateFields, ...] = (),
        warnings: tuple[str, ...] = (),
        notes: tuple[str, ...] = (),
        command: str | None = None,
        choice_messages: bool = False,
    ) -> None:
        self.text = text
        self.basic = basic
        self.enhanced = enhanced
        self._candidates = candidates or None
        #: the candidates' fields, when given that way (``parse``): made into Candidates
        #: only for a program that asks for them
        self._found = found
        #: what reading the text found (bytes replaced, several codes), before the checks
        self._found_warnings = warnings
        self._found_notes = notes
        #: True when parse's choice among several codes has messages to work out, later
        self._messages_later = choice_messages
        self._checked: tuple[tuple[str, ...], tuple[str, ...]] | None = None
        self._lines: tuple[str, ...] | None = None
        #: "" once looked up and not found
        self._command: str | None = command
        self._format: str | None = None
        self._fields: dict[str, str] | None = None

    @property
    def candidates(self) -> tuple[Candidate, ...]:
        """Every code found in the text, in text order, with its evidence."""
        if self._candidates is None:
            self._candidates = tuple(Candidate(*fields) for fields in self._found)
        return self._candidates

    @property
    def lines(self) -> tuple[str, ...]:
        """Every line of the text, in order, without line ends."""
        if self._lines is None:
            self._lines = split_lines(self.text)
        return self._lines

    def _checks(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        if self._checked is None:
            if self._messages_later:
                from .findcodes import choice_messages

                chosen_warnings, chosen_notes = choice_messages(self._found)
                self._found_warnings += tuple(chosen_warnings)
                self._found_notes += tuple(chosen_notes)
                self._messages_later = False
            warnings, notes = checks.check_pairing(self.basic, self.enhanced)
            # dict.fromkeys: once each, when a found message is also a check's
            self._checked = (tuple(dict.fromkeys((*self._found_warnings, *warnings))),
                             tuple(dict.fromkeys((*self._found_notes, *notes))))
        return self._checked

    @property
    def warnings(self) -> tuple[str, ...]:
        """What is wrong or contradictory: undecodable bytes, codes that disagree on the
        class or conflict in one reply, codes outside the grammar."""
        return self._checks()[0]

    @property
    def notes(self) -> tuple[str, ...]:
        """What is unusual but not wrong: a code no registry defines (a provider's own), a
        deprecated code, a pairing the registry does not list, which reply of a transcript
        is described."""
        return self._checks()[1]

    @property
    def command(self) -> str | None:
        """The SMTP command the reply answered, where the text says (``RCPT TO``)."""
        if self._command is None:
            self._command = command_in(self.text) or ""
        return self._command or None

    @property
    def format(self) -> str:
        """What the text looked like: code, reply, postfix, exim, sendmail, dsn or text."""
        if self._format is None:
            self._format = format_of(self.text, self.candidates[0].source)
        return self._format

    @property
    def fields(self) -> dict[str, str]:
        """Named fields of the text: RFC 3464 ones (``action``, ``remote-mta``, ...) and log
        ones (``to``, ``relay``, ``dsn``, ``status``, ...); the first of each name."""
        if self._fields is None:
            fields: dict[str, str] = {}
            for match in _dsn_field().finditer(self.text):
                fields.setdefault(match.group(1).lower(), match.group(2).strip())
            for match in _log_field().finditer(self.text):
                fields.setdefault(match.group(1), match.group(2))
            self._fields = fields
        return self._fields

    def evidence(self, code: ReplyCode | EnhancedCode | None) -> Candidate | None:
        """The candidate that gave a chosen code: the first of that code in the text."""
        if code is None:
            return None
        for candidate in self.candidates:
            if type(candidate.code) is type(code) and candidate.code == code:
                return candidate
        return None

    @property
    def message(self) -> str:
        """The human text of the reply: what follows the codes on the line that gave them."""
        chosen = [c for c in (self.evidence(self.basic), self.evidence(self.enhanced)) if c]
        if not chosen:
            return ""
        last = max(chosen, key=lambda candidate: (candidate.line, candidate.end))
        return self.lines[last.line][last.end :].lstrip(" -\t").strip()

    def as_dict(self) -> dict[str, object]:
        return {
            "basic": None if self.basic is None else int(self.basic),
            "enhanced": None if self.enhanced is None else str(self.enhanced),
            "command": self.command,
            "format": self.format,
            "message": self.message,
            "fields": self.fields,
            "lines": list(self.lines),
            "candidates": [candidate.as_dict() for candidate in self.candidates],
            "warnings": list(self.warnings),
            "notes": list(self.notes),
        }

    def __repr__(self) -> str:
        return f"<Reply basic={self.basic} enhanced={self.enhanced}>"
