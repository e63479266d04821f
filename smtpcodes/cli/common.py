"""What every command shares: exit statuses, usage errors, JSON output, reading the input."""

from __future__ import annotations

import sys

EXIT_OK = 0
EXIT_NOT_UNDERSTOOD = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2)."""


def print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_input(words: list[str]) -> str | bytes:
    """The words of INPUT joined, or standard input for ``-`` or nothing."""
    if words and words != ["-"]:
        return " ".join(words)
    if sys.stdin is None or sys.stdin.isatty():
        raise UsageError("give the code or reply to read as INPUT, or pipe it on standard input")
    return sys.stdin.buffer.read()
