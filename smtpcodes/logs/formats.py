"""One line of a mail log: which format it is in, and what it says.

Three frames are known:

- syslog with the classic timestamp (``Mar 14 00:00:31 host program[pid]: message``), as
  written by syslogd, rsyslog and Postfix's own ``maillog_file``;
- syslog with an ISO 8601 timestamp (``2023-03-14T00:00:31.185246+01:00 host ...``), as
  written by rsyslog's high-precision format and ``journalctl -o short-iso``;
- the Exim main log (``2023-03-14 00:00:31 [pid] message``).

A line in one of those frames is *recognized*; every other line is not. Inside the frame, the
message is read for Postfix (deliveries with ``status=``, ``NOQUEUE: reject:``, problems by
severity), Exim (deliveries ``=>``, ``**``, ``==``; ``rejected`` lines) and Sendmail
(``stat=``, ``reject=``).

The patterns are built from the same pieces. ``FRAME`` reads one line. ``SCAN`` runs over a
whole block of lines and stops only at the lines that need reading: the ones outside every
frame and the ones whose message starts like a delivery, a rejection or a problem. Every
other line is recognized and of no further interest, and costs the reader nothing but that
one pattern. SCAN passes over a line only when FRAME accepts it and the same start of message
(the gates) is missing, and ``parse_line`` reads a line only past those gates; so reading
each line alone counts exactly what scanning blocks counts. The narrower ``SCAN_CLASSIC`` and
``SCAN_ISO`` pass over fewer lines, never more, and are cheaper on a log in one frame.
"""

from __future__ import annotations

import re

from ..codes import ENHANCED_CODE_PATTERN as ENHANCED
from ..codes import REPLY_CODE_PATTERN as BASIC

# -- the frames ------------------------------------------------------------------------------

_CLASSIC_TIME = rb"[A-Z][a-z][a-z] ++[0-9]{1,2} [0-9][0-9]:[0-9][0-9]:[0-9][0-9](?:\.[0-9]++)?"
_ISO_TIME = (
    rb"[0-9]{4}-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9](?:\.[0-9]++)?"
    rb"(?:Z|[+-][0-9][0-9]:?[0-9][0-9])?"
)
_EXIM_TIME = (
    rb"[0-9]{4}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9](?:\.[0-9]{3})?"
    rb"(?: [+-][0-9]{4})?"
)
# rsyslog templates may write the facility and priority before the host: "<mail.info> ".
_PRIORITY = rb"(?:<[a-z0-9]++\.[a-z]++> )?"
_HOST = rb"[^ \n]++"
_EXIM_TAG = rb"exim[0-9]*+(?:\[[0-9]++\])?: "
_TAG = rb"(?!exim)[^ \n\[:]++(?:\[[0-9]++\])?: "
_EXIM_PID = rb"(?: \[[0-9]++\])?"

# An Exim message id: 1PLKOW-00046U-EW (before 4.97) or 1qN4Zy-00000000Qxy-0k2f (4.97 on).
_EXIM_ID = rb"[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}"

# The start of a message worth reading: a problem, with or without a queue id, or after a
# queue id a delivery, a rejection or an expiry.
_SYSLOG_INTEREST = (
    rb"(?:(?:warning|error|fatal|panic): |[0-9A-Za-z]++: (?:warning: |error: |fatal: |panic: "
    rb"|to=|(?:milter-|proxy-)?reject(?:_warning)?:|from=<[^>\n]*+>, (?:status|size)="
    rb"|ruleset=|Milter|client=|(?:sender|uid)=|hold: |discard: ))"
)
_EXIM_INTEREST = (
    rb"(?:" + _EXIM_TIME + _EXIM_PID + rb" )?"
    rb"(?:" + _EXIM_ID + rb" (?:\*\*|==|=>|->|\*>) |[^\n]*? rejected |[^\n]*?authenticator failed)"
)

