"""The smtpcode command: through main(argv) and as a real process."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import smtpcodes
from smtpcodes.cli import main


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_explain_text(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain", "4.2.2"], capsys)
    assert code == 0 and err == ""
    assert out.startswith("4.2.2 · transient failure")
    for label in ("What it means", "What to do", "Who acts", "Enhanced code", "RFCs"):
        assert label in out
    assert "Mailbox full (X.2.2)" in out


def test_explain_words_are_joined(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["explain", "550", "5.1.1", "User", "unknown", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["input"] == "550 5.1.1 User unknown"
    assert data["basic"]["code"] == 550 and data["enhanced"]["code"] == "5.1.1"


def test_explain_json_has_the_contract_keys(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain", "550 5.1.1 User unknown", "--json"], capsys)
    assert code == 0 and err == ""
    data = json.loads(out)
    for key in ("input", "basic", "enhanced", "class", "subject", "summary", "warnings"):
        assert key in data
    assert data["class"] == "permanent" and data["subject"] == "addressing"
    assert set(data["basic"]) >= {"code", "title", "rfcs"}
    assert set(data["enhanced"]) >= {"code", "title", "rfcs"}


def test_explain_reads_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b"550-5.1.1 The account\r\n550 5.1.1 does not exist\r\n"))
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, _ = run(["explain", "-", "--json"], capsys)
    assert code == 0
    assert json.loads(out)["enhanced"]["code"] == "5.1.1"


@pytest.mark.parametrize("text", ["6.1.1", "5.1", "Hello there", "1000"])
def test_not_understood_exits_1_with_error_on_stderr(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["explain", text, "--json"], capsys)
    assert code == 1
    assert out == ""
    assert repr(text) in err


def test_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["frobnicate"])
    assert exit_info.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_list_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["list", "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert len(data) == 45 + 3 + 8 + 81
    by_code = {item["code"]: item for item in data}
    assert by_code["550"]["kind"] == "basic"
    assert by_code["X.1.YYY"]["kind"] == "subject"
    assert by_code["2.XXX.YYY"]["kind"] == "class"
    detail = by_code["X.1.1"]
    assert detail["basic_codes"] == ["451", "550"]
    assert detail["valid_classes"] == [5]
    assert detail["rfcs"] == ["RFC3463"]
    assert set(detail["by_class"]["5"]) == {"summary", "meaning", "action", "who"}
    assert by_code["X.7.15"]["basic_codes"] == ["450", "550", "4XX", "5XX"]


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(["list", "--kind", "detail", "--subject", "mailbox", "--json"], capsys)
    assert [item["code"] for item in json.loads(out)] == [
        "X.2.0",
        "X.2.1",
        "X.2.2",
        "X.2.3",
        "X.2.4",
    ]
    _, out, _ = run(["list", "--class", "4", "--kind", "basic"], capsys)
    assert all(line.startswith("4") for line in out.splitlines())
    code, out, _ = run(["list", "--code", "X.2.2"], capsys)
    assert code == 0 and "4.2.2" in out and "5.2.2" in out


def test_list_code_gives_each_class_its_summary(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "100")
    entry = smtpcodes.lookup("X.2.2")
    assert isinstance(entry, smtpcodes.DetailEntry)
    code, out, _ = run(["list", "--code", "X.2.2"], capsys)
    assert code == 0
    for digit, advice in entry.by_class.items():
        assert f"{digit}.2.2          {advice.summary}" in out.splitlines()


def test_list_unknown_code(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["list", "--code", "5.7.133"], capsys)
    assert code == 1 and out == "" and "'5.7.133'" in err


def test_parse_command(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        ["parse", "--json", "Status: 5.0.0\nDiagnostic-Code: smtp; 550 5.1.1 x"], capsys
    )
    assert code == 0
    data = json.loads(out)
    assert data["enhanced"] == "5.1.1"
    assert [c["code"] for c in data["candidates"]] == ["5.0.0", 550, "5.1.1"]


def test_real_process_and_module_agree() -> None:
    results = []
    script = str(Path(sys.executable).with_name("smtpcode"))
    for command in ([script], [sys.executable, "-m", "smtpcodes"]):
        done = subprocess.run(
            [*command, "explain", "--json", "-"],
            input=b"421 4.4.2 Connection dropped\n",
            capture_output=True,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        results.append(json.loads(done.stdout))
    assert results[0] == results[1]
    assert results[0]["class"] == "transient"


def test_real_process_error() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "explain", "6.1.1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stdout == ""
    assert "'6.1.1'" in done.stderr and "Traceback" not in done.stderr


def test_version() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0 and "IANA registry 2020-09" in done.stdout


def test_registry_key_gets_a_hint(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["explain", "X.2.2"], capsys)
    assert code == 1 and out == ""
    assert "'X.2.2' is a registry key" in err and "smtpcode list --code X.2.2" in err


# -- output that cannot be written, and what a new user types ------------------------------

def process(*args: str, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "smtpcodes", *args], capture_output=True,
                          check=False, timeout=60, **kwargs)  # type: ignore[call-overload]


@pytest.mark.parametrize("args", [["explain", "550"], ["list", "--json"], ["parse", "550"]])
def test_a_full_output_is_one_line_of_error(args: list[str]) -> None:
    with open("/dev/full", "wb") as full:
        done = subprocess.run([sys.executable, "-m", "smtpcodes", *args], stdout=full,
                              stderr=subprocess.PIPE, check=False, timeout=60)
    assert done.returncode == 1
    err = done.stderr.decode()
    assert err.strip().count("\n") == 0, err
    assert "cannot write the output: No space left on device" in err
    assert "Traceback" not in err


def test_a_closed_output_is_one_line_of_error() -> None:
    done = subprocess.run([sys.executable, "-m", "smtpcodes", "explain", "550"],
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False,
                          timeout=60, preexec_fn=lambda: __import__("os").close(1))
    assert done.returncode == 1
    assert done.stderr.decode().strip() == (
        "smtpcode explain: standard output is closed: nothing can be written")


def test_an_ascii_output_gets_plain_forms() -> None:
    done = process("explain", "550", env={"PYTHONIOENCODING": "ascii", "PATH": ""})
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode("ascii")  # fails on any character beyond ASCII
    assert out.startswith("550 - permanent failure")


def test_a_pasted_reply_is_read_from_a_terminal() -> None:
    import os
    import pty

    primary, secondary = pty.openpty()
    try:
        done = subprocess.Popen([sys.executable, "-m", "smtpcodes", "explain", "-", "--json"],
                                stdin=secondary, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        os.write(primary, b"550-5.1.1 The email account that you tried to reach does not"
                          b" exist.\n550 5.1.1 Please try again.\n\x04")
        out, err = done.communicate(timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 0, err
    assert "Ctrl-D" in err.decode()
    assert json.loads(out)["enhanced"]["code"] == "5.1.1"


def test_an_unknown_option_shows_the_commands_usage() -> None:
    done = process("explain", "--bogus", "550")
    assert done.returncode == 2
    err = done.stderr.decode()
    assert err.startswith("usage: smtpcode explain")
    assert "unrecognized arguments: --bogus" in err


def test_list_takes_subjects_as_people_write_them(capsys: pytest.CaptureFixture[str]) -> None:
    for subject in ("mail system", "Mail-System", "3"):
        code, out, _ = run(["list", "--subject", subject], capsys)
        assert code == 0 and out.startswith("X.3.YYY"), subject
    code, out, _ = run(["list", "--subject", "Mailbox"], capsys)
    assert code == 0 and out.startswith("X.2.YYY")


def test_list_refuses_an_empty_or_unknown_code() -> None:
    empty = process("list", "--code", "")
    assert empty.returncode == 2 and b"an empty code" in empty.stderr
    unknown = process("list", "--code", "nosuch")
    assert unknown.returncode == 1
    assert b"neither a code" in unknown.stderr and b"--kind reason" in unknown.stderr


def test_a_registry_key_hint_only_suggests_what_works(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["explain", "X.2.2"], capsys)
    assert code == 1 and "smtpcode list --code X.2.2" in err
    code, _, err = run(["explain", "X.9.9"], capsys)
    assert code == 1 and "smtpcode list" not in err and "no entry" in err


def test_lookup_of_bytes_is_a_clear_error() -> None:
    with pytest.raises(smtpcodes.SMTPCodeError, match="expected a reply code like 550"):
        smtpcodes.lookup(b"")  # type: ignore[arg-type]
