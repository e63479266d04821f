"""The exceptions of Python's SMTP clients, read as the replies they carry.

``smtplib`` raises ``SMTPResponseException`` and its family with ``smtp_code`` and
``smtp_error`` (bytes); ``aiosmtplib`` raises ``SMTPResponseException`` and its family with
``code`` and ``message``. Both are read by their attributes, so this package depends on
neither. The exception's class tells which command was refused (``SMTPSenderRefused``: MAIL
FROM, ``SMTPRecipientRefused``: RCPT TO, ``SMTPDataError``: DATA ...). An exception that
carries no reply (a timeout, a closed connection, a DNS or TLS failure) did not come from the
server: it gets a :class:`NotFromServer`, never an invented code.
"""

from __future__ import annotations

from .errors import SMTPCodeError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Mapping

    from .explain import Explanation

#: The command each exception class answers, by class name (smtplib's and aiosmtplib's).
COMMANDS = {
    "SMTPSenderRefused": "MAIL FROM", "SMTPRecipientRefused": "RCPT TO",
    "SMTPDataError": "DATA", "SMTPHeloError": "EHLO", "SMTPAuthenticationError": "AUTH",
    "SMTPConnectError": "CONNECT", "SMTPConnectResponseError": "CONNECT",
}


class NotFromServer:
    """A failure that carries no reply from the server: what it is and what to do."""

    __slots__ = ("action", "error", "kind", "summary")

    def __init__(self, error: BaseException, kind: str, summary: str, action: str) -> None:
        self.error = error
        #: "timeout", "disconnected", "refused", "dns", "tls" or "other"
        self.kind = kind
        self.summary = summary
        self.action = action

    @property
    def decision(self) -> str:
        """As for a reply: a failure of the connection is worth another try later."""
        return "retry_later"

    def as_dict(self) -> dict[str, object]:
        return {"from_server": False, "kind": self.kind, "error": str(self.error),
                "exception": type(self.error).__name__, "summary": self.summary,
                "action": self.action, "decision": self.decision}

    def __repr__(self) -> str:
        return f"<NotFromServer {self.kind}: {self.summary}>"


def reply_of(error: BaseException) -> tuple[str, str | None] | None:
    """The reply an exception carries, as ``("550 5.1.1 ...", "RCPT TO")``, or None."""
    code = getattr(error, "smtp_code", None)
    message: object = getattr(error, "smtp_error", None)
    if code is None:
        code, message = getattr(error, "code", None), getattr(error, "message", None)
    if not isinstance(code, int) or isinstance(code, bool) or not 200 <= code <= 599:
        return None  # smtplib uses -1 for "no reply"
    if isinstance(message, bytes):
        message = message.decode("utf-8", "replace")
    lines = str(message or "").splitlines() or [""]
    # smtplib joins the lines of a multi-line reply without their codes: give them back
    text = "\n".join(f"{code}{'-' if index < len(lines) - 1 else ' '}{line}".rstrip()
                     for index, line in enumerate(lines))
    return text, COMMANDS.get(type(error).__name__)