#: Reads the frame of one line (bytes, without its line break). Its parts are atomic, so that
#: an optional part once taken is never given back to make the rest fit.
FRAME = re.compile(
    rb"(?>(?:(?P<classic>" + _CLASSIC_TIME + rb")|(?P<iso>" + _ISO_TIME + rb")) " + _PRIORITY
    + rb"(?P<host>" + _HOST + rb") )(?>(?P<tag>[^ \n\[:]++)(?:\[(?P<pid>[0-9]++)\])?: )"
    + rb"|(?>(?P<exim>" + _EXIM_TIME + rb")" + _EXIM_PID + rb" )(?! )"
)

#: Runs over ``b"\n" + block`` and matches the line break before every line that is outside
#: all frames or whose message needs reading. The frames are FRAME's, atomic in the same way.
SCAN = re.compile(
    rb"\n(?!(?>(?:" + _CLASSIC_TIME + rb"|" + _ISO_TIME + rb") " + _PRIORITY + _HOST + rb" )"
    + rb"(?:(?>" + _EXIM_TAG + rb")(?!" + _EXIM_INTEREST + rb")|(?>" + _TAG + rb")(?!"
    + _SYSLOG_INTEREST + rb"))"
    + rb"|(?>" + _EXIM_TIME + _EXIM_PID + rb" )(?! )(?!" + _EXIM_INTEREST + rb"))"
)


def _narrow_scan(time: bytes) -> re.Pattern[bytes]:
    """A SCAN for a log whose lines all carry one kind of syslog timestamp, no priority and no
    Exim tag: the lines in any other frame stop it too, and are read one by one."""
    return re.compile(
        rb"\n(?!(?>" + time + rb" " + _HOST + rb" )(?>" + _TAG + rb")(?!" + _SYSLOG_INTEREST
        + rb"))"
    )


#: SCAN for classic syslog timestamps only, and for ISO 8601 ones only.
SCAN_CLASSIC = _narrow_scan(_CLASSIC_TIME)
SCAN_ISO = _narrow_scan(_ISO_TIME)


def scan_for(block: bytes, sample: int = 200) -> re.Pattern[bytes]:
    """The cheapest SCAN that fits the first lines of a block (``b"\n"`` + lines).

    Any SCAN gives the same counts: a narrow one only stops at more lines.
    """
    lines = block[1:].split(b"\n", sample)[:sample]
    classic = iso = 0
    for raw in lines:
        frame = FRAME.match(raw)
        if frame is None or frame.group("exim") is not None:
            continue
        if frame.group("tag").startswith(b"exim"):
            continue
        time = "classic" if frame.group("classic") is not None else "iso"
        if frame.start("host") != frame.end(time) + 1:  # a priority stands before the host
            continue
        if time == "classic":
            classic += 1
        else:
            iso += 1
    if lines and classic >= 0.9 * len(lines):
        return SCAN_CLASSIC
    if lines and iso >= 0.9 * len(lines):
        return SCAN_ISO
    return SCAN


#: The same starts of messages as SCAN looks for, to read a line alone exactly as SCAN does.
_SYSLOG_GATE = re.compile(_SYSLOG_INTEREST)
_EXIM_GATE = re.compile(_EXIM_INTEREST)

# -- what the messages say -------------------------------------------------------------------

SEVERITIES = ("panic", "fatal", "error", "warning")

#: Postfix daemons, for a syslog_name that does not say "postfix" (``mta-out/smtp``).
_POSTFIX_DAEMONS = frozenset((
    "anvil", "bounce", "cleanup", "discard", "dnsblog", "error", "flush", "lmtp", "local",
    "master", "oqmgr", "pickup", "pipe", "postdrop", "postlogd", "postscreen", "postsuper",
    "proxymap", "qmgr", "qmqpd", "retry", "scache", "showq", "smtp", "smtpd", "spawn",
    "tlsmgr", "tlsproxy", "trivial-rewrite", "verify", "virtual",
))

