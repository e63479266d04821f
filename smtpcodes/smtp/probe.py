"""``smtpcode probe``: the classic ``telnet host 25`` test, done and explained.

One connection: read the greeting, EHLO (HELO if EHLO is refused), STARTTLS when offered or
required and EHLO again, MAIL FROM and RCPT TO when addresses are given, RSET, QUIT. Never
DATA, no retries, and a hard deadline over the whole session. Whatever the server does
(never speaks, closes in the middle, sends garbage, an endless reply or a line of megabytes),
the probe ends within the deadline, in bounded memory, with a result that says what happened.
"""

from __future__ import annotations

import contextlib
import socket
import time

from ..lang import in_language, say

TYPE_CHECKING = False
if TYPE_CHECKING:
    import ssl

    from ..explain import Explanation
    from .ehlo import EhloReading

#: A reply line is read up to this many bytes; the rest of it is dropped (and said so).
MAX_LINE = 8192
#: A reply of more lines than this is given up.
MAX_LINES = 200
#: What the reply to EHLO lists once STARTTLS has been taken, where stages are named.
STAGES = ("connect", "greeting", "ehlo", "starttls", "mail", "rcpt", "rset", "quit")

#: Exit statuses of ``smtpcode probe``, as scripts read swaks's.
EXIT_ACCEPTED = 0
EXIT_CONNECT = 3
EXIT_GREETING = 4
EXIT_EHLO = 5
EXIT_STARTTLS = 6
EXIT_MAIL = 7
EXIT_RCPT = 8
EXIT_BY_STAGE = {"connect": EXIT_CONNECT, "greeting": EXIT_GREETING, "ehlo": EXIT_EHLO,
                 "starttls": EXIT_STARTTLS, "mail": EXIT_MAIL, "rcpt": EXIT_RCPT}


class ProbeError(Exception):
    """The session could not go on: the reason, for the transcript; ``timeout`` when the
    deadline passed."""

    def __init__(self, message: str, timeout: bool = False) -> None:
        super().__init__(message)
        self.timeout = timeout


class Exchange:
    """One turn of the session: what the client sent (None for the greeting) and the reply."""

    __slots__ = ("explanation", "lines", "notes", "sent", "stage")

    def __init__(self, stage: str, sent: str | None) -> None:
        self.stage = stage
        self.sent = sent
        #: the reply's lines as received (cut at MAX_LINE)
        self.lines: list[str] = []
        #: what went wrong reading it (a line cut, garbage), if anything
        self.notes: list[str] = []
        self.explanation: Explanation | None = None

    @property
    def code(self) -> int | None:
        """The reply code, when the reply had one."""
        first = self.lines[0] if self.lines else ""
        return int(first[:3]) if first[:3].isdigit() else None

    @property
    def accepted(self) -> bool:
        code = self.code
        return code is not None and code < 400

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        return {"stage": self.stage, "sent": self.sent, "reply": self.lines,
                "code": self.code, "notes": [in_language(note, lang) for note in self.notes],
                "explanation": self.explanation.as_dict() if self.explanation else None}


class TlsReport:
    """What STARTTLS gave: the protocol, the cipher and the server's certificate."""

    __slots__ = ("cipher", "error", "expires", "issuer", "matches_host", "names", "protocol",
                 "subject", "verified")

    def __init__(self) -> None:
        self.protocol: str | None = None
        self.cipher: str | None = None
        self.subject: str | None = None
        self.issuer: str | None = None
        #: the names the certificate is valid for (its subject alternative names)
        self.names: list[str] = []
        self.expires: str | None = None
        #: True when the chain verified against the trusted authorities; None: not checked
        self.verified: bool | None = None
        #: True when the certificate is valid for the host name probed; None: not checked
        self.matches_host: bool | None = None
        self.error: str | None = None

    def as_dict(self) -> dict[str, object]:
        return {slot: getattr(self, slot) for slot in self.__slots__}


class ProbeResult:
    """The whole session: the exchanges, the EHLO reading, the TLS report, how it ended."""

    def __init__(self, host: str, port: int) -> None:
        self.host = host
        self.port = port
        #: the address connected to, and how the host was found ("MX of example.com")
        self.address: str | None = None
        self.found_by: str | None = None
        self.exchanges: list[Exchange] = []
        self.ehlo: EhloReading | None = None
        self.tls: TlsReport | None = None
        #: the stage that failed (None when every step was accepted), and why
        self.failed: str | None = None
        self.error: str | None = None
        #: True when the deadline passed (the exit status is then the connection's)
        self.timed_out = False
        self.elapsed = 0.0

    @property
    def status(self) -> int:
        """The exit status: 0 when every step was accepted, 3 when the server could not be
        reached or did not answer in time, else the failed stage's."""
        if self.timed_out:
            return EXIT_CONNECT
        return EXIT_ACCEPTED if self.failed is None else EXIT_BY_STAGE.get(self.failed, 1)

    def as_dict(self, lang: str = "en") -> dict[str, object]:
        """The session as JSON; its sentences in ``lang`` (the explanations carry their own)."""
        return {
            "host": self.host, "port": self.port, "address": self.address,
            "found_by": in_language(self.found_by, lang) if self.found_by else None,
            "status": self.status, "failed": self.failed,
            "error": self.error, "timed_out": self.timed_out,
            "elapsed": round(self.elapsed, 3),
            "exchanges": [exchange.as_dict(lang) for exchange in self.exchanges],
            "ehlo": self.ehlo.as_dict(lang) if self.ehlo else None,
            "tls": self.tls.as_dict() if self.tls else None,
            "lang": lang,
        }


