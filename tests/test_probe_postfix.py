"""``smtpcode probe`` against a real Postfix on loopback with STARTTLS, its certificate made
for the test: the transcript, the TLS report, an accepted and a refused recipient.

The Postfix is the throwaway instance of ``test_scan_postfix.py`` (root, Debian's postfix;
skipped without them on a developer's machine, failing under CI)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_scan_postfix import PostfixInstance, running_postfix

from smtpcodes.smtp.probe import EXIT_RCPT, Probe


def make_certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1 and localhost, valid for two days."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-keyout", str(key), "-out", str(cert), "-subj", "/CN=mx.smtpcodes.test",
                    "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
                   capture_output=True, check=True, timeout=60)
    key.chmod(0o600)
    return key, cert


@pytest.fixture(scope="module")
def postfix_tls() -> Iterator[tuple[PostfixInstance, Path]]:
    certificate: list[Path] = []

    def with_tls(instance: PostfixInstance) -> None:
        key, cert = make_certificate(instance.config)
        certificate.append(cert)
        instance.postconf("-e", f"smtpd_tls_cert_file = {cert}",
                          f"smtpd_tls_key_file = {key}", "smtpd_tls_security_level = may")

    missing = None if shutil.which("openssl") else "openssl is not installed"
    for instance in running_postfix(with_tls, missing):
        yield instance, certificate[0]


def test_probe_of_a_real_postfix_with_starttls(postfix_tls: tuple[PostfixInstance, Path]) -> None:
    instance, cert = postfix_tls
    result = Probe("127.0.0.1", instance.port, ehlo_name="client.test",
                   sender="alice@local.test", recipients=("alice@local.test",
                                                          "nobody@local.test"),
                   timeout=60, ca_file=str(cert)).run()
    stages = [exchange.stage for exchange in result.exchanges]
    assert stages == ["greeting", "ehlo", "starttls", "ehlo", "mail", "rcpt", "rcpt", "rset",
                      "quit"], result.error
    assert result.exchanges[0].lines[0].startswith("220 mx.smtpcodes.test ESMTP")
    tls = result.tls
    assert tls is not None and tls.verified and tls.matches_host, tls and tls.as_dict()
    assert tls.protocol and tls.protocol.startswith("TLS")
    assert "127.0.0.1" in tls.names and "mx.smtpcodes.test" in (tls.subject or "")
    accepted, refused = result.exchanges[5], result.exchanges[6]
    assert accepted.code == 250
    assert refused.code == 550 and refused.explanation is not None
    assert refused.explanation.reason is not None
    assert refused.explanation.reason.name == "userunknown"
    assert result.status == EXIT_RCPT
    # after STARTTLS the EHLO reply is read as on an encrypted connection: no warning about
    # passwords in clear, and STARTTLS itself is no longer offered
    assert result.ehlo is not None and result.ehlo.offer("STARTTLS") is None


def test_an_untrusted_certificate_stops_the_probe(
    postfix_tls: tuple[PostfixInstance, Path],
) -> None:
    instance, _ = postfix_tls
    result = Probe("127.0.0.1", instance.port, timeout=60).run()
    assert result.failed == "starttls" and result.tls is not None
    assert result.tls.verified is False
    assert "does not verify" in (result.tls.error or "")
    insecure = Probe("127.0.0.1", instance.port, timeout=60, verify=False).run()
    assert insecure.failed is None and insecure.tls is not None
    assert insecure.tls.verified is None and insecure.tls.protocol