_POSTFIX_SEVERITY = re.compile(r"(?:[0-9A-Za-z]+: )?(warning|error|fatal|panic): ")
#: A header or body check's WARN action: a reject warning written as a warning.
_CHECK_WARNING = re.compile(r"[0-9A-Za-z]+: warning: (?:header|body) ")
_QUEUED = re.compile(r"from=<([^>]*)>, size=([0-9]+)")
_POSTFIX_ACTION = re.compile(
    r"(?:hold|discard): (?P<command>[A-Za-z-]+)(?: [^;]*?)? from (?P<client>[^ ;]*?)(?::[0-9]+)?"
    r"(?:: |; )"
)
_FIELD_DELAY = re.compile(r"delay=([0-9.]+)")
_QUEUE_ID = re.compile(r"([0-9A-Za-z]+): ")
_FIELD_TO = re.compile(r"to=(?:<([^>]*)>|([^<>,\s]+))")
_FIELD_RELAY = re.compile(r"relay=([^,\s]+)")
_FIELD_DSN = re.compile(rf"dsn=({ENHANCED})")
_FIELD_STATUS = re.compile(r"status=([A-Za-z-]+)(?: \((.*)\))?")
_PROXY_REJECT = re.compile(r"proxy-reject: (?P<command>[A-Za-z-]+): ")
_POSTFIX_REJECT = re.compile(
    r"(?P<what>(?:milter-)?reject(?:_warning)?): (?P<command>[A-Za-z-]+)(?: [^;]*?)?"
    r" from (?P<client>[^ ;]*?)(?::[0-9]+)?(?:: |; )"
)
#: A reply at the start of a text: a reply code and maybe an enhanced code, or an enhanced
#: code alone (milter and header-check rejections).
_REPLY_START = re.compile(
    rf" *(?:(?P<basic>{BASIC})(?:[ -](?P<enh>{ENHANCED}))?"
    rf"|(?P<only>{ENHANCED}))(?=[ -]|$)"
)
#: In a Postfix status text: the reply follows "said:", "to me:" or starts the text.
_STATUS_REPLY = re.compile(
    rf"(?:^|said: |to me: )(?P<basic>{BASIC})(?:[ -](?P<enh>{ENHANCED}))?"
    r"(?=[ -]|$)"
)
#: Where the reply ends and Postfix's envelope fields begin.
_ENVELOPE_TAIL = re.compile(r";? (?:from=<|to=<|proto=)")
_BRACKET_HOST = re.compile(r"^([^\[\]]*)\[([^\]]*)\]")
_EXIM_LINE = re.compile(
    r"(?:[0-9]{4}-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9](?:\.[0-9]{3})?"
    r"(?: [+-][0-9]{4})?(?: \[[0-9]+\])? )?"
    r"(?:(?P<id>[0-9A-Za-z]{6}-[0-9A-Za-z]{6,11}-[0-9A-Za-z]{2,4}) (?P<flag>\*\*|==|=>|->|\*>) )?"
)
_EXIM_FLAGS = {"=>": "sent", "->": "sent", "*>": "suppressed", "**": "bounced", "==": "deferred"}
_EXIM_HOST = re.compile(r"\bH=(\S+)(?: \(([^)]*)\))? \[([^\]]+)\]")
_EXIM_CONFIRM = re.compile(r'\bC="([^"]*)"')
_EXIM_SMTP_ERROR = re.compile(r"SMTP error from remote mail server after [^:]*(?::<[^>]*>)?: (.*)")
_EXIM_AUTH = re.compile(r"authenticator failed for (?:([^\s(\[]\S*) )?(?:\([^)]*\) )?\[([^\]]+)\]")
_TRAILING_REPLY = re.compile(rf": ({BASIC}(?:[ -].*)?)$")
_SENDMAIL_STAT = re.compile(r"stat=(.*)$")
_SENDMAIL_REJECT = re.compile(r"reject=(.*)$")
_SENDMAIL_RELAY = re.compile(r"relay=(?:([^\s,\[]+)\s*)?(?:\[([^\]]+)\])?")
_SENDMAIL_RULESET = re.compile(r"ruleset=(\w+)")
_SENDMAIL_ARG = re.compile(r"arg1=<([^>]*)>")

