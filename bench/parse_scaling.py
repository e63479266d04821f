"""Time taken by parse() and reason() grows linearly with the length of the text, even
hostile text.

    python bench/parse_scaling.py

For each kind of hostile text, times parse() (and parse_all, the lazily computed fields,
warnings and command) and reason() on about 10 kB and about 1 MB of it and prints the ratio
of the two times. Linear time gives about 100; a quadratic corner would give about 10,000.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import smtpcodes
from smtpcodes.parse import parse_all

# Each makes a text of about ``size`` characters.
HOSTILE: dict[str, Callable[[int], str]] = {
    "digits and dots": lambda size: ("5.5.5.5.55.1.1.1" * (size // 16 + 1))[:size],
    "codes in a row": lambda size: ("550 5.1.1 " * (size // 10 + 1))[:size],
    "reply lines": lambda size: ("550-5.1.1 user unknown\n" * (size // 23 + 1))[:size],
    "transcript": lambda size: ("RCPT TO:<a@b>\n250 2.1.5 Ok\n" * (size // 27 + 1))[:size],
    "one long line of digits": lambda size: "4" * size,
    "blanks after a code": lambda size: "said: 550" + " " * size + "x",
    "status field of blanks": lambda size: "Status: 5.0.0\nAction:" + " " * size + "x",
    "colons and numbers": lambda size: (": 334 from " * (size // 11 + 1))[:size],
    "ip addresses": lambda size: ("[192.5.1.10] " * (size // 13 + 1))[:size],
    "many short lines": lambda size: ("5\n" * (size // 2 + 1))[:size],
    # Words the reason rules look for, over and over: each rule's search must stay bounded.
    "rule words": lambda size: (
        "550 user unknown mailbox full spf dmarc policy quota " * (size // 52 + 1))[:size],
    "one rule word": lambda size: ("dmarc " * (size // 6 + 1))[:size],
    "words rules exclude": lambda size: ("sender " * (size // 7 + 1))[:size],
    "vendor signs": lambda size: ("[tss04] gsmtp ofr_999 " * (size // 22 + 1))[:size],
    # Rules of two parts ("failed permanently ... connection timed out"): the second part once
    # at the start, the first part over and over after it, so that no search may go back
    # over the whole text from each first part.
    "first parts after a second part": lambda size: (
        "connection timed out " + "failed permanently " * (size // 19 + 1))[:size],
}


def work(text: str) -> None:
    """Everything a caller may ask of one text."""
    smtpcodes.reason(text)
    for reply in parse_all(text):
        _ = (reply.warnings, reply.command, reply.fields, reply.format, reply.message)
    try:
        reply = smtpcodes.parse(text)
    except smtpcodes.SMTPCodeError:
        return
    _ = (reply.warnings, reply.command, reply.fields, reply.format)


def seconds(text: str) -> float:
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        try:  # noqa: SIM105 - cheaper than contextlib.suppress inside the timed region
            work(text)
        except smtpcodes.SMTPCodeError:
            pass
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    worst = 0.0
    print(f"{'text':<26} {'10 kB (ms)':>11} {'1 MB (ms)':>11} {'ratio':>7}")
    for name, make in HOSTILE.items():
        small, large = seconds(make(10_000)), seconds(make(1_000_000))
        ratio = large / small
        worst = max(worst, ratio)
        print(f"{name:<26} {small * 1000:>11.2f} {large * 1000:>11.1f} {ratio:>7.0f}")
    print(f"worst ratio 1 MB / 10 kB: {worst:.0f} (linear: about 100)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
