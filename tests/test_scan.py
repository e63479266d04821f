"""smtpcode scan: whole logs read, every line counted, codes grouped and explained.

Fixtures in tests/fixtures/logs (see tests/fixtures/README.md): postfix.log, exim_mainlog and
sendmail.log are written by hand in the formats these servers log; postfix-grok.log holds
the real Postfix messages of whyscream/postfix-grok-patterns' test data (BSD 3-Clause), each
given a syslog frame.
"""

from __future__ import annotations

import bz2
import gzip
import importlib
import json
import lzma
import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import smtpcodes
from smtpcodes.logs import formats, scanner
from smtpcodes.logs.files import BLOCK_SIZE, Blocks, order_rotated
from smtpcodes.logs.filters import Filters, time_bound
from smtpcodes.logs.scanner import Scanner
from smtpcodes.logs.summary import KINDS, Summary, Tally, describe

LOGS = Path(__file__).resolve().parent / "fixtures" / "logs"
POSTFIX = LOGS / "postfix.log"
EXIM = LOGS / "exim_mainlog"
SENDMAIL = LOGS / "sendmail.log"
GROK = LOGS / "postfix-grok.log"
ALL_FIXTURES = (POSTFIX, EXIM, SENDMAIL, GROK)


def run_scan(
    *paths: Path | str, jobs: int = 1, codes: tuple[str, ...] | list[str] = (),
    statuses: tuple[str, ...] | list[str] = (), since: str | None = None,
    until: str | None = None,
) -> Summary:
    chosen = Filters(codes, statuses, since, until) if codes or statuses or since or until else None
    return Scanner(chosen, jobs=jobs).scan([str(path) for path in paths])


def cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "smtpcodes", *args], input=stdin, capture_output=True,
        timeout=120, check=False,
    )


def assert_accounted(summary: Summary | dict[str, object]) -> None:
    data = summary.as_dict() if isinstance(summary, Summary) else summary
    assert data["lines"] == int(str(data["recognized"])) + int(str(data["unrecognized"]))
    by_kind = data["by_kind"]
    assert isinstance(by_kind, dict)
    assert sum(by_kind.values()) == data["recognized"]
    assert all(count >= 0 for count in by_kind.values())
    unknown = data["unrecognized_kinds"]
    assert isinstance(unknown, dict)
    assert sum(unknown.values()) == data["unrecognized"]


# -- what the fixtures say ---------------------------------------------------------------------

def test_postfix_log_counts() -> None:
    summary = run_scan(POSTFIX)
    data = summary.as_dict()
    assert data["lines"] == 34 == POSTFIX.read_bytes().count(b"\n")
    assert data["recognized"] == 34
    assert data["by_kind"] == {
        "delivery": 9, "reject": 6, "reject_warning": 2, "problem": 7, "received": 1,
        "queued": 1, "hold": 0, "discard": 0, "other": 8,
    }
    assert data["by_status"] == {"sent": 3, "bounced": 3, "deferred": 2, "expired": 1}
    assert data["by_enhanced"] == {
        "2.0.0": 3, "5.7.1": 4, "4.7.1": 2, "5.1.1": 2, "4.4.1": 1, "5.2.2": 1, "5.4.4": 1,
    }
    assert data["by_basic"] == {"550": 3, "250": 2, "450": 1, "451": 1, "552": 1, "554": 1}
    # cleanup's "warning: header ..." is a header check's WARN action: a reject warning
    assert data["by_severity"] == {"panic": 1, "fatal": 1, "error": 1, "warning": 4}
    assert data["reject_warnings"] == 2
    assert_accounted(data)


def test_postfix_failures_name_their_hosts_domains_and_meaning() -> None:
    summary = run_scan(POSTFIX)
    bounced = summary.failures_enhanced["5.1.1"]
    assert bounced.by_status == {"bounced": 1}
    assert bounced.hosts.counts == {"mx.example.net": 1}
    assert bounced.domains.counts == {"example.net": 1}
    assert summary.failures_enhanced["5.4.4"].hosts.counts == {}, "relay=none is no host"
    assert summary.failures_enhanced["5.4.4"].domains.counts == {"gone.example": 1}
    assert summary.failures_basic["451"].by_status == {"deferred": 1}
    assert summary.failures_without_code == 1, "status=expired carries no code"
    described = describe("5.1.1")
    assert described["title"] == "Bad destination mailbox address"
    assert described["class"] == "permanent"
    assert described["action"]
    failures = summary.as_dict()["failures"]
    assert isinstance(failures, dict)
    first = failures["by_enhanced"][0]
    assert first["code"][0] == "5", "permanent failures come first"
    example = summary.failures_enhanced["5.1.1"].example
    assert example is not None and example.line == 10 and "said: 550 5.1.1" in example.text


