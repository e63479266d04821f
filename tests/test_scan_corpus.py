"""The shared corpus of real mail logs, scanned and checked against counts made with grep.

The corpus (``../shared/corpus/maillog``, beside the project) is third-party data under GPL
and LGPL licenses; it is read here, never copied into the project. Without it these tests
are skipped. Every count below is taken a second time, independently, with grep's extended
regular expressions over the decompressed file.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from smtpcodes.logs.scanner import Scanner

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "maillog"

pytestmark = pytest.mark.skipif(
    not CORPUS.is_dir() or shutil.which("grep") is None,
    reason="the shared log corpus (../shared/corpus/maillog) or grep is not here",
)

# The frames of logs.FRAME, written again in grep's extended syntax.
_PRIORITY = r"(<[a-z0-9]+\.[a-z]+> )?"
_TAG = r"[^ :[]+(\[[0-9]+\])?: "
FRAME_ERE = "|".join((
    r"^[A-Z][a-z]{2} +[0-9]{1,2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)? "
    + _PRIORITY + "[^ ]+ " + _TAG,
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?(Z|[+-][0-9]{2}:?[0-9]{2})? "
    + _PRIORITY + "[^ ]+ " + _TAG,
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{3})?( [+-][0-9]{4})?"
    r"( \[[0-9]+\])? [^ ]",
))
POSTFIX_LINE = r"^[^#].* postfix[^ ]*\[[0-9]+\]: "


def _text(path: Path) -> bytes:
    if path.suffix == ".gz":
        return subprocess.run(["gzip", "-dc", str(path)], capture_output=True, check=True).stdout
    return path.read_bytes()


def grep_count(path: Path, pattern: str, *options: str) -> int:
    result = subprocess.run(
        ["grep", "-a", "-c", "-E", *options, pattern], input=_text(path), capture_output=True,
        check=False, env={"LC_ALL": "C"},
    )
    return int(result.stdout.strip() or 0)


def grep_only(path: Path, pattern: str) -> list[str]:
    result = subprocess.run(
        ["grep", "-a", "-o", "-E", pattern], input=_text(path), capture_output=True,
        check=False, env={"LC_ALL": "C"},
    )
    return result.stdout.decode("ascii", "replace").splitlines()


FILES = sorted(
    path for path in (CORPUS.glob("*") if CORPUS.is_dir() else ()) if path.name != "README.md"
)


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_every_line_counted_as_grep_counts(path: Path) -> None:
    summary = Scanner().scan([str(path)])
    assert summary.lines == grep_count(path, "")
    assert summary.unrecognized == grep_count(path, FRAME_ERE, "-v")
    assert summary.recognized == grep_count(path, FRAME_ERE)
    assert sum(summary.by_kind.values()) == summary.recognized


POSTFIX_FILES = [path for path in FILES if "postfix" in path.name and "grok" not in path.name]


@pytest.mark.parametrize("path", POSTFIX_FILES, ids=lambda path: path.name)
def test_postfix_counts_as_grep_counts(path: Path) -> None:
    summary = Scanner().scan([str(path)])
    for status in ("sent", "bounced", "deferred", "expired"):
        expected = grep_count(
            path,
            POSTFIX_LINE + r"[0-9A-Za-z]+: (to=[^ ]*|from=<[^>]*>,) .*status=" + status
            + r"( |,|$)",
        )
        assert summary.by_status.get(status, 0) == expected, status
    rejects = grep_count(path, POSTFIX_LINE + r"[0-9A-Za-z]+: (milter-|proxy-)?reject: ")
    assert summary.rejected == rejects
    for severity in ("panic", "fatal", "error", "warning"):
        expected = grep_count(path, POSTFIX_LINE + r"([0-9A-Za-z]+: )?" + severity + ": ")
        assert summary.by_severity[severity] == expected, severity
    # enhanced codes: dsn= of the deliveries, and the codes at the start of each rejection
    codes: dict[str, int] = {}
    for found in grep_only(path, r"dsn=[245]\.[0-9]{1,3}\.[0-9]{1,3}"):
        codes[found[4:]] = codes.get(found[4:], 0) + 1
    for found in grep_only(
        path, r"reject: [A-Z-]+ from [^ ]+: ([2-5][0-9]{2} )?[245]\.[0-9]{1,3}\.[0-9]{1,3}( |$)"
    ):
        code = found.split()[-1]
        codes[code] = codes.get(code, 0) + 1
    assert summary.by_enhanced == codes


SENDMAIL_FILES = [path for path in FILES if "sendmail" in path.name]


@pytest.mark.parametrize("path", SENDMAIL_FILES, ids=lambda path: path.name)
def test_sendmail_rejections_as_grep_counts(path: Path) -> None:
    summary = Scanner().scan([str(path)])
    expected = grep_count(
        path, r"^[^#].* (sm-[a-z-]+|sendmail)\[[0-9]+\]: [0-9A-Za-z]+: ruleset=.*reject="
    )
    assert summary.rejected == expected


EXIM_FILES = [path for path in FILES if "exim" in path.name]


@pytest.mark.parametrize("path", EXIM_FILES, ids=lambda path: path.name)
def test_exim_rejections_as_grep_counts(path: Path) -> None:
    summary = Scanner().scan([str(path)])
    framed = r"^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}( \[[0-9]+\])? [^ ].*"
    expected = grep_count(path, framed + r"( rejected |authenticator failed)")
    assert summary.rejected == expected
