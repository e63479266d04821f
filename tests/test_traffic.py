"""The traffic figures of `smtpcode scan`, counted as pflogsumm counts them.

Compared with Debian's pflogsumm on the same logs (CI installs it): the grand totals and the
rows per day. pflogsumm prints bytes in k or m above 512 KiB, and dates with a year it
guesses from today's date, so bytes are compared in its units and days by month and day.
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from smtpcodes.logs.formats import parse_line
from smtpcodes.logs.scanner import Scanner
from smtpcodes.logs.traffic import Traffic, client_domain

ROOT = Path(__file__).resolve().parent.parent
SHARED_LOG = ROOT.parent / "shared" / "corpus" / "maillog" / "postfix-logsums__mail.log.gz"
LOGS = [ROOT / "examples" / "maillog", ROOT / "tests" / "fixtures" / "logs" / "postfix.log"]
PFLOGSUMM = shutil.which("pflogsumm") or (
    "/usr/sbin/pflogsumm" if Path("/usr/sbin/pflogsumm").exists() else None)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def units(value: int) -> str:
    """A number as pflogsumm prints it: 27825k for 28493271."""
    if value > 536870912:
        return f"{value // 1048576}m"
    if value > 524288:
        return f"{value // 1024}k"
    return str(value)


def pflogsumm(path: Path) -> tuple[dict[str, str], dict[str, list[int]]]:
    """pflogsumm's grand totals (as printed) and rows per day ("03-14" -> five counts)."""
    assert PFLOGSUMM is not None
    data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
    done = subprocess.run(["perl", PFLOGSUMM, "--zero-fill"], input=data, capture_output=True,
                          check=True, timeout=300)
    text = done.stdout.decode("utf-8", "replace")
    totals = {}
    for value, name in re.findall(r"^ +([0-9]+[km]?) +([a-z][a-z /]+?)(?: +\(|$)", text,
                                  re.MULTILINE):
        totals.setdefault(name.strip(), value)
    days = {}
    for month, day, counts in re.findall(
            r"^ +([A-Z][a-z]{2}) +([0-9]{1,2}) [0-9]{4}((?: +[0-9]+){5}) *$", text, re.MULTILINE):
        days[f"{_MONTHS.index(month) + 1:02d}-{int(day):02d}"] = [int(n) for n in counts.split()]
    return totals, days


def ours(path: Path) -> dict[str, object]:
    return Scanner().scan([str(path)]).as_dict()


def compare(path: Path) -> None:
    theirs, their_days = pflogsumm(path)
    mine = ours(path)
    totals = mine["totals"]
    assert isinstance(totals, dict)
    expected = {
        "received": totals["received"], "delivered": totals["delivered"],
        "forwarded": totals["forwarded"], "deferred": totals["deferred"],
        "bounced": totals["bounced"], "rejected": totals["rejected"],
        "reject warnings": totals["reject_warnings"], "held": totals["held"],
        "discarded": totals["discarded"], "bytes received": totals["bytes_received"],
        "bytes delivered": totals["bytes_delivered"], "senders": totals["senders"],
        "sending hosts/domains": totals["sending_domains"], "recipients": totals["recipients"],
        "recipient hosts/domains": totals["recipient_domains"],
    }
    assert {name: theirs.get(name) for name in expected} == {
        name: units(int(value)) for name, value in expected.items()}
    by_day = mine["by_day"]
    assert isinstance(by_day, list)
    my_days = {row["date"][5:]: [row[column] for column in (
        "received", "delivered", "deferred", "bounced", "rejected")] for row in by_day}
    if len(their_days) > 1:  # pflogsumm prints the days only when there are several
        assert my_days == their_days


needs_pflogsumm = pytest.mark.skipif(PFLOGSUMM is None or shutil.which("perl") is None,
                                     reason="pflogsumm (Debian package pflogsumm) is missing")


