"""What every command shares: exit statuses, usage errors, JSON output, reading the input."""

from __future__ import annotations

import sys

from ..lang import mark

EXIT_OK = 0
#: no SMTP code found, a malformed or unknown code, or output that cannot be written
EXIT_NOT_UNDERSTOOD = 1
EXIT_USAGE = 2

#: Plain ASCII for the few characters the output uses beyond it, for a terminal or a file
#: whose encoding cannot show them (``PYTHONIOENCODING=ascii``, an old locale).
ASCII_FORMS = {
    "\u2026": "...", "\u00b7": "-", "\u2014": "--", "\u2013": "-", "\u2018": "'",
    "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2192": "->", "\u00d7": "x",
    "\u00a0": " ", "\u202f": " ", "\u00ab": '"', "\u00bb": '"', "\u2265": ">=",
    "\u2264": "<=", "\u2588": "#", "\u2022": "*",
}


class UsageError(Exception):
    """The command line asks for something impossible (exit status 2)."""


def print_json(data: object) -> None:
    import json

    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def read_input(words: list[str]) -> str | bytes:
    """The words of INPUT joined, or standard input for ``-`` or nothing (on a terminal, what
    a person pastes, up to Ctrl-D)."""
    if words and words != ["-"]:
        return " ".join(words)
    if sys.stdin is None:
        raise UsageError("give the code or reply to read as INPUT, or pipe it on standard input")
    if sys.stdin.isatty():
        print("Paste the reply, then press Ctrl-D on a line of its own (Ctrl-Z, Enter on"
              " Windows).", file=sys.stderr)
    return sys.stdin.buffer.read()


def _plain_ascii(error: UnicodeError) -> tuple[str, int]:
    """An encoding error handler: the ASCII form of a character the output cannot show."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    forms = []
    for char in text:
        form = ASCII_FORMS.get(char)
        if form is None:
            import unicodedata

            decomposed = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode()
            form = decomposed or "?"
        forms.append(form)
    return "".join(forms), error.end


def prepare_output() -> str | None:
    """Make standard output safe to write: None, or why nothing can be written to it."""
    if sys.stdout is None:
        return mark("standard output is closed")
    encoding = (getattr(sys.stdout, "encoding", None) or "utf-8").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and hasattr(sys.stdout, "reconfigure"):
        import codecs

        codecs.register_error("smtpcode-ascii", _plain_ascii)
        sys.stdout.reconfigure(errors="smtpcode-ascii")
    return None


def output_failed(error: OSError) -> bool:
    """True when an OSError is standard output refusing what was written (a full disk, a
    closed descriptor), not something the command read."""
    import errno

    return error.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EFBIG,
                           getattr(errno, "EDQUOT", errno.ENOSPC))


def quiet_stdout() -> None:
    """After writing failed or the reader went away, let the exit not complain again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
