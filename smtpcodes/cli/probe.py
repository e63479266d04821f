"""``smtpcode probe``: talk to a server as ``telnet host 25`` would, and explain each reply."""

from __future__ import annotations

import sys

from ..lang import get_language, in_language, word
from .common import UsageError, print_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    import argparse

    from ..smtp.probe import ProbeResult


def probe_text(result: ProbeResult, width: int = 100) -> str:
    """The transcript with ``->`` for what was sent and ``<-`` for the server's lines, each
    reply explained under it, then the EHLO reading, the TLS report and how it ended."""
    import textwrap

    from .ehlo import ehlo_text

    def wrap(text: str, indent: str) -> list[str]:
        return textwrap.wrap(text, width=width, initial_indent=indent,
                             subsequent_indent=indent, break_long_words=False)

    lang = get_language()
    where = word("{host} port {port}", lang, host=result.host, port=result.port)
    if result.address and result.address != result.host:
        where += f" ({result.address})"
    lines = [word("Probing {where}", lang, where=where)
             + (word(", found as {how}", lang, how=in_language(result.found_by, lang))
                if result.found_by else "")]
    for exchange in result.exchanges:
        if exchange.sent is not None:
            lines.append(f"-> {exchange.sent}")
        lines += [f"<- {line}" for line in exchange.lines]
        for note in exchange.notes:
            lines += wrap(f"! {in_language(note, lang)}", "   ")
        explanation = exchange.explanation
        if explanation is not None:
            summary = f"{explanation.summary}"
            reason = explanation.reason
            if reason is not None and not exchange.accepted:
                summary += word(". Reason: {title} ({name})", lang,
                                title=reason.entry.in_language("title", lang), name=reason.name)
            lines += wrap(summary, "   ")
    if result.ehlo is not None:
        lines += ["", word("EHLO reply", lang)] + [
            f"  {line}".rstrip() for line in ehlo_text(result.ehlo, width - 2, lang).rstrip()
            .split("\n")]
    tls = result.tls
    if tls is not None:
        answers = {True: word("yes", lang), False: word("no", lang),
                   None: word("not checked", lang)}
        lines += ["", "TLS"]
        for label, value in ((word("protocol", lang), tls.protocol),
                             (word("cipher", lang), tls.cipher),
                             (word("subject", lang), tls.subject),
                             (word("names", lang), ", ".join(tls.names)),
                             (word("issuer", lang), tls.issuer),
                             (word("expires", lang), tls.expires),
                             (word("verifies", lang), answers[tls.verified]),
                             (word("matches the host", lang), answers[tls.matches_host]),
                             (word("problem", lang), tls.error)):
            if value:
                lines += wrap(f"{label}{word(':', lang)} {value}", "  ")
    lines.append("")
    if result.failed is None:
        lines.append(word("Every step was accepted ({seconds:.2f} s).", lang,
                          seconds=result.elapsed))
    else:
        stopped = word("Stopped at {step}", lang, step=result.failed)
        if result.error:
            stopped += f"{word(':', lang)} {result.error}"
        lines += wrap(stopped + " " + word("(exit status {status}).", lang,
                                           status=result.status), "")
    return "\n".join(lines) + "\n"


def run(args: argparse.Namespace) -> int:
    from ..smtp.probe import Probe
    from ..smtp.resolve import mail_host

    lang = get_language()
    if args.rcpt and not args.sender:
        raise UsageError(word("--rcpt needs --from: the server answers RCPT only after MAIL",
                              lang))
    host, found_by, note = mail_host(args.host, args.port)
    if note and not args.json:
        print(f"smtpcode probe: {in_language(note, lang)}", file=sys.stderr)
    if args.port == 25 and not args.json:
        print("smtpcode probe: " + word("many networks block outgoing port 25; a timeout may"
                                        " only mean that", lang), file=sys.stderr)
    probe = Probe(host, args.port, starttls=args.starttls, ehlo_name=args.ehlo,
                  sender=args.sender, recipients=tuple(args.rcpt), quit_after=args.quit_after,
                  timeout=args.timeout, ca_file=args.ca_file, verify=not args.insecure)
    result = probe.run()
    result.found_by = found_by
    if args.json:
        print_json(result.as_dict(lang))
    else:
        sys.stdout.write(probe_text(result))
    return result.status


def _port(text: str) -> int:
    import argparse

    if not (text.isdigit() and 1 <= int(text) <= 65535):
        raise argparse.ArgumentTypeError(f"{text!r} is not a port: expected 1 to 65535")
    return int(text)


def _seconds(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds from 0 to 3600")
    return value


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    lang = get_language()
    probe = commands.add_parser(
        "probe", help=word("talk to a mail server as telnet host 25 would, and explain each"
                           " reply", lang),
        description=word("Connect to a mail server, read its greeting, say EHLO, take STARTTLS,"
        " send MAIL FROM and RCPT TO when addresses are given, then RSET and QUIT (never DATA),"
        " and explain every reply. One connection, no retries, a hard deadline. Exit status: 0"
        " every step accepted; 3 could not connect or no answer in time; 4 refused at the"
        " greeting; 5 EHLO and HELO refused; 6 STARTTLS failed or required but missing; 7 MAIL"
        " refused; 8 RCPT refused; 2 usage error.", lang),
    )
    probe.add_argument("host", metavar="HOST",
                       help=word("the server, or a mail domain (its first MX host is probed when"
                       " the dns extra is installed)", lang))
    probe.add_argument("--port", type=_port, default=25, metavar="N", help=word("default 25", lang))
    probe.add_argument("--starttls", choices=("auto", "require", "no"), default="auto",
                       help=word("auto: when offered (default); require: fail without it;"
                                 " no: never", lang))
    probe.add_argument("--ehlo", metavar="NAME", help=word("the name to give in EHLO (default: this"
                       " machine's)", lang))
    probe.add_argument("--from", dest="sender", metavar="ADDR",
                       help=word("MAIL FROM address", lang))
    probe.add_argument("--rcpt", action="append", default=[], metavar="ADDR",
                       help=word("RCPT TO address; may be repeated", lang))
    probe.add_argument("--quit-after", choices=("connect", "ehlo", "starttls", "mail", "rcpt"),
                       help=word("stop after this step", lang))
    probe.add_argument("--timeout", type=_seconds, default=30.0, metavar="SECONDS",
                       help=word("deadline for the whole session (default 30)", lang))
    probe.add_argument("--ca-file", metavar="FILE",
                       help=word("trust the certificate authorities in FILE as well (PEM)", lang))
    probe.add_argument("--insecure", action="store_true",
                       help=word("take STARTTLS without checking the certificate", lang))
    probe.add_argument("--json", action="store_true", help=word("print JSON only", lang))
    probe.set_defaults(run=run)
