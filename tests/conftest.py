"""What every test shares: an environment that asks for no language, so that the output is
English unless a test asks for French (a developer's own locale must not change results)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import smtpcodes


@pytest.fixture(autouse=True)
def english_by_default(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(name, raising=False)
    yield
    smtpcodes.set_language("en")
