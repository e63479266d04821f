"""A real Postfix, on loopback only, logs real mail; smtpcode scan must count what happened.

The test starts a throwaway Postfix instance of its own (``postfix -c DIR``): a private
configuration, queue and log under a temporary directory, SMTP on 127.0.0.1 at a free port,
logging to a file with ``maillog_file``, local delivery only, no DNS. Through smtplib it
sends mail that is delivered, mail to an unknown user (550 5.1.1 at RCPT time), mail Postfix
must refuse to relay (554 5.7.1), mail that bounces at delivery (5.1.1) and mail that is
deferred (4.3.0). Then it scans the log and checks every count against what happened.

It needs Debian's ``postfix`` package and root. Without them it is skipped on a developer's
machine; with ``CI`` set (as .ci/run runs it) their absence fails the test.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import smtplib
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from smtpcodes.logs.scanner import Scanner

SBIN = "/usr/sbin:/usr/bin:/sbin:/bin"
POSTFIX = shutil.which("postfix", path=os.environ.get("PATH", "") + ":" + SBIN)
POSTCONF = shutil.which("postconf", path=os.environ.get("PATH", "") + ":" + SBIN)
WAIT_SECONDS = 60


def _missing() -> str | None:
    if POSTFIX is None or POSTCONF is None:
        return "Postfix is not installed (Debian: apt-get install postfix)"
    if os.geteuid() != 0:
        return "starting a Postfix instance needs root"
    return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class PostfixInstance:
    """A private Postfix: its own configuration, queue, data directory and log file."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.config = root / "conf"
        self.queue = root / "queue"
        self.data = root / "data"
        self.mail = root / "mail"
        self.log = root / "maillog"
        self.port = _free_port()

    def postfix(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        assert POSTFIX is not None
        return subprocess.run([POSTFIX, "-c", str(self.config), *args], capture_output=True,
                              text=True, check=check, timeout=60)

    def postconf(self, *args: str) -> None:
        assert POSTCONF is not None
        subprocess.run([POSTCONF, "-c", str(self.config), *args], capture_output=True,
                       text=True, check=True, timeout=60)

    def configure(self) -> None:
        for directory in (self.config, self.queue, self.data, self.mail):
            directory.mkdir()
        self.root.chmod(0o755)
        self.mail.chmod(0o1777)
        shutil.chown(self.data, "postfix")
        shutil.copy("/etc/postfix/master.cf", self.config / "master.cf")
        # alice gets her mail in a file; gone's command says "no such user" (EX_NOUSER, 67),
        # full's command says "try again later" (EX_TEMPFAIL, 75)
        (self.config / "aliases").write_text(
            f"alice {self.mail}/alice.mbox\n"
            "gone \"|/bin/sh -c 'exit 67'\"\n"
            "full \"|/bin/sh -c 'exit 75'\"\n"
            "postmaster alice\n",
            encoding="utf-8",
        )
        (self.config / "main.cf").write_text(f"""\
compatibility_level = 3.6
queue_directory = {self.queue}
data_directory = {self.data}
mail_owner = postfix
setgid_group = postdrop
myhostname = mx.smtpcodes.test
mydomain = smtpcodes.test
myorigin = local.test
mydestination = local.test
inet_interfaces = loopback-only
inet_protocols = ipv4
mynetworks = 127.0.0.0/8
relayhost =
smtpd_relay_restrictions = reject_unauth_destination
alias_maps = texthash:{self.config}/aliases
alias_database =
local_recipient_maps = $alias_maps
smtpd_peername_lookup = no
smtp_dns_support_level = disabled
biff = no
maillog_file = {self.log}
maillog_file_prefixes = {self.root}
""", encoding="utf-8")
        self.postconf("-F", "*/*/chroot = n")
        self.postconf("-M#", "smtp/inet")
        self.postconf(
            "-Me", f"127.0.0.1:{self.port}/inet = 127.0.0.1:{self.port} inet n - n - - smtpd"
        )

    def start(self) -> None:
        started = self.postfix("start", check=False)
        if started.returncode != 0:
            log = self.log.read_text(errors="replace") if self.log.exists() else ""
            raise RuntimeError(f"postfix start failed: {started.stderr}\n{log}")
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=2):
                    return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"Postfix did not listen on 127.0.0.1:{self.port}")

    def stop(self) -> None:
        self.postfix("stop", check=False)
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline and self.postfix("status", check=False).returncode == 0:
            time.sleep(0.2)
        pid_file = self.queue / "pid" / "master.pid"
        if self.postfix("status", check=False).returncode == 0 and pid_file.exists():
            os.kill(int(pid_file.read_text().split()[0]), 9)