@needs_pflogsumm
@pytest.mark.parametrize("path", LOGS, ids=lambda path: path.name)
def test_figures_agree_with_pflogsumm(path: Path) -> None:
    compare(path)


@needs_pflogsumm
@pytest.mark.skipif(not SHARED_LOG.exists(), reason="no ../shared corpus beside the project")
def test_figures_agree_with_pflogsumm_on_a_real_server_log() -> None:
    compare(SHARED_LOG)


def test_real_server_log_figures() -> None:
    """The figures pflogsumm 1.1.5 prints for the shared real log, checked by hand."""
    if not SHARED_LOG.exists():
        pytest.skip("no ../shared corpus beside the project")
    data = ours(SHARED_LOG)
    totals = data["totals"]
    assert isinstance(totals, dict)
    assert (totals["received"], totals["delivered"], totals["forwarded"], totals["bounced"],
            totals["rejected"], totals["rejected_percent"]) == (183, 361, 3, 1, 116, 24)
    assert (totals["bytes_received"], totals["bytes_delivered"]) == (28493271, 54135032)
    assert (totals["senders"], totals["sending_domains"], totals["recipients"],
            totals["recipient_domains"]) == (82, 56, 7, 7)


def lines(*texts: str) -> Traffic:
    traffic = Traffic()
    for text in texts:
        line = parse_line(text.encode())
        assert line is not None
        traffic.add(line)
    return traffic


def test_a_message_is_counted_the_way_pflogsumm_counts_it() -> None:
    traffic = lines(
        "Mar  1 10:00:00 mx postfix/smtpd[1]: A1: client=mail.example.com[192.0.2.1]",
        "Mar  1 10:00:01 mx postfix/qmgr[2]: A1: from=<Bob@Example.COM>, size=1000, nrcpt=2",
        "Mar  1 10:00:02 mx postfix/smtp[3]: A1: to=<x@d.example>, relay=mx.d.example[192.0.2.9]"
        ":25, delay=2.5, delays=0/0/1/1.5, dsn=4.4.1, status=deferred (connect timed out)",
        "Mar  1 10:30:02 mx postfix/qmgr[2]: A1: from=<Bob@Example.COM>, size=1000, nrcpt=2",
        "Mar  1 10:30:03 mx postfix/smtp[3]: A1: to=<x@d.example>, relay=mx.d.example[192.0.2.9]"
        ":25, delay=1802, delays=0/0/1/1, dsn=4.4.1, status=deferred (connect timed out)",
        "Mar  1 11:00:03 mx postfix/smtp[3]: A1: to=<x@d.example>, relay=mx.d.example[192.0.2.9]"
        ":25, delay=3603, delays=0/0/1/1, dsn=2.0.0, status=sent (250 ok)",
        "Mar  1 11:00:04 mx postfix/local[4]: A1: to=<me@here.example>, relay=local, delay=3604,"
        " delays=0/0/0/0, dsn=2.0.0, status=sent (forwarded as B2)",
        # a content filter's way back in: not a new message
        "Mar  1 10:00:03 mx postfix/10025/smtpd[5]: C3: client=localhost[127.0.0.1]",
        "Mar  1 12:00:00 mx postfix/pickup[6]: D4: uid=0 from=<root>",
        "Mar  1 12:00:01 mx postfix/qmgr[2]: D4: from=<root@here.example>, size=300, nrcpt=1",
    )
    totals = traffic.totals
    assert totals["received"] == 2  # smtpd and pickup; 10025/smtpd is the filter's return
    assert (totals["deferred"], totals["deferrals"]) == (1, 2)
    assert (totals["delivered"], totals["forwarded"]) == (1, 1)
    assert totals["bytes_received"] == 1300  # qmgr's repeated line counts once
    assert totals["bytes_delivered"] == 1000
    assert traffic.senders.count == {"Bob@example.com": 1, "root@here.example": 1}
    domain = traffic.delivery_domains["d.example"]
    assert (domain.sent, domain.defers, domain.delay_max) == (1, 2, 3603.0)