_MONTHS = {
    name: number for number, name in enumerate(
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"), 1
    )
}


class LogLine:
    """What one recognized line says. Fields a line does not have are None."""

    __slots__ = (
        "basic",
        "client",
        "command",
        "delay",
        "enhanced",
        "frame",
        "host",
        "kind",
        "message",
        "program",
        "queue_id",
        "recipient",
        "relay",
        "reply",
        "sender",
        "severity",
        "size",
        "source",
        "status",
        "timestamp",
    )

    def __init__(self, frame: str, timestamp: str, host: str | None, program: str | None,
                 message: str) -> None:
        #: "syslog" (classic timestamp), "iso" (ISO 8601 syslog) or "exim" (Exim main log)
        self.frame = frame
        #: the timestamp as written
        self.timestamp = timestamp
        self.host = host
        #: the syslog tag without its pid: ``postfix/smtpd``, ``sm-mta``, ``exim``
        self.program = program
        #: "postfix", "exim", "sendmail" or "other"
        self.source = "other"
        #: "delivery", "reject", "reject_warning", "problem", "received" (a message came in:
        #: Postfix smtpd's client= or pickup), "queued" (qmgr's from=<...>, size=), "hold",
        #: "discard" or "other"
        self.kind = "other"
        self.queue_id: str | None = None
        #: delivery status: sent, deferred, bounced, expired, ...
        self.status: str | None = None
        #: panic, fatal, error or warning, for a problem line
        self.severity: str | None = None
        self.recipient: str | None = None
        #: the host that was delivered to, without address and port
        self.relay: str | None = None
        #: the client host of a rejection: its name, or its address when it has no name
        self.client: str | None = None
        #: the SMTP command a rejection answered (RCPT, CONNECT, END-OF-MESSAGE, ...)
        self.command: str | None = None
        self.basic: int | None = None
        self.enhanced: str | None = None
        #: the reply or reason text that goes with the codes
        self.reply: str | None = None
        #: the envelope sender and the size in bytes of a queued message
        self.sender: str | None = None
        self.size: int | None = None
        #: a delivery's delay in seconds
        self.delay: float | None = None
        #: the message after the frame
        self.message = message

    @property
    def status_word(self) -> str:
        """What happened, in one word: a delivery's status, a problem's severity,
        ``rejected`` for a rejection, else the kind of line (``reject_warning``, ``hold``)."""
        return self.status or self.severity or ("rejected" if self.kind == "reject" else self.kind)

    @property
    def domain(self) -> str | None:
        """The recipient's domain, lower-cased."""
        if self.recipient and "@" in self.recipient:
            return self.recipient.rsplit("@", 1)[1].lower() or None
        return None

    @property
    def sort_time(self) -> str:
        """The timestamp as ``[YYYY-]MM-DD HH:MM:SS``, comparable with ``time_key`` output."""
        return time_key(self.timestamp)

    def __repr__(self) -> str:
        return f"<LogLine {self.source} {self.kind} {self.status or self.severity or ''}>"


def time_key(timestamp: str) -> str:
    """``Mar 14 00:00:31`` -> ``03-14 00:00:31``; ISO and Exim stamps -> ``2023-03-14 00:00:31``.

    Classic syslog timestamps carry no year, so they compare on month, day and time only.
    Time zones are ignored: the wall-clock time as written is compared.
    """
    if timestamp[:1].isdigit():
        return f"{timestamp[:10]} {timestamp[11:19]}"
    parts = timestamp[3:].split()
    month = _MONTHS.get(timestamp[:3], 0)
    return f"{month:02d}-{parts[0].zfill(2)} {parts[1][:8]}"


def is_postfix(program: str) -> bool:
    if "postfix" in program:
        return True
    return "/" in program and program.rsplit("/", 1)[1] in _POSTFIX_DAEMONS


def _source(program: str) -> str:
    if is_postfix(program):
        return "postfix"
    name = program.rsplit("/", 1)[-1]
    if name.startswith("exim"):
        return "exim"
    if name.startswith(("sm-", "sendmail")):
        return "sendmail"
    return "other"


