"""The README's examples are real: its Python lines run as doctests, and the output shown
for each `smtpcode` command is what the command prints."""

from __future__ import annotations

import doctest
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
SESSION = (ROOT / "examples" / "session.txt").read_text(encoding="utf-8")


def console_examples() -> list[tuple[str, list[str]]]:
    blocks = re.findall(r"```console\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    examples = []
    for block in blocks:
        command, *output = block.rstrip("\n").split("\n")
        examples.append((command.removeprefix("$ "), output))
    return examples


def test_python_examples() -> None:
    result = doctest.testfile(str(README), module_relative=False, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0


@pytest.mark.parametrize(("command", "shown"), console_examples(), ids=lambda x: str(x)[:40])
def test_console_examples(command: str, shown: list[str]) -> None:
    """Each line shown appears in the real output, in order ("..." marks what is left out)."""
    words = shlex.split(command.replace("< examples/session.txt", ""))
    assert words[0] == "smtpcode"
    done = subprocess.run(
        [sys.executable, "-m", "smtpcodes", *words[1:]], input=SESSION, capture_output=True,
        text=True, check=False, env={"COLUMNS": "100", "PATH": ""}, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    real = done.stdout.split("\n")
    position = 0
    for line in shown:
        if "..." in line:
            continue
        assert line in real[position:], f"{line!r} not in the output of {command!r}"
        position = real.index(line, position) + 1