def test_postfix_rejections_by_code_reason_and_client() -> None:
    summary = run_scan(POSTFIX)
    assert summary.rejected == 6
    assert set(summary.rejects_basic) == {"550", "554", "450"}
    assert summary.rejects_enhanced["5.7.1"].count == 4
    assert summary.rejects_basic["550"].clients.counts == {"203.0.113.50": 1, "198.51.100.66": 1}
    assert summary.reject_texts.counts == {
        "Recipient address rejected: User unknown in local recipient table": 1,
        "Relay access denied": 1,
        "Service unavailable; client […] blocked using zen.spamhaus.org": 1,
        "Helo command rejected: Host not found": 1,
        "Blocked by SpamAssassin": 1,
        "message content rejected": 1,
    }
    assert summary.rejects_enhanced["5.7.1"].by_status == {
        "RCPT": 2, "END-OF-MESSAGE": 1, "HEADER": 1,
    }


def test_postfix_problems_grouped_with_examples() -> None:
    summary = run_scan(POSTFIX)
    warnings = summary.problems["warning"]
    assert warnings.count == 4
    sasl = "smtpd: host[…]: SASL LOGIN authentication failed: UGFzc3dvcmQ6"
    assert warnings.messages.counts[sasl] == 2
    assert [example.line for example in warnings.first] == [24, 25, 26]
    assert summary.problems["panic"].first[0].text.endswith("corrupt or unallocated memory block")


def test_exim_mainlog() -> None:
    summary = run_scan(EXIM)
    data = summary.as_dict()
    assert data["lines"] == 10 == data["recognized"]
    assert data["by_status"] == {"deferred": 2, "sent": 2, "bounced": 1}
    assert data["by_basic"] == {"250": 1, "451": 1, "535": 1, "550": 1}
    assert data["by_enhanced"] == {"2.0.0": 1, "4.7.1": 1, "5.1.1": 1}
    assert summary.by_kind["reject"] == 2
    assert summary.reject_texts.counts == {
        "relay not permitted": 1, "Incorrect authentication data (set_id=…)": 1,
    }
    assert summary.rejects_basic["535"].clients.counts == {"203.0.113.10": 1}
    assert summary.failures_enhanced["5.1.1"].hosts.counts == {"mx.example.net": 1}
    assert summary.files[0].format == "exim exim"


def test_sendmail_log() -> None:
    summary = run_scan(SENDMAIL)
    data = summary.as_dict()
    assert data["lines"] == 7 == data["recognized"]
    assert data["by_status"] == {"deferred": 2, "bounced": 1, "sent": 1}
    assert data["by_basic"] == {"451": 1, "550": 1}
    assert data["by_enhanced"] == {"2.0.0": 1, "4.0.0": 1, "4.7.1": 1, "5.1.1": 1, "5.7.1": 1}
    assert summary.reject_texts.counts == {"Relaying denied": 1}
    assert summary.rejects_basic["550"].clients.counts == {"dyn.isp.example": 1}
    assert summary.failures_enhanced["5.1.1"].hosts.counts == {"mx.example.net": 1}


def test_iso_timestamps_read_like_classic_ones(tmp_path: Path) -> None:
    """rsyslog's high-precision format and journalctl -o short-iso write ISO 8601 stamps."""
    months = {"Mar": "03"}
    iso = re.sub(
        rb"^(Mar) (\d\d) (\d\d:\d\d:\d\d)",
        lambda match: b"2024-" + months[match.group(1).decode()].encode() + b"-"
        + match.group(2) + b"T" + match.group(3) + b".123456+01:00",
        POSTFIX.read_bytes(), flags=re.MULTILINE,
    )
    assert iso.count(b"T10:") == 34
    classic = run_scan(POSTFIX).as_dict()
    summary = scan_bytes(tmp_path, iso)
    data = summary.as_dict()
    for key in ("lines", "recognized", "by_kind", "by_status", "by_enhanced", "by_basic",
                "by_severity"):
        assert data[key] == classic[key], key
    assert summary.files[0].format == "iso postfix"
    chosen = Filters(since=time_bound("2024-03-14 10:15"))
    since = Scanner(chosen).scan([str(tmp_path / "mail.log")])
    assert since.matched == 4