def host_name(text: str) -> str:
    """``mx.example.com[192.0.2.1]:25`` -> ``mx.example.com``; ``unknown[192.0.2.1]`` and
    ``[192.0.2.1]:25`` -> ``192.0.2.1``; ``local`` stays ``local``."""
    match = _BRACKET_HOST.match(text)
    if match is None:
        return text.rstrip(".").lower()
    name, address = match.group(1), match.group(2)
    if name and name != "unknown":
        return name.rstrip(".").lower()
    return address


def reply_codes(text: str) -> tuple[int | None, str | None, int]:
    """The codes at the start of a reply text: (basic, enhanced, offset after them)."""
    match = _REPLY_START.match(text)
    if match is None:
        return None, None, 0
    if match.group("only"):
        return None, match.group("only"), match.end()
    enhanced = match.group("enh")
    return int(match.group("basic")), enhanced, match.end()


def parse_line(raw: bytes) -> LogLine | None:
    """Read one line (bytes, without its line break). None when it is in no known frame."""
    frame = FRAME.match(raw)
    if frame is None:
        return None
    tag = frame.group("tag")
    exim_time = frame.group("exim")
    gate = _EXIM_GATE if exim_time is not None or tag.startswith(b"exim") else _SYSLOG_GATE
    interesting = gate.match(raw, frame.end()) is not None
    message = raw[frame.end():].decode("utf-8", "replace")
    if message.endswith("\r"):
        message = message[:-1]
    if exim_time is not None:
        line = LogLine("exim", exim_time.decode("ascii"), None, "exim", message)
        line.source = "exim"
        if interesting:
            _read_exim(line, message)
        return line
    classic = frame.group("classic")
    stamp = classic if classic is not None else frame.group("iso")
    program = tag.decode("utf-8", "replace")
    line = LogLine(
        "syslog" if classic is not None else "iso", stamp.decode("ascii"),
        frame.group("host").decode("utf-8", "replace"), program, message,
    )
    line.source = _source(program)
    if not interesting:
        return line
    if line.source == "postfix":
        _read_postfix(line, message)
    elif line.source == "exim":
        _read_exim(line, message)
    elif line.source == "sendmail":
        _read_sendmail(line, message)
    return line


# -- Postfix ---------------------------------------------------------------------------------

def _read_postfix(line: LogLine, message: str) -> None:
    if line.program and line.program.endswith("/cleanup") and _CHECK_WARNING.match(message):
        _read_postfix_reject(line, message[message.index(" ") + 1:].replace(
            "warning: ", "reject_warning: ", 1))
        line.queue_id = message.split(":", 1)[0]
        return
    severity = _POSTFIX_SEVERITY.match(message)
    if severity is not None:
        line.kind = "problem"
        line.severity = severity.group(1)
        line.reply = message[severity.end():]
        return
    queue = _QUEUE_ID.match(message)
    if queue is None:
        return
    line.queue_id = queue.group(1)
    rest = message[queue.end():]
    if rest.startswith("to="):
        _read_postfix_delivery(line, rest)
    elif rest.startswith("from="):
        queued = _QUEUED.match(rest)
        if queued is not None:
            line.kind = "queued"
            line.sender = queued.group(1)
            line.size = int(queued.group(2))
        else:
            _read_postfix_delivery(line, rest)
    elif rest.startswith(("reject", "milter-reject", "proxy-reject")):
        _read_postfix_reject(line, rest)
    elif rest.startswith("client="):
        if _receiving(line.program or "", ("smtpd", "postscreen")):
            line.kind = "received"
            line.client = rest[len("client="):].split(",", 1)[0]
    elif rest.startswith(("sender=", "uid=")):
        if _receiving(line.program or "", ("pickup",)):
            line.kind = "received"
            line.client = "pickup"
    elif rest.startswith(("hold: ", "discard: ")):
        line.kind = rest.split(":", 1)[0]
        _read_postfix_action(line, rest)