def not_from_server(error: BaseException, lang: str | None = None) -> NotFromServer:
    """What a failure without a reply means: the connection's fault, not the server's word
    (in ``lang``, by default the one :func:`smtpcodes.set_language` chose)."""
    import ssl

    from .lang import resolve, word

    lang = resolve(lang)
    name = type(error).__name__
    if isinstance(error, TimeoutError) or "Timeout" in name:
        return NotFromServer(error, "timeout", word(
            "No answer in time: the connection or the server was too slow, or a firewall"
            " dropped the packets", lang), word(
            "Try again later; if it keeps happening, check that the server is reachable on"
            " that port (many networks block outgoing port 25)", lang))
    if isinstance(error, ssl.SSLError):
        return NotFromServer(error, "tls", word(
            "TLS failed: the certificate did not verify, or the two sides share no protocol"
            " or cipher", lang), word(
            "Check the server's certificate (smtpcode probe HOST shows it) and the client's"
            " TLS settings", lang))
    if isinstance(error, ConnectionRefusedError):
        return NotFromServer(error, "refused", word(
            "Nothing listens on that address and port", lang), word(
            "Check the host and port; the server may be down or the port wrong", lang))
    if "Disconnected" in name or isinstance(error, ConnectionError | EOFError):
        return NotFromServer(error, "disconnected", word(
            "The connection was closed before the server answered", lang), word(
            "Try again later; a server that keeps closing at once may be refusing this"
            " client", lang))
    if "gaierror" in name or "NXDOMAIN" in name or "resolve" in str(error).lower():
        return NotFromServer(error, "dns", word(
            "The server's name could not be resolved", lang), word(
            "Check the host name and the DNS of this machine", lang))
    return NotFromServer(error, "other", word(
        "{name}: the failure carries no reply from the server", lang, name=name), word(
        "Read the error itself; nothing here came from the mail server", lang))


def explain_error(
    error: BaseException, *, side: str = "sender", lang: str | None = None,
) -> Explanation | NotFromServer:
    """Explain what an SMTP client raised: an Explanation of the server's reply, with the
    command it answered, or a NotFromServer for a failure that carries no reply. ``lang``
    as for :func:`smtpcodes.explain`."""
    from .explain import explain

    if reply_of(error) is None:
        return not_from_server(error, lang)
    return explain(error, side=side, lang=lang)  # explain reads the reply and its command alike


def explain_recipients(
    refused: object, *, side: str = "sender", lang: str | None = None,
) -> dict[str, Explanation]:
    """Each refused recipient with the explanation of its reply, from smtplib's
    ``SMTPRecipientsRefused`` (or its ``.recipients``, or the dict ``sendmail()`` returns:
    ``{address: (code, message)}``) or aiosmtplib's ``SMTPRecipientsRefused``."""
    recipients = getattr(refused, "recipients", refused)
    found: dict[str, Explanation] = {}
    if isinstance(recipients, list | tuple):  # aiosmtplib: a list of SMTPRecipientRefused
        for error in recipients:
            reply = reply_of(error)
            address = getattr(error, "recipient", None)
            if reply is None or not isinstance(address, str):
                raise SMTPCodeError(f"{error!r} is not a refused recipient with a reply")
            found[address] = _recipient(reply[0], side, lang)
        return found
    if not isinstance(recipients, dict):
        raise SMTPCodeError(f"{type(refused).__name__} holds no refused recipients: expected"
                            " smtplib's or aiosmtplib's SMTPRecipientsRefused, or a dict of"
                            " address -> (code, message)")
    for address, answer in _pairs(recipients).items():
        code, message = answer
        holder = _Reply(code, message)
        reply = reply_of(holder)
        if reply is None:
            raise SMTPCodeError(f"{address!r}: {answer!r} is not (code, message)")
        found[address] = _recipient(reply[0], side, lang)
    return found


def _recipient(text: str, side: str, lang: str | None) -> Explanation:
    """A refused recipient's reply, explained as the answer to RCPT TO."""
    from .explain import explain
    from .parse import parse

    return explain(parse(text, command="RCPT TO"), side=side, lang=lang)


def _pairs(recipients: Mapping[object, object]) -> dict[str, tuple[int, object]]:
    pairs = {}
    for address, answer in recipients.items():
        if not (isinstance(answer, tuple) and len(answer) == 2 and isinstance(answer[0], int)):
            raise SMTPCodeError(f"{address!r}: {answer!r} is not (code, message)")
        pairs[str(address)] = (answer[0], answer[1])
    return pairs


class _Reply(Exception):
    """A (code, message) pair in the shape of smtplib's exceptions."""

    def __init__(self, code: int, message: object) -> None:
        super().__init__(code, message)
        self.smtp_code = code
        self.smtp_error = message
