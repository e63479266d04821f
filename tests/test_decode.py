"""Decoding what real servers send: log lines, bounce fields, transcripts, tricky free text.

Lines marked "postfix-grok-patterns" are real Postfix log messages from the test data of
whyscream/postfix-grok-patterns (BSD 3-Clause), file named; the others are made here, in
the formats the servers use.
"""

from __future__ import annotations

import pytest

from smtpcodes import NoCodeFoundError, parse
from smtpcodes.parse import parse_all

GROK = "whyscream/postfix-grok-patterns:test"


@pytest.mark.parametrize(
    ("line", "basic", "enhanced", "command"),
    [
        pytest.param(
            "ED59C3D: host mail2.example.com[1.74.253.23] said: 450 4.7.1 <user@example.com>:"
            " Recipient address rejected: Greylisted for 5 minutes (in reply to RCPT TO command)",
            450,
            "4.7.1",
            "RCPT TO",
            id=f"{GROK}/smtp_0020.yaml",
        ),
        pytest.param(
            "2690D8044: host mta7.am0.yahoodns.net[66.196.118.34] said: 451 4.3.2 Internal error"
            " reading data (in reply to MAIL FROM command)",
            451,
            "4.3.2",
            "MAIL FROM",
            id=f"{GROK}/smtp_0024.yaml",
        ),
        pytest.param(
            "2DC5552A34: to=<user@yahoo.com>, relay=none, delay=63495, delays=63350/144/0/0,"
            " dsn=4.4.2, status=deferred (delivery temporarily suspended: lost connection with"
            " mta7.am0.yahoodns.net[98.136.216.22] while sending RCPT TO)",
            None,
            "4.4.2",
            "RCPT TO",
            id=f"{GROK}/error_0001.yaml",
        ),
        pytest.param(
            "95ECE24E0: to=<tom@example.com>, relay=dovecot, delay=0.12, delays=0.03/0/0/0.08,"
            " dsn=5.4.6, status=bounced (mail forwarding loop for tom@example.com)",
            None,
            "5.4.6",
            None,
            id=f"{GROK}/pipe_0003.yaml",
        ),
        pytest.param(
            "NOQUEUE: reject: RCPT from [182.98.255.184]:2413: 550 5.5.1 Protocol error;"
            " from=<lvtowxfdp@yahoo.com>, to=<tom@example.com>, proto=SMTP,"
            " helo=<mx32.usaindiamunish.net>",
            550,
            "5.5.1",
            "RCPT TO",
            id=f"{GROK}/postscreen_0027.yaml",
        ),
        pytest.param(
            "4104E3D: milter-reject: END-OF-MESSAGE from 061238241086.static.ctinets.com"
            "[61.238.241.86]: 5.7.1 Blocked by SpamAssassin; from=<wumt5@cchfdc.com>"
            " to=<voorzitter@example.com> proto=ESMTP helo=<ecsolved.com>",
            None,
            "5.7.1",
            "DATA",
            id=f"{GROK}/cleanup_0004.yaml",
        ),
        pytest.param(
            "D0F29603B4: SASL authentication failed; server xyz.example.com[1.2.3.4] said: 535"
            " 5.7.8 Error: authentication failed: authentication failure",
            535,
            "5.7.8",
            None,
            id=f"{GROK}/smtp_0032.yaml",
        ),
        pytest.param(
            "NOQUEUE: reject: RCPT from unknown[2001:980:cfb1:1:82f:f74e:a45c:3033]: 504 5.5.2"
            " <aap@henk>: Sender address rejected: need fully-qualified address; from=<aap@henk>"
            " to=<user@example.com> proto=SMTP helo=<test>",
            504,
            "5.5.2",
            "RCPT TO",
            id=f"{GROK}/smtpd_0008.yaml",
        ),
        pytest.param(
            "2024-02-01 10:00:00 1rVXyz-000ABC-12 ** bob@example.net R=dnslookup T=remote_smtp"
            " H=mx.example.net [192.0.2.25]: SMTP error from remote mail server after RCPT"
            " TO:<bob@example.net>: 550 5.1.1 <bob@example.net>: Recipient address rejected",
            550,
            "5.1.1",
            "RCPT TO",
            id="exim-bounce",
        ),
        pytest.param(
            "2024-02-01 10:00:00 1rVXyz-000ABC-12 == carol@example.net R=dnslookup"
            " T=remote_smtp defer (-44) H=mx.example.net [192.0.2.25]: SMTP error from remote"
            " mail server after end of data: 451 4.7.1 Please try again later",
            451,
            "4.7.1",
            "DATA",
            id="exim-defer",
        ),
        pytest.param(
            "Feb 25 03:01:10 mail sm-mta[27713]: s1P819mk027713: ruleset=check_rcpt,"
            " arg1=<x@example.ru>, relay=host.example.ru [198.51.100.133], reject=550 5.7.1"
            " <x@example.ru>... Relaying denied",
            550,
            "5.7.1",
            None,
            id="sendmail-reject",
        ),
        pytest.param(
            "Mar  1 12:00:00 mail sm-mta[1234]: u21C0xyz: to=<d@example.org>, delay=00:00:01,"
            " mailer=esmtp, pri=120000, relay=mx.example.org. [203.0.113.9], dsn=5.1.1,"
            " stat=User unknown",
            None,
            "5.1.1",
            None,
            id="sendmail-dsn",
        ),
        pytest.param(
            "Apr 10 03:47:57 web courieresmtpd: error,relay=::ffff:192.0.2.4,from=<a@example.com>,"
            "to=<b@example.com>: 550 User unknown.",
            550,
            None,
            None,
            id="courier",
        ),
    ],
)
def test_log_lines(line: str, basic: int | None, enhanced: str | None, command: str | None) -> None:
    reply = parse(line)
    assert reply.basic == basic
    assert (None if reply.enhanced is None else str(reply.enhanced)) == enhanced
    assert reply.command == command