def test_exim_through_syslog(tmp_path: Path) -> None:
    lines = [
        b"Mar 14 12:01:00 mx exim[4242]: 2024-03-14 12:01:00 1rkXzA-000BcD-2E ** nobody@example.net"
        b" R=dnslookup T=remote_smtp H=mx.example.net [192.0.2.25]: SMTP error from remote mail"
        b" server after RCPT TO:<nobody@example.net>: 550 5.1.1 User unknown",
        b"Mar 14 12:02:00 mx exim4[4243]: 1rkXzB-000CdE-3F => bob@example.net R=dnslookup"
        b' T=remote_smtp H=mx.example.net [192.0.2.25] C="250 OK"',
        b"Mar 14 12:03:00 mx exim[4244]: 2024-03-14 12:03:00 H=(x) [203.0.113.9]"
        b" F=<a@b.example> rejected RCPT <c@d.example>: relay not permitted",
        b"Mar 14 12:04:00 mx exim[4245]: 2024-03-14 12:04:00 Start queue run: pid=1",
    ]
    summary = scan_bytes(tmp_path, b"\n".join(lines) + b"\n")
    assert summary.by_status == {"bounced": 1, "sent": 1}
    assert summary.by_basic == {"550": 1, "250": 1}
    assert summary.rejected == 1
    assert summary.kinds["delivery"] == 2
    assert summary.by_kind["other"] == 1


def test_grok_messages_against_plain_counts() -> None:
    """Counts over real Postfix messages, checked against plain substring counts."""
    text = GROK.read_text(encoding="utf-8").splitlines()
    summary = run_scan(GROK)
    for status in ("sent", "bounced", "deferred", "expired"):
        expected = sum(1 for line in text if f"status={status}" in line)
        assert summary.by_status.get(status, 0) == expected, status
    reject = re.compile(r"\]: (?:NOQUEUE|[0-9A-F]+): (?:milter-|proxy-)?reject:")
    rejects = sum(1 for line in text if reject.search(line))
    assert summary.rejected == rejects
    # cleanup's "warning: header|body" lines are header checks' WARN actions: reject warnings
    warnings = sum(1 for line in text if re.search(r"\]: (?:[0-9A-F]+: )?warning: ", line)
                   and not re.search(r"/cleanup\[\d+\]: [0-9A-F]+: warning: (?:header|body) ",
                                     line))
    assert summary.by_severity["warning"] == warnings
    assert summary.by_status["undeliverable-but-not-cached"] == 1
    assert_accounted(summary)


@pytest.mark.parametrize("path", ALL_FIXTURES, ids=lambda path: path.name)
def test_codes_agree_with_parse(path: Path) -> None:
    """The scanner's quick reading of a reply finds the codes ``smtpcodes.parse`` finds."""
    for raw in path.read_bytes().splitlines():
        line = formats.parse_line(raw)
        if line is None or line.kind not in ("delivery", "reject", "reject_warning"):
            continue
        try:
            reply = smtpcodes.parse(line.reply or "")
            basic = None if reply.basic is None else int(reply.basic)
            enhanced = None if reply.enhanced is None else str(reply.enhanced)
        except smtpcodes.SMTPCodeError:
            basic = enhanced = None
        assert line.basic == basic, raw
        if "dsn=" not in line.message:  # dsn= is the server's own verdict and decides
            assert line.enhanced == enhanced, raw


# -- every line counted ------------------------------------------------------------------------

def scan_bytes(tmp_path: Path, data: bytes, block_size: int = BLOCK_SIZE) -> Summary:
    path = tmp_path / "mail.log"
    path.write_bytes(data)
    return Scanner(block_size=block_size).scan([str(path)])


@pytest.mark.parametrize(("data", "lines"), [
    (b"", 0),
    (b"\n", 1),
    (b"\n\n\n", 3),
    (b"no line break at the end", 1),
    (b"one\ntwo", 2),
    (b"one\rstill one\n", 1),
    (b"crlf\r\nline\r\n", 2),
    (b"\r\r\r", 1),
])
def test_line_breaks(tmp_path: Path, data: bytes, lines: int) -> None:
    summary = scan_bytes(tmp_path, data)
    assert summary.lines == lines
    assert summary.files[0].unterminated == (bool(data) and not data.endswith(b"\n"))
    assert_accounted(summary)


