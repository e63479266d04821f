"""``smtpcode probe`` against real servers on loopback: aiosmtpd for a well-behaved one, a
raw socket server for what real servers do wrong. Each case ends in bounded time and memory
with a clear result, never a traceback."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from smtpcodes.smtp.probe import (
    EXIT_ACCEPTED,
    EXIT_CONNECT,
    EXIT_EHLO,
    EXIT_GREETING,
    EXIT_RCPT,
    EXIT_STARTTLS,
    MAX_LINE,
    MAX_LINES,
    Probe,
)

aiosmtpd = pytest.importorskip("aiosmtpd.controller", reason="aiosmtpd (test extra) missing")


class Handler:
    """Refuses nobody@..., accepts everyone else."""

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: Any) -> str:
        if address.startswith("nobody@"):
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"


@pytest.fixture
def smtp_server() -> Iterator[int]:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    controller = aiosmtpd.Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port
    finally:
        controller.stop()


def raw_server(talk: Callable[[socket.socket], None]) -> tuple[int, threading.Thread]:
    """A server on loopback that runs ``talk`` with the one client that connects."""
    listener = socket.create_server(("127.0.0.1", 0))

    def serve() -> None:
        with listener:
            connection, _ = listener.accept()
            with connection, contextlib.suppress(OSError):  # the client hung up
                talk(connection)

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "smtpcodes", "probe", *args],
                          capture_output=True, text=True, check=False, timeout=120)


def test_a_session_explained_step_by_step(smtp_server: int) -> None:
    done = cli("127.0.0.1", "--port", str(smtp_server), "--ehlo", "client.test",
               "--from", "alice@example.org", "--rcpt", "bob@example.com",
               "--rcpt", "nobody@example.com")
    assert done.returncode == EXIT_RCPT, done.stderr
    out = done.stdout
    for line in ("<- 220 ", "-> EHLO client.test", "-> MAIL FROM:<alice@example.org>",
                 "-> RCPT TO:<nobody@example.com>", "-> RSET", "-> QUIT"):
        assert line in out
    assert "Reason: Recipient unknown (userunknown)" in " ".join(out.split())
    assert "DATA" not in out
    assert "messages up to 33,554,432 bytes" in out
    assert "Traceback" not in done.stderr


def test_json_gives_every_exchange_with_its_explanation(smtp_server: int) -> None:
    done = cli("127.0.0.1", "--port", str(smtp_server), "--from", "a@example.org",
               "--rcpt", "bob@example.com", "--json")
    assert done.returncode == EXIT_ACCEPTED, done.stderr
    data = json.loads(done.stdout)
    assert [exchange["stage"] for exchange in data["exchanges"]] == [
        "greeting", "ehlo", "mail", "rcpt", "rset", "quit"]
    assert data["exchanges"][3]["explanation"]["class"] == "success"
    assert data["ehlo"]["size_limit"] == 33554432
    assert data["status"] == 0 and data["failed"] is None


def test_starttls_required_but_missing(smtp_server: int) -> None:
    result = Probe("127.0.0.1", smtp_server, starttls="require").run()
    assert result.status == EXIT_STARTTLS
    assert "STARTTLS is required" in (result.error or "")


def test_nothing_listening_is_a_connection_failure() -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    done = cli("127.0.0.1", "--port", str(port), "--timeout", "5")
    assert done.returncode == EXIT_CONNECT
    assert "could not connect" in done.stdout and "Traceback" not in done.stderr


def test_a_421_greeting() -> None:
    port, _ = raw_server(lambda c: (c.sendall(b"421 4.3.2 Service shutting down\r\n"),
                                    c.recv(100)))
    result = Probe("127.0.0.1", port, timeout=10).run()
    assert result.status == EXIT_GREETING
    assert result.exchanges[0].code == 421


def test_a_server_that_never_speaks_ends_at_the_deadline() -> None:
    port, _ = raw_server(lambda c: time.sleep(5))
    start = time.monotonic()
    result = Probe("127.0.0.1", port, timeout=1.5).run()
    assert time.monotonic() - start < 4
    assert result.status == EXIT_CONNECT and result.timed_out
    assert "deadline" in (result.error or "")


def test_a_disconnect_in_the_middle_of_ehlo() -> None:
    def talk(connection: socket.socket) -> None:
        connection.sendall(b"220 mx.example ESMTP\r\n")
        connection.recv(100)
        connection.sendall(b"250-mx.example\r\n250-PIPEL")

    port, _ = raw_server(talk)
    result = Probe("127.0.0.1", port, timeout=10).run()
    assert result.failed == "ehlo" and result.status == EXIT_EHLO
    assert "closed the connection" in (result.error or "")


def test_garbage_instead_of_a_reply() -> None:
    port, _ = raw_server(lambda c: (c.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n"),
                                    c.recv(100)))
    result = Probe("127.0.0.1", port, timeout=10).run()
    assert result.status == EXIT_GREETING
    assert "not an SMTP reply" in (result.error or "")


def test_an_endless_multi_line_reply_is_given_up() -> None:
    def talk(connection: socket.socket) -> None:
        while True:
            connection.sendall(b"220-still talking\r\n" * 50)

    port, _ = raw_server(talk)
    result = Probe("127.0.0.1", port, timeout=10).run()
    assert result.status == EXIT_GREETING
    assert len(result.exchanges[0].lines) == MAX_LINES
    assert f"beyond {MAX_LINES} lines" in (result.error or "")


def test_a_line_of_ten_megabytes_is_cut() -> None:
    def talk(connection: socket.socket) -> None:
        connection.sendall(b"220 " + b"x" * 10_000_000 + b"\r\n")
        connection.recv(100)
        connection.sendall(b"221 bye\r\n")

    port, _ = raw_server(talk)
    result = Probe("127.0.0.1", port, timeout=20, quit_after="connect").run()
    greeting = result.exchanges[0]
    assert len(greeting.lines[0]) <= MAX_LINE
    assert any("was cut" in note for note in greeting.notes)
    assert result.status == EXIT_ACCEPTED


# -- Python programs that send mail: the exceptions of smtplib and aiosmtplib, explained -----

def test_smtplib_exceptions_are_explained(smtp_server: int) -> None:
    import smtplib

    import smtpcodes

    with smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as client, \
            pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        client.sendmail("alice@example.org", ["nobody@example.com"], "Subject: x\r\n\r\nx\r\n")
    explained = smtpcodes.explain_recipients(refused.value)
    assert list(explained) == ["nobody@example.com"]
    explanation = explained["nobody@example.com"]
    assert explanation.reason is not None and explanation.reason.name == "userunknown"
    assert explanation.reply.command == "RCPT TO"
    assert smtpcodes.when_to_retry(explanation).retry is False
    # the dict sendmail() returns when some recipients are refused
    with smtplib.SMTP("127.0.0.1", smtp_server, timeout=30) as client:
        returned = client.sendmail("alice@example.org", ["bob@example.com",
                                                         "nobody@example.com"],
                                   "Subject: x\r\n\r\nx\r\n")
    assert set(smtpcodes.explain_recipients(returned)) == {"nobody@example.com"}


def test_aiosmtplib_exceptions_are_explained(smtp_server: int) -> None:
    import asyncio

    aiosmtplib = pytest.importorskip("aiosmtplib")
    import smtpcodes

    async def send() -> None:
        await aiosmtplib.send("Subject: x\r\n\r\nx\r\n", sender="alice@example.org",
                              recipients=["nobody@example.com"], hostname="127.0.0.1",
                              port=smtp_server, start_tls=False, timeout=30)

    with pytest.raises(aiosmtplib.SMTPRecipientsRefused) as refused:
        asyncio.run(send())
    explained = smtpcodes.explain_recipients(refused.value)
    assert explained["nobody@example.com"].reason.name == "userunknown"  # type: ignore[union-attr]
    single = smtpcodes.explain(refused.value.recipients[0])
    assert str(single.enhanced) == "5.1.1" and single.reply.command == "RCPT TO"


def test_failures_without_a_reply_are_not_the_servers_word() -> None:
    import smtplib

    import smtpcodes

    port, _ = raw_server(lambda c: time.sleep(3))
    with pytest.raises((smtplib.SMTPServerDisconnected, TimeoutError, OSError)) as failure:
        smtplib.SMTP("127.0.0.1", port, timeout=0.5)
    found = smtpcodes.explain_error(failure.value)
    assert isinstance(found, smtpcodes.NotFromServer)
    assert found.as_dict()["from_server"] is False and found.kind in ("timeout", "disconnected")
    with pytest.raises(smtpcodes.NoCodeFoundError, match="carries no reply from the server"):
        smtpcodes.explain(failure.value)
    decision = smtpcodes.when_to_retry(failure.value, attempt=1)
    assert decision.retry and decision.seconds == 1800


def test_retry_schedule() -> None:
    import datetime

    import smtpcodes

    greylisted = "451 4.7.1 Greylisted, please try again later"
    assert [smtpcodes.when_to_retry(greylisted, attempt=n).seconds for n in (1, 2, 3, 5)] == [
        1800, 3600, 7200, 14400]
    gmail_rate = ("421-4.7.28 Our system has detected an unusual rate of unsolicited mail"
                  " originating from your IP address. gsmtp")
    assert smtpcodes.when_to_retry(gmail_rate).seconds == 3600, "slow down: start at an hour"
    assert not smtpcodes.when_to_retry("550 5.1.1 User unknown").retry
    assert not smtpcodes.when_to_retry("250 2.0.0 Ok").retry
    first = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    late = smtpcodes.when_to_retry(greylisted, first_failure=first,
                                   now=first + datetime.timedelta(days=5, minutes=1))
    assert not late.retry and "5 days" in late.why


def test_a_domain_needs_the_dns_extra_to_find_its_mx(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib

    from smtpcodes.smtp import resolve

    real = importlib.import_module

    def without_dns(name: str, *args: Any) -> Any:
        if name.startswith("dns"):
            raise ImportError(name)
        return real(name, *args)

    monkeypatch.setattr(importlib, "import_module", without_dns)
    host, found_by, note = resolve.mail_host("example.com", 25)
    assert (host, found_by) == ("example.com", None)
    assert note is not None and "smtpcodes[dns]" in note
    assert resolve.mail_host("127.0.0.1", 25) == ("127.0.0.1", None, None)
    assert resolve.mail_host("example.com", 587) == ("example.com", None, None)


def test_port_25_comes_with_a_warning() -> None:
    # whatever listens on the loopback's port 25 (nothing, or a local Postfix)
    done = cli("127.0.0.1", "--port", "25", "--timeout", "2", "--quit-after", "connect")
    assert "many networks block outgoing port 25" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("args", [["--port", "70000"], ["--port", "0"], ["--timeout", "-1"],
                                  ["--rcpt", "bob@example.com"]])
def test_bad_options_are_usage_errors(args: list[str]) -> None:
    done = cli("127.0.0.1", *args)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "error:" in done.stderr


def test_an_unknown_host_is_a_connection_failure() -> None:
    done = cli("no-such-host.invalid", "--port", "2525", "--timeout", "5")
    assert done.returncode == EXIT_CONNECT
    assert "could not connect" in done.stdout and "Traceback" not in done.stderr
