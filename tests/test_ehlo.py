"""Reading a server's EHLO reply, keyword by keyword, from data/ehlo.toml."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from smtpcodes.errors import SMTPCodeError
from smtpcodes.smtp.ehlo import keyword_entries, read_ehlo

# A Postfix EHLO reply as Postfix's own documentation and its smtpd print it (the default
# smtpd_* settings, with SASL and TLS enabled).
POSTFIX = """\
250-mail.example.com
250-PIPELINING
250-SIZE 10240000
250-VRFY
250-ETRN
250-STARTTLS
250-AUTH PLAIN LOGIN
250-AUTH=PLAIN LOGIN
250-ENHANCEDSTATUSCODES
250-8BITMIME
250-DSN
250-SMTPUTF8
250 CHUNKING
"""


def test_keywords_are_read_with_their_parameters() -> None:
    reading = read_ehlo(POSTFIX)
    assert reading.name == "mail.example.com"
    assert [offer.keyword for offer in reading.offers][:3] == ["PIPELINING", "SIZE", "VRFY"]
    assert reading.size_limit == 10240000
    assert reading.offer("SIZE").reading == "messages up to 10,240,000 bytes (9.8 MiB)"
    assert reading.mechanisms == ("PLAIN", "LOGIN")
    old = reading.offer("AUTH=")
    assert old is not None and old.entry is not None and not old.entry.registered
    assert all(offer.entry is not None for offer in reading.offers)


def test_size_zero_and_limits() -> None:
    reading = read_ehlo("250-mx\n250-SIZE 0\n250 LIMITS RCPTMAX=100 MAILMAX=10")
    assert reading.size_limit is None
    assert reading.offer("SIZE").reading == "no limit stated"
    assert reading.offer("LIMITS").reading == "RCPTMAX = 100; MAILMAX = 10"


def test_findings_depend_on_the_connection() -> None:
    clear = read_ehlo(POSTFIX, tls=False, port=25)
    severities = {finding.severity: finding.message for finding in clear.findings}
    assert "without TLS" in severities["high"] and "smtpd_tls_auth_only" in severities["high"]
    assert any("VRFY is offered" in finding.message for finding in clear.findings)
    assert any("ENHANCEDSTATUSCODES" in finding.message for finding in clear.findings)
    secured = read_ehlo(POSTFIX, tls=True, port=25)
    assert not any(finding.severity == "high" for finding in secured.findings)
    bare = read_ehlo("250-mx.example\n250 PIPELINING", tls=False, port=25)
    assert any("no STARTTLS on port 25" in finding.message for finding in bare.findings)


def test_unknown_keywords_are_said_so() -> None:
    reading = read_ehlo("250-mx\n250 XFOOBAR yes")
    assert reading.offers[0].entry is None
    assert any("XFOOBAR" in finding.message for finding in reading.findings)


def test_an_empty_text_is_a_clear_error() -> None:
    with pytest.raises(SMTPCodeError, match="holds no EHLO reply"):
        read_ehlo("  \n")


def test_the_data_covers_the_registry() -> None:
    keywords = {entry.keyword: entry for entry in keyword_entries()}
    for keyword in ("PIPELINING", "SIZE", "8BITMIME", "DSN", "ENHANCEDSTATUSCODES",
                    "STARTTLS", "AUTH", "CHUNKING", "BINARYMIME", "SMTPUTF8", "ETRN",
                    "DELIVERBY", "MT-PRIORITY", "REQUIRETLS", "LIMITS", "BURL",
                    "FUTURERELEASE", "RRVS"):
        assert keywords[keyword].registered, keyword
    for keyword in ("XCLIENT", "XFORWARD", "X-EXPS", "XEXCH50", "AUTH="):
        assert not keywords[keyword].registered and keywords[keyword].vendor, keyword


def test_cli_reads_a_piped_reply() -> None:
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "ehlo", "--tls", "no",
                           "--port", "25", "--json"], input=POSTFIX, capture_output=True,
                          text=True, check=True, timeout=60)
    data = json.loads(done.stdout)
    assert data["size_limit"] == 10240000
    assert data["findings"][0]["severity"] == "high"
    text = subprocess.run([sys.executable, "-m", "smtpcodes", "ehlo"], input=POSTFIX,
                          capture_output=True, text=True, check=True, timeout=60).stdout
    assert text.startswith("mail.example.com: 12 extensions offered")


def test_parse_of_a_transcript_reads_its_ehlo_reply() -> None:
    from pathlib import Path

    session = Path(__file__).resolve().parent.parent / "examples" / "session.txt"
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "parse", "--json"],
                          input=session.read_text(encoding="utf-8"), capture_output=True,
                          text=True, check=True, timeout=60)
    data = json.loads(done.stdout)
    assert data["ehlo"]["name"] == "mail.example.com"
    assert data["ehlo"]["size_limit"] == 10240000


def test_a_reply_joined_on_one_line() -> None:
    reading = read_ehlo("250-mx.example.com 250-SIZE 10240000 250 VRFY")
    assert reading.name == "mx.example.com"
    assert [offer.keyword for offer in reading.offers] == ["SIZE", "VRFY"]