def test_crlf_lines_are_recognized(tmp_path: Path) -> None:
    data = POSTFIX.read_bytes().replace(b"\n", b"\r\n")
    summary = scan_bytes(tmp_path, data)
    assert summary.recognized == 34
    assert summary.by_status == {"sent": 3, "bounced": 3, "deferred": 2, "expired": 1}


def test_junk_is_counted_never_fatal(tmp_path: Path) -> None:
    junk = (
        b"\n"                                   # blank
        + b"\x00\x01\x02binary\xff\xfe\n"       # binary and not UTF-8
        + b"caf\xe9 latin-1 text\n"             # not UTF-8
        + b"--- log rotated ---\n"              # text
        + POSTFIX.read_bytes().splitlines(keepends=True)[9].replace(b"nobody", b"n\xf6body")
        + b"Mar 14 10:20:00 mx1 postfix/smtpd[1]: truncated last line without its end"
    )
    summary = scan_bytes(tmp_path, junk)
    assert summary.lines == 6
    assert summary.unrecognized == 4
    assert summary.unrecognized_kinds == {"blank": 1, "binary": 1, "text": 2}
    assert summary.files[0].invalid_utf8 == 3
    assert summary.files[0].unterminated
    assert summary.by_status == {"bounced": 1}, "a delivery line with a bad byte still counts"
    assert [example.line for example in summary.unrecognized_examples] == [2, 3, 4]
    assert_accounted(summary)


def test_long_lines_are_cut_but_counted(tmp_path: Path) -> None:
    long_line = b"Mar 14 10:20:00 mx1 postfix/smtpd[1]: warning: " + b"x" * 300_000 + b"\n"
    data = long_line + POSTFIX.read_bytes() + b"y" * 200_000
    summary = scan_bytes(tmp_path, data, block_size=4096)
    assert summary.lines == 1 + 34 + 1
    assert summary.files[0].long_lines == 2
    assert summary.by_severity["warning"] == 5
    assert summary.unrecognized == 1
    assert_accounted(summary)


@settings(max_examples=60, deadline=None)
@given(
    picks=st.lists(st.integers(min_value=0, max_value=10_000), max_size=60),
    junk=st.lists(st.binary(max_size=40), max_size=10),
    block_size=st.integers(min_value=1, max_value=300),
    end_with_break=st.booleans(),
)
def test_blocks_agree_with_line_by_line(
    tmp_path_factory: pytest.TempPathFactory, picks: list[int], junk: list[bytes],
    block_size: int, end_with_break: bool,
) -> None:
    """Whatever the lines and block boundaries, the block scan counts what reading each line
    alone counts."""
    pool = [line for path in ALL_FIXTURES for line in path.read_bytes().split(b"\n") if line]
    lines = [pool[pick % len(pool)] for pick in picks]
    lines += [piece.replace(b"\n", b" ") for piece in junk]
    lines.sort(key=lambda line: hash(line) % 7)
    data = b"\n".join(lines) + (b"\n" if end_with_break and lines else b"")
    assume(not data.startswith((b"\x1f\x8b\x08", b"BZh", b"\xfd7zXZ\x00")))
    path = tmp_path_factory.mktemp("blocks") / "mail.log"
    path.write_bytes(data)
    summary = Scanner(block_size=block_size).scan([str(path)])
    expected_lines = data.count(b"\n") + (1 if data and not data.endswith(b"\n") else 0)
    assert summary.lines == expected_lines
    parsed = [formats.parse_line(line) for line in data.split(b"\n")[:expected_lines]]
    assert summary.unrecognized == sum(1 for line in parsed if line is None)
    for kind in KINDS:
        assert summary.kinds[kind] == sum(1 for line in parsed if line and line.kind == kind)
    assert_accounted(summary)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(
    st.binary(max_size=30),
    st.text(max_size=30).map(lambda text: text.encode("utf-8")),
    st.integers(min_value=0, max_value=20_000).map(lambda size: b"a" * size),
), max_size=40))
def test_invalid_utf8_lines_counted_one_by_one(pieces: list[bytes]) -> None:
    lines = [piece.replace(b"\n", b" ") for piece in pieces]
    expected = 0
    for line in lines:
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            expected += 1
    assert scanner._invalid_utf8_lines(b"\n" + b"\n".join(lines)) == expected


def test_blocks_hold_whole_lines() -> None:
    import io

    data = b"a\nbb\n\nccc\nunterminated"
    blocks = Blocks(io.BytesIO(data), block_size=3)
    joined = b"".join(blocks)
    assert joined == b"\n" + data
    assert joined.count(b"\n") == 5
    assert blocks.unterminated