def running_postfix(
    setup: Callable[[PostfixInstance], None] | None = None, missing: str | None = None,
) -> Iterator[PostfixInstance]:
    """A throwaway Postfix, configured (and then given ``setup``), started, then stopped and
    removed; skipped when something is ``missing`` on a developer's machine, failing under CI."""
    missing = missing or _missing()
    if missing is not None:
        if os.environ.get("CI"):
            pytest.fail(f"{missing}; .ci/run installs it and runs the tests as root")
        pytest.skip(missing)
    root = Path(tempfile.mkdtemp(prefix="smtpcodes-postfix-"))
    instance = PostfixInstance(root)
    try:
        instance.configure()
        if setup is not None:
            setup(instance)
        instance.start()
        yield instance
    finally:
        instance.stop()
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def postfix() -> Iterator[PostfixInstance]:
    yield from running_postfix()


def _statuses(log: Path) -> list[str]:
    text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
    return re.findall(r" status=([a-z]+)", text)


def test_real_postfix_log(postfix: PostfixInstance) -> None:
    refused: dict[str, tuple[int, bytes]] = {}
    with smtplib.SMTP("127.0.0.1", postfix.port, local_hostname="client.test", timeout=30) as smtp:
        accepted = smtp.sendmail("alice@local.test", ["alice@local.test"],
                                 "Subject: delivered\r\n\r\nhello\r\n")
        assert accepted == {}
        for recipient in ("nobody@local.test", "someone@elsewhere.example"):
            with pytest.raises(smtplib.SMTPRecipientsRefused) as error:
                smtp.sendmail("alice@local.test", [recipient], "Subject: refused\r\n\r\nx\r\n")
            refused.update(error.value.recipients)
        for recipient in ("gone@local.test", "full@local.test"):
            assert smtp.sendmail("alice@local.test", [recipient],
                                 f"Subject: to {recipient}\r\n\r\nx\r\n") == {}

    # What the server answered at RCPT time, as smtplib saw it.
    assert refused["nobody@local.test"][0] == 550
    assert refused["nobody@local.test"][1].startswith(b"5.1.1 ")
    assert refused["someone@elsewhere.example"][0] == 554
    assert refused["someone@elsewhere.example"][1].startswith(b"5.7.1 ")

    # Delivered to alice, bounced for gone (its notice delivered to alice), deferred for full.
    deadline = time.monotonic() + WAIT_SECONDS
    expected = {"sent": 2, "bounced": 1, "deferred": 1}
    while time.monotonic() < deadline:
        statuses = _statuses(postfix.log)
        if {status: statuses.count(status) for status in expected} == expected:
            break
        time.sleep(0.25)
    postfix.stop()

    data = postfix.log.read_bytes()
    lines = data.count(b"\n") + (0 if data.endswith(b"\n") or not data else 1)
    summary = Scanner().scan([str(postfix.log)])
    result = summary.as_dict()

    assert result["lines"] == lines > 0
    assert result["recognized"] == lines, "every line Postfix writes is in a known frame"
    assert result["unrecognized"] == 0
    assert summary.files[0].format == "syslog postfix"
    assert result["by_status"] == expected
    assert summary.rejected == 2
    assert result["by_basic"] == {
        str(code): 1 for code, _ in refused.values()
    }, "the reply codes counted are the ones smtplib was given"
    assert set(summary.rejects_enhanced) == {"5.1.1", "5.7.1"}
    assert summary.reject_texts.counts == {
        "Recipient address rejected: User unknown in local recipient table": 1,
        "Relay access denied": 1,
    }
    assert summary.rejects_basic["550"].domains.counts == {"local.test": 1}
    assert summary.rejects_basic["554"].domains.counts == {"elsewhere.example": 1}
    assert result["by_enhanced"] == {"2.0.0": 2, "5.1.1": 2, "4.3.0": 1, "5.7.1": 1}
    assert summary.failures_enhanced["5.1.1"].by_status == {"bounced": 1}
    assert summary.failures_enhanced["5.1.1"].domains.counts == {"local.test": 1}
    assert summary.failures_enhanced["4.3.0"].by_status == {"deferred": 1}
    # Why, read from the words and codes of each line.
    assert summary.failure_reasons["userunknown"].by_status == {"bounced": 1}
    assert {name: stats.count for name, stats in summary.reject_reasons.items()} == {
        "userunknown": 1, "norelaying": 1,
    }

    # Problems: the same count as a plain search of the file finds.
    text = data.decode("utf-8", "replace")
    for severity in ("panic", "fatal", "error", "warning"):
        found = len(re.findall(
            rf"^\S+ +\d+ [\d:]+ \S+ postfix[^ ]*\[\d+\]: (?:[0-9A-F]+: )?{severity}: ",
            text, re.MULTILINE,
        ))
        assert summary.by_severity[severity] == found, severity

    # The command line says the same.
    command = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "scan", "--json", str(postfix.log)],
        capture_output=True, check=False, timeout=60,
    )
    assert command.returncode == 0, command.stderr
    assert json.loads(command.stdout)["by_status"] == expected
    filtered = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "scan", "--code", "5.7.1", str(postfix.log)],
        capture_output=True, check=False, timeout=60, text=True,
    )
    assert "Relay access denied" in filtered.stdout
    assert "rejected: 5.7.1 554 Delivery not authorized, message refused" in filtered.stdout
