"""A one-line progress indication on standard error, for inputs that take a while."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress indication on standard error, for inputs that take a while."""

    DELAY = 1.0
    INTERVAL = 0.25

    def __init__(self) -> None:
        self.started = time.monotonic()
        self.shown = False
        self._next = self.started + self.DELAY

    def update(self, label: str, done: int | None, total: int | None, lines: int) -> None:
        now = time.monotonic()
        if now < self._next:
            return
        self._next = now + self.INTERVAL
        share = f" {100 * done // total}%" if done is not None and total else ""
        sys.stderr.write(f"\rsmtpcode scan: {label}{share} · {lines:,} lines\x1b[K")
        sys.stderr.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[K")
            sys.stderr.flush()
