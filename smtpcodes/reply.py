"""The result of parsing: a Reply, and the Candidates (codes with their evidence) inside it."""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode

#: Where in the text a code was found.
SOURCES = {
    "code": "the input is the code itself",
    "reply": "an SMTP reply line (code at the start of the line)",
    "said": "a reply quoted after a marker such as 'said:', 'smtp;' or 'reject='",
    "dsn": "a status field: Postfix 'dsn=', RFC 3464 'Status:', Sendmail 'dsn='",
    "text": "free text",
}


class Candidate:
    """A code found in the text, with the evidence: where, in what part, as which substring."""

    __slots__ = ("code", "end", "line", "paired", "source", "start")

    def __init__(
        self, code: ReplyCode | EnhancedCode, source: str, line: int, start: int, end: int,
        paired: bool = False,
    ) -> None:
        self.code = code
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
            "kind": self.kind, "source": self.source, "line": self.line,
            "start": self.start, "end": self.end,
        }

    def __repr__(self) -> str:
        return f"<Candidate {self.code} {self.source} line {self.line} [{self.start}:{self.end}]>"


class Reply:
    """What ``parse`` found in a text: the codes that decide, every line, and why.

    ``basic`` is the reply code (an int) and ``enhanced`` the enhanced status code; either may
    be None, not both. ``candidates`` lists every code found, in text order; ``warnings``
    says where the text is inconsistent or non-standard.
    """

    __slots__ = (
        "basic", "candidates", "command", "enhanced", "format", "lines", "text", "warnings",
    )

    def __init__(
        self, *, text: str, lines: tuple[str, ...], basic: ReplyCode | None,
        enhanced: EnhancedCode | None, candidates: tuple[Candidate, ...],
        warnings: tuple[str, ...], command: str | None = None, format: str = "text",
    ) -> None:
        self.text = text
        self.lines = lines
        self.basic = basic
        self.enhanced = enhanced
        self.candidates = candidates
        self.warnings = warnings
        #: the SMTP command the reply answered, where the text says (``RCPT TO``)
        self.command = command
        #: what the text looked like: code, reply, postfix, exim, sendmail, dsn, text
        self.format = format

    def evidence(self, code: ReplyCode | EnhancedCode | None) -> Candidate | None:
        """The candidate that gave a chosen code."""
        for candidate in self.candidates:
            if code is not None and candidate.code == code and type(candidate.code) is type(code):
                return candidate
        return None

    @property
    def message(self) -> str:
        """The human text of the reply: the line that gave the code, after the codes."""
        chosen = self.evidence(self.enhanced) or self.evidence(self.basic)
        if chosen is None:
            return " ".join(line.strip() for line in self.lines).strip()
        parts = []
        for candidate in self.candidates:
            if candidate.line == chosen.line and candidate.start >= chosen.start:
                chosen = candidate
        parts.append(self.lines[chosen.line][chosen.end:].lstrip(" -\t"))
        return " ".join(parts).strip()

    def as_dict(self) -> dict[str, object]:
        return {
            "basic": None if self.basic is None else int(self.basic),
            "enhanced": None if self.enhanced is None else str(self.enhanced),
            "command": self.command,
            "format": self.format,
            "lines": list(self.lines),
            "candidates": [candidate.as_dict() for candidate in self.candidates],
            "warnings": list(self.warnings),
        }

    def __repr__(self) -> str:
        return f"<Reply basic={self.basic} enhanced={self.enhanced} lines={len(self.lines)}>"