def test_client_domains_are_shortened_as_pflogsumm_does() -> None:
    assert client_domain("mail.example.com[192.0.2.1]") == "example.com"
    assert client_domain("a.foo.co.uk[192.0.2.1]") == "foo.co.uk"
    assert client_domain("host1.uhu-banane.de[192.0.2.1]") == "host1.uhu-banane.de"
    assert client_domain("unknown[192.0.2.1]") == "192.0.2.1"


def test_a_new_year_in_classic_timestamps_is_counted(tmp_path: Path) -> None:
    log = tmp_path / "maillog"
    log.write_text(
        "Dec 31 23:59:00 mx postfix/smtpd[1]: A1: client=a.example.com[192.0.2.1]\n"
        "Jan  1 00:01:00 mx postfix/smtpd[1]: A2: client=a.example.com[192.0.2.1]\n",
        encoding="utf-8")
    scanner = Scanner()
    scanner.summary.year = 2026
    data = scanner.scan([str(log)]).as_dict()
    assert [row["date"] for row in data["by_day"]] == ["2025-12-31", "2026-01-01"]


def test_cli_prints_the_traffic() -> None:
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "scan", "--year", "2026",
                           str(LOGS[1])], capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert "Traffic (counted as pflogsumm counts it)" in done.stdout
    assert "received 1, delivered 3" in done.stdout
    data = subprocess.run([sys.executable, "-m", "smtpcodes", "scan", "--json", "--year", "2026",
                           str(LOGS[1])], capture_output=True, text=True, check=True,
                          timeout=60).stdout
    assert '"date": "2026-03-14"' in data


def test_needs_attention_reads_from_the_administrators_side(tmp_path: Path) -> None:
    """Remote refusals of our own IP need attention; our own DNSBL refusals do not."""
    # Spamhaus refusals by this server: its anti-spam at work, nothing to do
    own = ("Mar  1 10:00:{0:02d} mx postfix/postscreen[1]: NOQUEUE: reject: RCPT from"
           " [198.51.100.{0}]:5000: 550 5.7.1 Service unavailable; client [198.51.100.{0}]"
           " blocked using zen.spamhaus.org; from=<a@b.example>, to=<c@here.example>,"
           " proto=ESMTP, helo=<x>\n")
    # our mail refused by another server that lists our IP (Spamhaus's wording, as Postfix
    # logs a remote refusal)
    remote = ("Mar  1 11:00:{0:02d} mx postfix/smtp[2]: A{0}: to=<u{0}@far.example>,"
              " relay=mx.far.example[192.0.2.9]:25, delay=1, delays=0/0/0.5/0.5, dsn=5.7.1,"
              " status=bounced (host mx.far.example[192.0.2.9] said: 554 5.7.1 Service"
              " unavailable; Client host [203.0.113.5] blocked using zen.spamhaus.org"
              " (in reply to RCPT TO command))\n")
    deferred = ("Mar  1 12:00:{0:02d} mx postfix/smtp[3]: B{0}: to=<v{0}@slow.example>,"
                " relay=mx.slow.example[192.0.2.10]:25, delay=30, delays=0/0/30/0, dsn=4.4.1,"
                " status=deferred (connect to mx.slow.example[192.0.2.10]:25: Connection timed"
                " out)\n")
    log = tmp_path / "maillog"
    log.write_text("".join(own.format(n) for n in range(20)), encoding="utf-8")
    assert ours(log)["attention"] == []
    log.write_text("".join(own.format(n) + remote.format(n) + deferred.format(n)
                           for n in range(6)), encoding="utf-8")
    attention = ours(log)["attention"]
    assert isinstance(attention, list)
    messages = [item["message"] for item in attention]
    assert any(item["severity"] == "high" and "6 deliveries refused" in item["message"]
               and "blocklist" in item["message"] and "far.example" in item["message"]
               for item in attention), messages
    assert any("slow.example were deferred 6 times" in message for message in messages)
    assert any("6 messages to far.example bounced" in message for message in messages)
    assert not any("postscreen" in message or "here.example" in message for message in messages)
    # the same findings, read by a French administrator
    french = subprocess.run([sys.executable, "-m", "smtpcodes", "--lang", "fr", "scan",
                             "--year", "2026", str(log)], capture_output=True, text=True,
                            check=True, timeout=60).stdout
    assert "refus de 6 distributions parce que" in french, french
    assert "liste de blocage" in french and "6 deliveries refused" not in french