# -- inputs ------------------------------------------------------------------------------------

@pytest.mark.parametrize(("suffix", "compress"), [
    (".gz", gzip.compress), (".bz2", bz2.compress), (".xz", lzma.compress),
])
def test_compressed_inputs_are_detected_by_content(
    tmp_path: Path, suffix: str, compress: Callable[[bytes], bytes],
) -> None:
    plain = run_scan(POSTFIX).as_dict()
    path = tmp_path / "archive.1"  # no telling suffix: the first bytes decide
    path.write_bytes(compress(POSTFIX.read_bytes()))
    summary = Scanner().scan([str(path)])
    data = summary.as_dict()
    for key in ("lines", "recognized", "by_status", "by_enhanced", "by_basic", "by_severity"):
        assert data[key] == plain[key]
    assert summary.files[0].compression == {".gz": "gzip", ".bz2": "bzip2", ".xz": "xz"}[suffix]


def test_rotated_sets_are_read_oldest_first() -> None:
    names = ["mail.log", "mail.log.1", "other.log", "mail.log.3.gz", "mail.log.2.gz"]
    assert order_rotated(names) == [
        "mail.log.3.gz", "mail.log.2.gz", "other.log", "mail.log.1", "mail.log",
    ]
    dated = ["maillog", "maillog-20240302.gz", "maillog-20240301"]
    assert order_rotated(dated) == ["maillog-20240301", "maillog-20240302.gz", "maillog"]


def test_several_files_add_up(tmp_path: Path) -> None:
    compressed = tmp_path / "mail.log.1.gz"
    compressed.write_bytes(gzip.compress(POSTFIX.read_bytes()))
    summary = run_scan(POSTFIX, compressed, EXIM)
    assert summary.lines == 34 + 34 + 10
    assert summary.by_status["sent"] == 3 + 3 + 2
    assert [stats.lines for stats in summary.files] == [34, 34, 10]
    assert_accounted(summary)


