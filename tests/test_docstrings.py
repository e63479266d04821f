"""The examples in the package's docstrings run as doctests."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["smtpcodes.parse", "smtpcodes.codes", "smtpcodes.entries", "smtpcodes.explain"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, verbose=False)
    assert result.failed == 0


def test_there_are_examples() -> None:
    parse = importlib.import_module("smtpcodes.parse")
    assert doctest.testmod(parse).attempted >= 3