def _comparable(value: object) -> object:
    """A scan's JSON without what names the files and lines read (parts have their own)."""
    if isinstance(value, dict):
        return {key: _comparable(item) for key, item in value.items()
                if key not in ("file", "line", "files", "state")}
    if isinstance(value, list):
        return [_comparable(item) for item in value]
    return value


def _scan_json(*paths: Path) -> dict[str, object]:
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "scan", "--json", "--year", "2026",
                           "--top", "3", *map(str, paths)], capture_output=True, check=True,
                          timeout=300)
    return json.loads(done.stdout)


@pytest.mark.parametrize("pieces", [2, 5])
@pytest.mark.parametrize("source", ["fixtures", "shared"])
def test_merging_the_parts_equals_scanning_the_whole(
    tmp_path: Path, pieces: int, source: str,
) -> None:
    if source == "shared":
        if not SHARED_LOG.exists():
            pytest.skip("no ../shared corpus beside the project")
        data = gzip.decompress(SHARED_LOG.read_bytes())
    else:
        # the fixture logs, in the order of their dates (a classic timestamp has no year: one
        # read after December in January would be taken for the next year)
        logs = ROOT / "tests" / "fixtures" / "logs"
        data = b"".join(path.read_bytes() for path in (
            logs / "postfix.log", logs / "sendmail.log", logs / "exim_mainlog",
            logs / "postfix-grok.log", ROOT / "examples" / "maillog"))
    whole = tmp_path / "whole.log"
    whole.write_bytes(data)
    lines = data.splitlines(keepends=True)
    # cut anywhere, also between a message's lines: what a part cannot settle, merge does
    cuts = [len(lines) * number // pieces for number in range(pieces + 1)]
    outputs = []
    for number in range(pieces):
        part = tmp_path / f"part{number}.log"
        part.write_bytes(b"".join(lines[cuts[number]:cuts[number + 1]]))
        output = tmp_path / f"part{number}.json"
        output.write_text(json.dumps(_scan_json(part)), encoding="utf-8")
        outputs.append(output)
    merged = subprocess.run([sys.executable, "-m", "smtpcodes", "merge", "--json", "--top", "3",
                             *map(str, outputs)], capture_output=True, check=True, timeout=300)
    assert _comparable(json.loads(merged.stdout)) == _comparable(_scan_json(whole))


def test_merge_refuses_what_is_no_summary(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"lines": 3}', encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "merge", str(bad)],
                          capture_output=True, text=True, check=False, timeout=60)
    assert done.returncode == 1
    assert "holds no summary" in done.stderr and "Traceback" not in done.stderr


def test_bars_are_plain_ascii_where_the_output_cannot_show_blocks(tmp_path: Path) -> None:
    log = tmp_path / "maillog"
    log.write_bytes((ROOT / "examples" / "maillog").read_bytes() + "".join(
        f"Dec  3 0{hour}:00:00 mx postfix/smtpd[1]: A{hour}: client=a.example.com[192.0.2.1]\n"
        for hour in range(5)).encode())
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "scan", str(log)],
                          capture_output=True, check=True, timeout=60,
                          env={"PYTHONIOENCODING": "ascii", "PATH": "", "COLUMNS": "100"})
    text = done.stdout.decode("ascii")  # nothing beyond ASCII
    assert "Per day" in text and "#" in text