def test_truncated_gzip_is_reported_with_what_was_read(tmp_path: Path) -> None:
    data = gzip.compress(POSTFIX.read_bytes() * 200)
    path = tmp_path / "cut.gz"
    path.write_bytes(data[: len(data) // 2])
    scanner = Scanner(block_size=4096)
    summary = scanner.scan([str(path)])
    assert len(scanner.errors) == 1
    assert str(path) in scanner.errors[0]
    assert 0 < summary.lines < 34 * 200
    assert_accounted(summary)


def test_parallel_ranges_give_the_same_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
) -> None:
    big = tmp_path / "big.log"
    pieces = [path.read_bytes() for path in ALL_FIXTURES] * 20
    big.write_bytes(b"".join(pieces) + b"unterminated")
    single = run_scan(big).as_dict()
    monkeypatch.setattr(scanner, "PARALLEL_MIN_BYTES", 0)
    parallel = run_scan(big, jobs=3).as_dict()
    assert parallel == single
    assert single["lines"] == sum(piece.count(b"\n") for piece in pieces) + 1


# -- bounded memory ----------------------------------------------------------------------------

def test_tallies_are_bounded() -> None:
    tally = Tally()
    for number in range(Tally.LIMIT * 3):
        tally.add(f"host{number}")
    assert len(tally) == Tally.LIMIT + 1
    assert sum(tally.counts.values()) == Tally.LIMIT * 3
    assert tally.counts[Tally.OTHERS] == Tally.LIMIT * 2


def test_many_distinct_clients_keep_memory_bounded(tmp_path: Path) -> None:
    line = ("Mar 14 10:08:00 mx1 postfix/smtpd[1211]: NOQUEUE: reject: RCPT from"
            " host{0}.example[192.0.2.1]: 550 5.1.1 <u{0}@example.org>: Recipient address"
            " rejected: User unknown; from=<a@b.example> to=<u{0}@d{0}.example> proto=ESMTP"
            " helo=<x>\n")
    data = "".join(line.format(number) for number in range(5000)).encode()
    summary = scan_bytes(tmp_path, data)
    stats = summary.rejects_basic["550"]
    assert stats.count == 5000
    assert len(stats.clients) == Tally.LIMIT + 1
    assert len(stats.domains) == Tally.LIMIT + 1
    assert len(summary.reject_texts) == 1, "addresses are masked out of the texts"


# -- filters -----------------------------------------------------------------------------------

def test_filter_by_code_status_and_time() -> None:
    assert run_scan(POSTFIX, codes=["5.1.1"]).matched == 2
    assert run_scan(POSTFIX, codes=["550"]).matched == 3
    assert run_scan(POSTFIX, statuses=["deferred"]).matched == 2
    assert run_scan(POSTFIX, statuses=["rejected"]).matched == 6
    assert run_scan(POSTFIX, statuses=["warning", "panic"]).matched == 5
    window = run_scan(
        POSTFIX, since=time_bound("03-14 10:02"), until=time_bound("03-14 10:05", True),
    )
    assert window.matched == 4
    assert window.by_status == {"bounced": 2, "deferred": 2}
    both = run_scan(POSTFIX, codes=["5.7.1"], statuses=["rejected"])
    assert both.matched == 4


def test_time_bounds() -> None:
    assert time_bound("2024-03-14") == "2024-03-14 00:00:00"
    assert time_bound("2024-03-14", end=True) == "2024-03-14 23:59:59"
    assert time_bound("2024-03-14 12:05") == "2024-03-14 12:05:00"
    assert time_bound("2024-03-14T12:05:06") == "2024-03-14 12:05:06"
    with pytest.raises(ValueError, match="yesterday"):
        time_bound("yesterday")
    exim = run_scan(
        EXIM, since=time_bound("2024-03-14 12:02"), until=time_bound("2024-03-14 12:04:59"),
    )
    assert exim.matched == 3
    yearless = run_scan(POSTFIX, since=time_bound("2031-03-14 10:15"))
    assert yearless.matched == 4, "classic syslog has no year: month, day and time compare"


# -- the command line --------------------------------------------------------------------------

def test_cli_json_is_the_summary() -> None:
    result = cli("scan", "--json", str(POSTFIX), str(EXIM))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["lines"] == 44
    assert data["by_status"] == {"sent": 5, "deferred": 4, "bounced": 4, "expired": 1}
    assert set(data["by_severity"]) == {"panic", "fatal", "error", "warning"}
    assert_accounted(data)
    assert result.stderr == b""


def test_cli_text_most_serious_first() -> None:
    result = cli("scan", str(POSTFIX))
    assert result.returncode == 0
    text = result.stdout.decode()
    order = [text.index(marker) for marker in (
        "Problems reported by Postfix", "panic: 1", "warning: 4", "Deliveries: 9",
        "Bounced, expired and deferred, by reason",
        "Bounced, expired and deferred, by enhanced status code",
        "Rejected at SMTP time: 6",
        "Lines: 34 =",
    )]
    assert order == sorted(order)
    assert "Bad destination mailbox address" in text
    assert "What to do:" in text
    assert "mx.example.net (1)" in text


def test_cli_reads_standard_input() -> None:
    result = cli("scan", "--json", stdin=gzip.compress(POSTFIX.read_bytes()))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["lines"] == 34
    assert data["files"][0]["name"] == "<stdin>"
    assert data["files"][0]["compression"] == "gzip"


def test_cli_unreadable_file_exits_1_and_names_it(tmp_path: Path) -> None:
    missing = tmp_path / "nope.log"
    result = cli("scan", "--json", str(missing), str(POSTFIX))
    assert result.returncode == 1
    assert str(missing).encode() in result.stderr
    assert b"Traceback" not in result.stderr
    data = json.loads(result.stdout)
    assert data["lines"] == 34, "the readable file is still summed up"
    assert data["files"][0]["error"]
    directory = cli("scan", str(tmp_path))
    assert directory.returncode == 1
    assert str(tmp_path).encode() in directory.stderr


@pytest.mark.parametrize("args", [
    ["--code", "9.9.9"], ["--code", "nonsense"], ["--since", "yesterday"], ["--top", "0"],
])
def test_cli_usage_errors_exit_2(args: list[str]) -> None:
    result = cli("scan", *args, str(POSTFIX))
    assert result.returncode == 2
    assert result.stdout == b""
    assert b"Traceback" not in result.stderr


def test_cli_filters_print_lines_with_explanations() -> None:
    result = cli("scan", "--code", "5.1.1", str(POSTFIX))
    assert result.returncode == 0
    text = result.stdout.decode()
    assert f"{POSTFIX}:10: " in text
    assert f"{POSTFIX}:17: " in text
    assert "bounced: 5.1.1 550 Bad destination mailbox address" in text
    assert "rejected: 5.1.1 550 Bad destination mailbox address" in text
    words = " ".join(text.split())
    assert "Filtered by --code 5.1.1: the sections below count the 2 lines that matched" in words
    assert "(of which 2 matched the filters)" in words


def test_cli_filters_json() -> None:
    result = cli("scan", "--json", "--status", "deferred", str(POSTFIX))
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [match["line"] for match in data["matches"]] == [12, 14]
    assert data["matches"][0]["enhanced"] == "4.7.1"
    assert data["matched"] == 2
    assert data["by_status"] == {"deferred": 2}
    assert data["lines"] == 34, "lines counts every line read, matched or not"
    assert_accounted(data)


def test_scan_does_not_load_on_the_explain_path() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from smtpcodes.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['explain', '4.2.2'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('smtpcodes.logs')"
        " or m == 'smtpcodes.cli.scan'))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


def test_progress_only_on_a_terminal(tmp_path: Path) -> None:
    env = dict(os.environ)
    result = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "scan", str(POSTFIX)], capture_output=True,
        env=env, check=False,
    )
    assert result.stderr == b"", "no progress when standard error is not a terminal"