def test_postfix_fields_and_format() -> None:
    line = (
        "Jan  5 10:00:01 mx postfix/smtp[123]: 4BC23F2A15: to=<a@example.com>,"
        " relay=mx.example.com[192.0.2.1]:25, delay=1.2, dsn=5.1.1, status=bounced"
        " (host mx.example.com[192.0.2.1] said: 550 5.1.1 <a@example.com>: User unknown"
        " (in reply to RCPT TO command))"
    )
    reply = parse(line)
    assert (reply.basic, str(reply.enhanced), reply.command) == (550, "5.1.1", "RCPT TO")
    assert reply.format == "postfix"
    assert reply.fields["status"] == "bounced"
    assert reply.fields["to"] == "<a@example.com>"
    assert reply.fields["relay"] == "mx.example.com[192.0.2.1]:25"
    sources = [(str(c.code), c.source) for c in reply.candidates]
    assert sources == [("5.1.1", "dsn"), ("550", "said"), ("5.1.1", "said")]


def test_connect_timeout_has_only_the_dsn() -> None:
    line = (
        "4BC23F2A15: to=<a@example.com>, relay=none, delay=30, dsn=4.4.1, status=deferred"
        " (connect to mx.example.com[192.0.2.1]:25: Connection timed out)"
    )
    reply = parse(line)
    assert reply.basic is None and str(reply.enhanced) == "4.4.1"


def test_rfc3464_fields_prefer_the_diagnostic() -> None:
    text = (
        "Final-Recipient: rfc822; bob@example.net\n"
        "Action: failed\n"
        "Status: 5.0.0\n"
        "Remote-MTA: dns; mx.example.net\n"
        "Diagnostic-Code: smtp; 550 5.1.1 <bob@example.net>: Recipient address rejected\n"
    )
    reply = parse(text)
    assert (reply.basic, str(reply.enhanced)) == (550, "5.1.1")
    assert reply.format == "dsn"
    assert reply.fields["action"] == "failed"
    assert reply.fields["remote-mta"] == "dns; mx.example.net"
    assert any("status field says 5.0.0" in warning for warning in reply.warnings)
    assert {c.source for c in reply.candidates} == {"dsn", "diagnostic"}


def test_exim_status_without_reply_code_takes_the_specific_text_code() -> None:
    reply = parse("Status: 5.0.0\nX-Text: mailbox unavailable (#5.2.1)")
    assert str(reply.enhanced) == "5.2.1"


def test_multi_line_reply_joined_on_one_line() -> None:
    text = (
        "550-5.1.1 The email account that you tried to reach does not exist. 550-5.1.1 Please"
        " try double-checking the recipient's email address. 550 5.1.1 Learn more - gsmtp"
    )
    reply = parse(text)
    assert (reply.basic, str(reply.enhanced)) == (550, "5.1.1")
    assert reply.warnings == ()