def _receiving(program: str, daemons: tuple[str, ...]) -> bool:
    """True for the Postfix daemon that takes in new mail: ``postfix/smtpd``,
    ``postfix/submission/smtpd``; not a content filter's return path (``postfix/10025/smtpd``),
    whose mail was counted when it first came in."""
    parts = program.split("/")
    return parts[-1] in daemons and all(part in ("submission", "smtps") for part in parts[1:-1])


def _read_postfix_action(line: LogLine, rest: str) -> None:
    """A hold or discard: the command (or header/body check) and the client, as for a reject."""
    match = _POSTFIX_ACTION.match(rest)
    if match is not None:
        line.command = match.group("command").upper()
        line.client = host_name(match.group("client"))


def _read_postfix_delivery(line: LogLine, rest: str) -> None:
    status = _FIELD_STATUS.search(rest)
    if status is None:
        return
    line.kind = "delivery"
    line.status = status.group(1).lower()
    text = status.group(2)
    line.reply = text
    to = _FIELD_TO.match(rest)
    if to is not None:
        line.recipient = to.group(1) if to.group(1) is not None else to.group(2)
    delay = _FIELD_DELAY.search(rest, 0, status.start())
    if delay is not None:
        line.delay = float(delay.group(1)) if delay.group(1).count(".") <= 1 else None
    relay = _FIELD_RELAY.search(rest, 0, status.start())
    if relay is not None and "[" in relay.group(1):
        # a host (mx.example.com[192.0.2.1]:25), not a transport (local, dovecot) or none
        line.relay = host_name(relay.group(1))
    dsn = _FIELD_DSN.search(rest, 0, status.start())
    if dsn is not None:
        line.enhanced = dsn.group(1)
    if text:
        said = _STATUS_REPLY.search(text)
        if said is not None:
            line.basic = int(said.group("basic"))
            if line.enhanced is None:
                line.enhanced = said.group("enh")


def _read_postfix_reject(line: LogLine, rest: str) -> None:
    match = _POSTFIX_REJECT.match(rest) or _PROXY_REJECT.match(rest)
    if match is None:
        return
    what = match.group("what") if match.re is _POSTFIX_REJECT else "proxy-reject"
    line.kind = "reject_warning" if what == "reject_warning" else "reject"
    line.command = match.group("command").upper()
    if match.re is _POSTFIX_REJECT:
        line.client = host_name(match.group("client"))
    after = rest[match.end():]
    to = _FIELD_TO.search(after)
    if to is not None:
        line.recipient = to.group(1) if to.group(1) is not None else to.group(2)
    if after.startswith("from=<"):
        # header and body checks put the envelope first, the reply last: "helo=<x>: 5.7.1 text"
        reply_at = after.find(">: ")
        after = after[reply_at + 3:] if reply_at >= 0 else ""
    else:
        tail = _ENVELOPE_TAIL.search(after)
        if tail is not None:
            after = after[:tail.start()]
    line.basic, line.enhanced, _ = reply_codes(after)
    line.reply = after.strip()


# -- Exim ------------------------------------------------------------------------------------