# -- reasons -----------------------------------------------------------------------------------

def _by_reason(table: list[dict[str, object]]) -> dict[object, dict[str, object]]:
    return {row["reason"]: row for row in table}


def test_failures_are_grouped_by_reason_with_domains_and_statuses() -> None:
    data = run_scan(POSTFIX).as_dict()
    failures = _by_reason(data["failures"]["by_reason"])
    assert failures["userunknown"]["count"] == 1
    assert failures["userunknown"]["by_status"] == {"bounced": 1}
    assert failures["userunknown"]["domains"] == {"example.net": 1}
    assert failures["userunknown"]["remedies"] == {"suppress_recipient": 1}
    assert failures["mailboxfull"]["codes"] == {"552 5.2.2": 1}
    assert failures["hostunknown"]["title"] == "Recipient domain not found"
    assert failures["networkerror"]["by_status"] == {"deferred": 1}
    # every failed delivery is in exactly one reason group
    assert sum(row["count"] for row in data["failures"]["by_reason"]) == data["failures"]["count"]


def test_rejections_are_grouped_by_reason_and_by_their_words() -> None:
    data = run_scan(POSTFIX).as_dict()
    rejections = data["rejections"]
    by_reason = _by_reason(rejections["by_reason"])
    assert by_reason["blocked"]["count"] == 2
    assert "198.51.100.66" in by_reason["blocked"]["clients"]
    assert by_reason["spamdetected"]["remedies"] == {"change_message": 2}
    assert sum(row["count"] for row in rejections["by_reason"]) == rejections["count"]
    assert sum(rejections["by_text"].values()) == rejections["count"]


def test_a_wording_is_read_once_and_the_provider_comes_from_the_relay(tmp_path: Path) -> None:
    # Gmail's DMARC refusal, from sisimai/set-of-emails:maildir/bsd/lhost-dragonfly-01.eml,
    # written on one line as Postfix logs it; the relay names the provider, the text no host.
    reply = ("550-5.7.26 Unauthenticated email from example.jp is not accepted due to domain's"
             " 550-5.7.26 DMARC policy. Please contact the administrator of example.jp domain if"
             " 550-5.7.26 this was a legitimate mail.")
    line = ("Mar 14 10:0{0}:00 mx1 postfix/smtp[120{0}]: 6B7C8D9E0{0}: to=<u{0}@gmail.com>,"
            " relay=gmail-smtp-in.l.google.com[142.250.1.2{0}]:25, delay=1, delays=0/0/0.5/0.5,"
            " dsn=5.7.26, status=bounced (host gmail-smtp-in.l.google.com[142.250.1.2{0}] said:"
            " {1} (in reply to end of DATA command))\n")
    data = "".join(line.format(number, reply) for number in range(5)).encode()
    reasons_module = importlib.import_module("smtpcodes.logs.reasons")
    reader = reasons_module.LineReader()
    reasons_module._shared[:] = [reader]
    try:
        summary = scan_bytes(tmp_path, data)
    finally:
        reasons_module._shared.clear()
    row = _by_reason(summary.as_dict()["failures"]["by_reason"])["authfailure"]
    assert row["count"] == 5
    assert row["vendors"] == {"google": 5}
    assert reader.readings == 1, "the same wording with other addresses is read once"


