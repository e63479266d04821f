"""The examples in the package's docstrings run as doctests."""

from __future__ import annotations

import doctest
import importlib
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

MODULES = ["smtpcodes.parse", "smtpcodes.codes", "smtpcodes.entries", "smtpcodes.explain"]


def source_module(name: str) -> ModuleType:
    """The module run from its Python source: doctest finds no examples in a module compiled
    by mypyc, whose functions are built-in ones (setup.py)."""
    module = importlib.import_module(name)
    path = Path(str(module.__file__))
    if path.suffix == ".py":
        return module
    source = path.with_name(name.rsplit(".", 1)[1] + ".py")
    spec = importlib.util.spec_from_file_location(f"{name}_source", source)
    assert spec is not None and spec.loader is not None
    copy = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = copy
    try:
        spec.loader.exec_module(copy)
    finally:
        del sys.modules[spec.name]
    return copy


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    result = doctest.testmod(source_module(name), verbose=False)
    assert result.failed == 0


def test_there_are_examples() -> None:
    assert doctest.testmod(source_module("smtpcodes.parse")).attempted >= 3