def test_lines_with_different_codes_are_reported() -> None:
    reply = parse("550-5.7.1 Blocked\n421 4.7.0 Try later")
    assert reply.basic == 550
    assert any("other reply codes" in warning and "421" in warning for warning in reply.warnings)


def test_nested_reply_keeps_the_outer_codes() -> None:
    reply = parse("554 4.4.7 Message expired: unable to deliver <421 4.4.2 Connection dropped>")
    assert (reply.basic, str(reply.enhanced)) == (554, "4.4.7")
    assert [str(c.code) for c in reply.candidates] == ["554", "4.4.7", "421", "4.4.2"]


def test_greeting_holding_a_second_reply() -> None:
    reply = parse("220 mx.example.com ESMTP; 554 5.7.1 you are blocked")
    assert reply.basic == 220
    assert any("554" in warning for warning in reply.warnings)


@pytest.mark.parametrize(
    "text",
    [
        "connect to mx.example.com[92.5.1.10]:25: Connection refused",
        "[192.0.2.55] sent 5 messages",
        "running Postfix 3.7.11 on Debian, libc 2.36",
        "Exim version 4.97.1 #2 built 01-Jan-2024",
        "client v5.1.1 connected at 12:30:45 on 2024-05-01",
        "warning: Message delivery request rate limit exceeded: 334 from spam.example.com",
        "queue id 4BC23F2A15, size=552, nrcpt=1",
        "connection from port 587 on 10.4.2.1",
        "message took 450 seconds",
        "client 192.0.2.55 connected",
        "Postfix 3.7.11 started, version 5.1.1",
        "upgrade to v5.1.1 done",
        "queue id 4BC23F2A15 size 552000",
        "port 587 open",
        "BARE NEWLINE from [192.0.2.35]:35084 after \\026\\003<\\257-\\303x&",
    ],
)
def test_free_text_without_codes(text: str) -> None:
    with pytest.raises(NoCodeFoundError):
        parse(text)


TRANSCRIPT = """\
S: 220 mail.example.com ESMTP Postfix
C: EHLO client.example.org
S: 250-mail.example.com
S: 250-PIPELINING
S: 250-SIZE 10240000
S: 250-STARTTLS
S: 250 DSN
C: MAIL FROM:<alice@example.org>
S: 250 2.1.0 Ok
C: RCPT TO:<nobody@example.com>
S: 550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown
C: RCPT TO:<bob@example.com>
S: 250 2.1.5 Ok
C: DATA
S: 354 End data with <CR><LF>.<CR><LF>
C: Subject: test
C:
C: 250 is not a reply inside the message body
C: .
S: 250 2.0.0 Ok: queued as 4BC23F2A15
C: QUIT
S: 221 2.0.0 Bye
"""


def test_transcript_every_reply_with_its_command() -> None:
    replies = parse_all(TRANSCRIPT)
    assert [
        (r.command, r.basic, None if r.enhanced is None else str(r.enhanced)) for r in replies
    ] == [
        ("CONNECT", 220, None),
        ("EHLO", 250, None),
        ("MAIL FROM", 250, "2.1.0"),
        ("RCPT TO", 550, "5.1.1"),
        ("RCPT TO", 250, "2.1.5"),
        ("DATA", 354, None),
        ("DATA", 250, "2.0.0"),
        ("QUIT", 221, "2.0.0"),
    ]
    assert replies[1].lines == (
        "250-mail.example.com",
        "250-PIPELINING",
        "250-SIZE 10240000",
        "250-STARTTLS",
        "250 DSN",
    )


def test_transcript_without_markers_as_typed_in_telnet() -> None:
    plain = "\n".join(
        line[3:] if line[:3] in ("S: ", "C: ") else line[2:] for line in TRANSCRIPT.splitlines()
    )
    replies = parse_all(plain)
    assert len(replies) == 8
    assert replies[6].message == "Ok: queued as 4BC23F2A15"


def test_parse_of_a_transcript_describes_the_first_failure() -> None:
    reply = parse(TRANSCRIPT)
    assert (reply.basic, str(reply.enhanced), reply.command) == (550, "5.1.1", "RCPT TO")
    assert any("transcript with 8 replies" in note for note in reply.notes)


def test_parse_all_of_a_single_reply() -> None:
    assert [r.basic for r in parse_all("451 4.7.1 Greylisted")] == [451]