class _Line:
    """Reading reply lines from a socket within a deadline, never more than MAX_LINE each."""

    def __init__(self, connection: socket.socket | ssl.SSLSocket, deadline: float) -> None:
        self.connection = connection
        self.deadline = deadline
        self.buffer = b""

    def read(self) -> tuple[str, bool]:
        """One line, and whether it was cut; ProbeError at the deadline or end of stream."""
        cut = False
        while b"\n" not in self.buffer:
            if len(self.buffer) > MAX_LINE:
                self.buffer = self.buffer[:MAX_LINE]
                cut = True
            self._receive(cut)
        line, _, self.buffer = self.buffer.partition(b"\n")
        if len(line) > MAX_LINE:
            line, cut = line[:MAX_LINE], True
        return line.rstrip(b"\r").decode("utf-8", "replace"), cut

    def _receive(self, dropping: bool) -> None:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise ProbeError("the server did not answer before the deadline", timeout=True)
        self.connection.settimeout(left)
        try:
            chunk = self.connection.recv(65536)
        except TimeoutError:
            raise ProbeError("the server did not answer before the deadline",
                             timeout=True) from None
        except OSError as error:
            raise ProbeError(f"the connection failed: {error}") from None
        if not chunk:
            raise ProbeError("the server closed the connection")
        if dropping:
            # the line is already cut: keep only what may end it
            newline = chunk.find(b"\n")
            chunk = chunk[newline:] if newline >= 0 else b""
        self.buffer += chunk