def test_relay_alone_names_the_provider() -> None:
    from smtpcodes.logs.formats import LogLine
    from smtpcodes.logs.reasons import LineReader

    line = LogLine("syslog", "Mar 14 10:00:00", "mx1", "postfix/smtp", "")
    line.kind, line.status = "delivery", "deferred"
    line.relay = "mx01.mail.icloud.com[17.57.154.33]:25"
    line.basic, line.enhanced = 421, "4.7.0"
    line.reply = "421 4.7.0 Too many connections, try again later"
    found = LineReader().read(line)
    assert found.vendor == "apple"
    assert found.reason == "ratelimited"


def test_matched_lines_say_why_for_whoever_acts() -> None:
    result = cli("scan", "--code", "5.7.1", str(POSTFIX))
    text = result.stdout.decode()
    assert "Reason: Sending server refused (blocked)" in text
    # a rejection by this server: the advice is its administrator's
    assert "Your block works as configured" in " ".join(text.split())


def test_a_reader_going_away_is_not_an_input_error(tmp_path: Path) -> None:
    big = tmp_path / "big.log"
    big.write_bytes(POSTFIX.read_bytes() * 2000)
    done = subprocess.Popen([sys.executable, "-m", "smtpcodes", "scan", "--status", "sent",
                             str(big)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert done.stdout is not None and done.stderr is not None
    done.stdout.readline()
    done.stdout.close()  # as `| head -1` does
    err = done.stderr.read().decode()
    assert done.wait(timeout=60) == 0
    assert "cannot read" not in err and "Broken pipe" not in err and "Traceback" not in err


def test_jsonl_gives_one_event_a_line_with_every_key() -> None:
    from smtpcodes.logs.events import KEYS

    result = cli("scan", "--jsonl", "--year", "2026", str(POSTFIX))
    assert result.returncode == 0, result.stderr
    events = [json.loads(line) for line in result.stdout.decode().splitlines()]
    summary = run_scan(POSTFIX).as_dict()
    kinds = summary["by_kind"]
    assert isinstance(kinds, dict)
    assert len(events) == sum(kinds[kind] for kind in (
        "delivery", "reject", "reject_warning", "hold", "discard", "problem"))
    assert all(tuple(event) == KEYS for event in events)
    first = events[0]
    assert first["ts"] == "2026-03-14T10:00:02" and first["event"] == "delivery"
    assert first["from"] == "alice@gmail.com", "the sender comes from the queue's own line"
    bounced = next(event for event in events if event["enhanced"] == "5.1.1"
                   and event["event"] == "delivery")
    assert (bounced["reason"], bounced["remedy"], bounced["basic"]) == (
        "userunknown", "suppress_recipient", 550)
    rejected = next(event for event in events if event["event"] == "reject")
    assert rejected["status"] == "rejected" and rejected["client"] and rejected["from"]
    assert rejected["queue_id"] is None, "NOQUEUE is no queue id"


def test_text_fits_the_terminal_width() -> None:
    for columns in (80, 100):
        result = subprocess.run(
            [sys.executable, "-m", "smtpcodes", "scan", str(POSTFIX), str(EXIM)],
            capture_output=True, check=True, timeout=60,
            env={**os.environ, "COLUMNS": str(columns)})
        for line in result.stdout.decode().splitlines():
            # only a word longer than a line may stand out: words are never broken
            assert len(line) <= columns or any(len(word) > columns // 2
                                               for word in line.split()), line


def test_an_html_page_that_cannot_be_written_is_one_line_of_error() -> None:
    result = cli("scan", "--html", "/nonexistent/folder/report.html", str(POSTFIX))
    assert result.returncode == 1
    err = result.stderr.decode()
    assert "cannot write /nonexistent/folder/report.html" in err and "Traceback" not in err


def test_long_lines_within_a_block_are_cut_and_counted(tmp_path: Path) -> None:
    """Lines of 70 KB between ordinary lines: each read only up to 64 KiB, and counted."""
    long_line = (b"Mar 14 10:20:00 mx1 postfix/smtpd[1]: warning: " + b"x" * 70_000 + b"\n")
    data = POSTFIX.read_bytes() + long_line * 3 + POSTFIX.read_bytes()
    summary = scan_bytes(tmp_path, data)
    assert summary.files[0].long_lines == 3
    examples = [example.text for example in summary.problems["warning"].first]
    assert all(len(text) <= 400 for text in examples)
    assert_accounted(summary)


def test_an_expired_message_has_the_reason_expired() -> None:
    data = run_scan(POSTFIX).as_dict()
    failures = {row["reason"]: row for row in data["failures"]["by_reason"]}
    assert failures["expired"]["by_status"] == {"expired": 1}
