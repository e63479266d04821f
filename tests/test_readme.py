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
SESSION = """\
220 mail.example.com ESMTP Postfix
EHLO client.example.org
250-mail.example.com
250-PIPELINING
250-SIZE 10240000
250-STARTTLS
250 DSN
MAIL FROM:<alice@example.org>
250 2.1.0 Ok
RCPT TO:<nobody@example.com>
550 5.1.1 <nobody@example.com>: Recipient address rejected: User unknown in local recipient table
RCPT TO:<bob@example.com>
250 2.1.5 Ok
DATA
354 End data with <CR><LF>.<CR><LF>
Subject: test

.
250 2.0.0 Ok: queued as 4BC23F2A15
QUIT
221 2.0.0 Bye
"""


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
    words = shlex.split(command.replace("< session.txt", ""))
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