class Probe:
    """One session with one server (see the module docstring)."""

    def __init__(self, host: str, port: int = 25, *, starttls: str = "auto",
                 ehlo_name: str | None = None, sender: str | None = None,
                 recipients: tuple[str, ...] = (), quit_after: str | None = None,
                 timeout: float = 30.0, ca_file: str | None = None,
                 verify: bool = True) -> None:
        self.host = host
        self.port = port
        #: "auto" (when offered), "require" (fail without it) or "no"
        self.starttls = starttls
        self.ehlo_name = ehlo_name or socket.getfqdn() or "localhost"
        self.sender = sender
        self.recipients = recipients
        self.quit_after = quit_after
        self.timeout = timeout
        self.ca_file = ca_file
        self.verify = verify

    def run(self) -> ProbeResult:
        result = ProbeResult(self.host, self.port)
        start = time.monotonic()
        deadline = start + self.timeout
        connection: socket.socket | ssl.SSLSocket | None = None
        try:
            try:
                connection = socket.create_connection((self.host, self.port),
                                                      timeout=max(0.1, self.timeout))
            except OSError as error:
                result.failed, result.error = "connect", f"could not connect: {error}"
                return result
            result.address = connection.getpeername()[0]
            connection = self._session(connection, deadline, result)
        except ProbeError as error:
            result.error = str(error)
            result.timed_out = error.timeout
            result.failed = result.failed or (
                result.exchanges[-1].stage if result.exchanges else "connect")
        finally:
            if connection is not None:
                connection.close()
            result.elapsed = time.monotonic() - start
        return result

    def _session(self, connection: socket.socket, deadline: float,
                 result: ProbeResult) -> socket.socket | ssl.SSLSocket:
        reader = _Line(connection, deadline)
        greeting = self._exchange(reader, connection, "greeting", None, result)
        if not greeting.accepted:
            result.failed = "greeting"
            return connection
        if self.quit_after == "connect":
            return self._quit(reader, connection, result)
        ehlo = self._hello(reader, connection, result, tls=False)
        if ehlo is None:
            return connection
        if self.quit_after == "ehlo" and self.starttls != "require":
            return self._quit(reader, connection, result)
        offered = result.ehlo is not None and result.ehlo.offer("STARTTLS") is not None
        if self.starttls == "require" and not offered:
            result.failed = "starttls"
            result.error = "STARTTLS is required but the server does not offer it"
            return self._quit(reader, connection, result)
        if offered and self.starttls != "no":
            secured = self._starttls(reader, connection, result)
            if secured is None:
                return connection
            connection, reader = secured, _Line(secured, deadline)
            if self._hello(reader, connection, result, tls=True) is None:
                return connection
        if self.quit_after in ("ehlo", "starttls") or self.sender is None:
            return self._quit(reader, connection, result)
        mail = self._exchange(reader, connection, "mail", f"MAIL FROM:<{self.sender}>",
                              result)
        if not mail.accepted:
            result.failed = "mail"
            return self._quit(reader, connection, result)
        if self.quit_after != "mail":
            for recipient in self.recipients:
                rcpt = self._exchange(reader, connection, "rcpt", f"RCPT TO:<{recipient}>",
                                      result)
                if not rcpt.accepted and result.failed is None:
                    result.failed = "rcpt"
        self._exchange(reader, connection, "rset", "RSET", result)
        return self._quit(reader, connection, result)

    def _hello(self, reader: _Line, connection: socket.socket | ssl.SSLSocket,
               result: ProbeResult, tls: bool) -> Exchange | None:
        from .ehlo import read_ehlo

        ehlo = self._exchange(reader, connection, "ehlo", f"EHLO {self.ehlo_name}", result)
        if ehlo.accepted:
            result.ehlo = read_ehlo(ehlo.text, tls=tls, port=self.port)
            return ehlo
        helo = self._exchange(reader, connection, "ehlo", f"HELO {self.ehlo_name}", result)
        if helo.accepted:
            return helo
        result.failed = "ehlo"
        self._quit(reader, connection, result)
        return None

    def _starttls(self, reader: _Line, connection: socket.socket,
                  result: ProbeResult) -> ssl.SSLSocket | None:
        import ssl

        answer = self._exchange(reader, connection, "starttls", "STARTTLS", result)
        report = result.tls = TlsReport()
        if not answer.accepted:
            result.failed, report.error = "starttls", "the server refused STARTTLS"
            self._quit(reader, connection, result)
            return None
        context = ssl.create_default_context(cafile=self.ca_file)
        if not self.verify:
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
        left = max(0.1, reader.deadline - time.monotonic())
        connection.settimeout(left)
        try:
            secured = context.wrap_socket(connection, server_hostname=self.host)
        except ssl.SSLCertVerificationError as error:
            result.failed = "starttls"
            report.verified = False
            report.error = f"the certificate does not verify: {error.verify_message}"
            return None
        except (ssl.SSLError, OSError) as error:
            result.failed, report.error = "starttls", f"the TLS handshake failed: {error}"
            return None
        _describe(secured, report, self.verify)
        return secured

    def _quit(self, reader: _Line, connection: socket.socket | ssl.SSLSocket,
              result: ProbeResult) -> socket.socket | ssl.SSLSocket:
        # a server that closes at QUIT without a word has said enough
        with contextlib.suppress(ProbeError):
            self._exchange(reader, connection, "quit", "QUIT", result)
        return connection

    def _exchange(self, reader: _Line, connection: socket.socket | ssl.SSLSocket, stage: str,
                  command: str | None, result: ProbeResult) -> Exchange:
        exchange = Exchange(stage, command)
        result.exchanges.append(exchange)
        if command is not None:
            try:
                connection.sendall(command.encode("ascii", "replace") + b"\r\n")
            except OSError as error:
                raise ProbeError(f"could not send {command.split()[0]}: {error}") from None
        while True:
            line, cut = reader.read()
            if cut:
                exchange.notes.append(say("a reply line longer than {limit} bytes was cut",
                                          limit=MAX_LINE))
            exchange.lines.append(line)
            if not (line[:3].isdigit() and line[3:4] in ("-", " ", "")):
                exchange.notes.append(say("not an SMTP reply line: {line!r}",
                                          line=line[:80]))
                raise ProbeError("the server answered with something that is not an SMTP"
                                 " reply")
            if line[3:4] != "-":
                break
            if len(exchange.lines) >= MAX_LINES:
                raise ProbeError(f"the reply went on beyond {MAX_LINES} lines")
        exchange.explanation = _explain(exchange)
        return exchange


def _explain(exchange: Exchange) -> Explanation | None:
    from ..errors import SMTPCodeError
    from ..explain import explain

    try:
        return explain(exchange.text)
    except SMTPCodeError:
        return None


def _describe(secured: ssl.SSLSocket, report: TlsReport, verified: bool) -> None:
    """Fill the report from a TLS connection (the certificate's fields when it verified)."""
    import ssl

    report.protocol = secured.version()
    cipher = secured.cipher()
    report.cipher = cipher[0] if cipher else None
    if not verified:
        report.error = "the certificate was not checked (--insecure)"
        return
    report.verified = True
    report.matches_host = True  # the handshake checked the name
    cert = secured.getpeercert() or {}
    report.subject = _distinguished_name(cert.get("subject"))
    report.issuer = _distinguished_name(cert.get("issuer"))
    names = cert.get("subjectAltName", ())
    report.names = [str(pair[1]) for pair in names if isinstance(pair, tuple)
                    and pair[0] in ("DNS", "IP Address")] if isinstance(names, tuple) else []
    expires = cert.get("notAfter")
    if isinstance(expires, str):
        report.expires = time.strftime("%Y-%m-%d",
                                       time.gmtime(ssl.cert_time_to_seconds(expires)))


def _distinguished_name(field: object) -> str | None:
    """``((('commonName', 'mx.example.com'),),)`` -> ``commonName=mx.example.com``."""
    if not isinstance(field, tuple):
        return None
    parts = [f"{pair[0]}={pair[1]}" for group in field if isinstance(group, tuple)
             for pair in group if isinstance(pair, tuple) and len(pair) == 2]
    return ", ".join(parts) or None
