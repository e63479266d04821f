"""Find the SMTP codes in any text: a bare code, a reply, a log line, a bounce's fields.

A bare code (``4.2.2``, ``550``) is read here at once. Any other text goes to
:mod:`smtpcodes.findcodes`, which finds every code-like token in it, says how far each can be
trusted and which decide; that module, compiled, is loaded only by the first such text.
"""

from __future__ import annotations

from .codes import EnhancedCode, ReplyCode
from .errors import SMTPCodeError
from .lang import say
from .reply import Reply
from .transcript import looks_like_transcript

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    #: findcodes' parse_text, given a text, the warnings of its decoding and the command
    TextParser = Callable[[str, tuple[str, ...], str | None], Reply]
    #: findcodes' reply_or_none, given the same
    TextReader = Callable[[str, tuple[str, ...], str | None], Reply | None]


_CODE_CHARACTERS = frozenset("0123456789.")
# A text longer than this is no bare code, even with blanks around it: it is scanned.
LONGEST_BARE_CODE = 64


def _decode(data: str | bytes) -> tuple[str, tuple[str, ...]]:
    """Text from str or bytes; undecodable bytes are replaced, and counted in a warning."""
    if isinstance(data, str):
        return data, ()
    if not isinstance(data, bytes | bytearray | memoryview):
        raise TypeError(f"parse() takes str or bytes, not {type(data).__name__}")
    raw = bytes(data)
    try:
        return raw.decode("utf-8"), ()
    except UnicodeDecodeError:
        text = raw.decode("utf-8", errors="replace")
        bad = text.count("\ufffd") - raw.decode("utf-8", errors="ignore").count("\ufffd")
        return text, (say("{count} byte sequence(s) were not valid UTF-8 and were replaced by"
                          " U+FFFD", count=bad),)


def parse_code(text: str) -> ReplyCode | EnhancedCode:
    """A bare code: ``550`` or ``5.1.1``. MalformedCodeError names what is wrong."""
    stripped = text.strip()
    if "." in stripped:
        return EnhancedCode.parse(stripped)
    return ReplyCode(stripped)


def _bare_code(text: str) -> str:
    """The code, when the text is nothing else (blanks aside); otherwise ""."""
    if len(text) > LONGEST_BARE_CODE:
        return ""
    stripped = text.strip()
    return stripped if stripped and _CODE_CHARACTERS.issuperset(stripped) else ""


def parse(data: str | bytes, *, command: str | None = None) -> Reply:
    """Find the SMTP codes in ``data`` and say which ones decide.

    Accepts a bare code (``"4.2.2"``, ``"550"``), a reply of one or more lines, a log line, a
    bounce's fields or a session transcript, as str or bytes, CRLF or LF. ``command`` names
    the SMTP command the reply answered, when the caller knows it. Raises MalformedCodeError
    for a bare code that breaks the grammar and NoCodeFoundError when the text holds no code.

    >>> from smtpcodes import parse
    >>> reply = parse("550 5.1.1 <a@example.com>: Recipient address rejected")
    >>> reply.basic, str(reply.enhanced)
    (ReplyCode(550), '5.1.1')
    """
    text, decoding = (data, ()) if isinstance(data, str) else _decode(data)
    stripped = _bare_code(text)
    if stripped:
        code = parse_code(stripped)
        offset = text.find(stripped)
        return Reply(
            text=text,
            basic=code if isinstance(code, ReplyCode) else None,
            enhanced=code if isinstance(code, EnhancedCode) else None,
            found=((code, "code", 0, offset, offset + len(stripped), False),),
            warnings=decoding,
            command=command,
        )
    return _text_parsers()[0](text, decoding, command)


def reply_or_none(text: str) -> Reply | None:
    """The Reply of a text, or None when it holds no code or only a malformed bare code:
    for a reading of its words, which goes on without a code (no error is made)."""
    try:
        if _bare_code(text):
            return parse(text)
        return _text_parsers()[1](text, (), None)
    except SMTPCodeError:  # a malformed code
        return None


def _text_parsers() -> tuple[TextParser, TextReader]:
    """``findcodes.parse_text`` and ``findcodes.reply_or_none``, imported by the first text
    that is not a bare code and kept (a bare code is read without loading them, nor ``re``)."""
    if not _loaded:
        from .findcodes import parse_text
        from .findcodes import reply_or_none as text_reply_or_none

        _loaded.append((parse_text, text_reply_or_none))
    return _loaded[0]


#: what _text_parsers gives, once imported
_loaded: list[tuple[TextParser, TextReader]] = []


def parse_all(data: str | bytes) -> list[Reply]:
    """Every reply in a text, in order, each with the command it answered where known.

    A session transcript gives one Reply per server reply (the greeting answers CONNECT);
    any other text gives the one Reply that ``parse`` finds. Raises NoCodeFoundError when
    the text holds no code at all.

    >>> from smtpcodes import parse_all
    >>> session = "220 mx ESMTP\\nEHLO me\\n250 mx\\nQUIT\\n221 Bye"
    >>> [(reply.command, int(reply.basic)) for reply in parse_all(session)]
    [('CONNECT', 220), ('EHLO', 250), ('QUIT', 221)]
    """
    text, _ = (data, ()) if isinstance(data, str) else _decode(data)
    if looks_like_transcript(text):
        from .findcodes import transcript_replies

        replies = transcript_replies(text)
        if replies:
            return replies
    return [parse(data)]