def _read_exim(line: LogLine, message: str) -> None:
    head = _EXIM_LINE.match(message)
    flag = head.group("flag") if head is not None else None
    body = message[head.end():] if head is not None else message
    if flag is not None:
        assert head is not None
        line.queue_id = head.group("id")
        line.kind = "delivery"
        line.status = _EXIM_FLAGS[flag]
        address_end = body.find(" ")
        address = body if address_end < 0 else body[:address_end]
        line.recipient = address.rstrip(":").strip("<>")
        host = _EXIM_HOST.search(body)
        if host is not None:
            line.relay = host.group(1).rstrip(".").lower()
        confirm = _EXIM_CONFIRM.search(body)
        error = _EXIM_SMTP_ERROR.search(body)
        if error is not None:
            line.reply = error.group(1)
        elif confirm is not None:
            line.reply = confirm.group(1)
        else:
            colon = body.find(": ")
            line.reply = body[colon + 2:] if colon >= 0 else None
        if line.reply is not None and (error is not None or confirm is not None):
            line.basic, line.enhanced, _ = reply_codes(line.reply)
        return
    auth = _EXIM_AUTH.search(body)
    if auth is not None:
        line.kind = "reject"
        line.command = "AUTH"
        line.client = (auth.group(1) or auth.group(2)).rstrip(".").lower()
        trailing = _TRAILING_REPLY.search(body, auth.end())
        line.reply = trailing.group(1) if trailing is not None else body[auth.end():].lstrip(": ")
        line.basic, line.enhanced, _ = reply_codes(line.reply)
        return
    rejected = body.find(" rejected ")
    if rejected >= 0 or body.startswith("rejected "):
        line.kind = "reject"
        host = _EXIM_HOST.search(body)
        if host is not None:
            line.client = (host.group(1) if not host.group(1).startswith("(") else host.group(3))
            line.client = line.client.rstrip(".").lower()
        words = body[rejected + 10:].split(None, 1) if rejected >= 0 else body[9:].split(None, 1)
        if words:
            line.command = words[0].rstrip(":").upper()
        colon = body.find(": ", max(rejected, 0))
        line.reply = body[colon + 2:] if colon >= 0 else body[max(rejected, 0):].strip()
        line.basic, line.enhanced, _ = reply_codes(line.reply)


# -- Sendmail --------------------------------------------------------------------------------

def _read_sendmail(line: LogLine, message: str) -> None:
    queue = _QUEUE_ID.match(message)
    if queue is None:
        return
    line.queue_id = queue.group(1)
    rest = message[queue.end():]
    if rest.startswith("to="):
        stat = _SENDMAIL_STAT.search(rest)
        if stat is None:
            return
        line.kind = "delivery"
        text = stat.group(1)
        line.reply = text
        end = rest.find(", ")
        line.recipient = rest[3:end if end >= 0 else None].split(",")[0].strip("<>")
        dsn = _FIELD_DSN.search(rest)
        line.enhanced = dsn.group(1) if dsn is not None else None
        relay = _SENDMAIL_RELAY.search(rest)
        if relay is not None and (relay.group(1) or relay.group(2)):
            line.relay = (relay.group(1) or relay.group(2) or "").rstrip(".").lower()
        line.status = _sendmail_status(text, line.enhanced)
        colon = text.find(": ")
        if colon >= 0:
            basic, enhanced, _ = reply_codes(text[colon + 2:])
            line.basic = basic
            line.enhanced = line.enhanced or enhanced
        return
    reject = _SENDMAIL_REJECT.search(rest)
    if reject is not None and (rest.startswith(("ruleset=", "Milter")) or "ruleset=" in rest):
        line.kind = "reject"
        ruleset = _SENDMAIL_RULESET.search(rest)
        command = {"check_rcpt": "RCPT", "check_mail": "MAIL", "check_relay": "CONNECT",
                   "check_data": "DATA"}
        line.command = command.get(ruleset.group(1), ruleset.group(1)) if ruleset else "MILTER"
        relay = _SENDMAIL_RELAY.search(rest, 0, reject.start())
        if relay is not None and (relay.group(1) or relay.group(2)):
            line.client = (relay.group(1) or relay.group(2) or "").rstrip(".").lower()
        arg = _SENDMAIL_ARG.search(rest)
        if arg is not None and line.command == "RCPT":
            line.recipient = arg.group(1)
        text = reject.group(1)
        line.basic, line.enhanced, _ = reply_codes(text)
        line.reply = text


def _sendmail_status(text: str, dsn: str | None) -> str:
    lowered = text.lower()
    if lowered.startswith("sent"):
        return "sent"
    if lowered.startswith("deferred"):
        return "deferred"
    if lowered.startswith("queued"):
        return "queued"
    if dsn is not None:
        return {"2": "sent", "4": "deferred", "5": "bounced"}[dsn[0]]
    return "bounced"
