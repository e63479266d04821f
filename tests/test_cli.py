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
