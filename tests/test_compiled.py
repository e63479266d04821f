"""The modules compiled by mypyc (setup.py) behave as their Python source does.

An editable install compiles them in place; a module edited afterwards would be shadowed by
its stale compiled copy, so a test says so. The pure Python form, which a machine without a
C compiler installs, must read every text as the compiled form does.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BEYOND = ROOT / "bench" / "replies_beyond.jsonl"


def compiled_sources() -> list[Path]:
    with (ROOT / "pyproject.toml").open("rb") as handle:
        listed = tomllib.load(handle)["tool"]["smtpcodes"]["compiled"]
    return [ROOT / name for name in listed]


def compiled_file(source: Path) -> Path | None:
    """The compiled module beside a source file, which the import system prefers to it."""
    from importlib.machinery import EXTENSION_SUFFIXES

    for suffix in EXTENSION_SUFFIXES:
        candidate = source.with_name(source.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def is_compiled(source: Path) -> bool:
    return compiled_file(source) is not None


@pytest.mark.parametrize("source", compiled_sources(), ids=lambda path: path.name)
def test_a_compiled_module_is_not_older_than_its_source(source: Path) -> None:
    imported = compiled_file(source)
    if imported is None:
        assert source.exists()
        return
    assert imported.stat().st_mtime >= source.stat().st_mtime, (
        f"{source.relative_to(ROOT)} changed after it was compiled: run pip install -e . again"
        " (or SMTPCODES_PURE=1 pip install -e . to work on pure Python)")


def test_the_modules_are_compiled_unless_asked_not_to_be() -> None:
    """The suite tests what a normal install ships (on a machine with a C compiler)."""
    if os.environ.get("SMTPCODES_PURE") == "1":
        assert not any(is_compiled(source) for source in compiled_sources())
    else:
        missing = [source.name for source in compiled_sources() if not is_compiled(source)]
        assert not missing, (
            f"not compiled: {', '.join(missing)}; install with a C compiler, or set"
            " SMTPCODES_PURE=1 for both the install and the tests")


def test_a_value_of_the_wrong_type_is_a_type_error() -> None:
    """The public entry points stay Python, compiled or not: the error names what was given."""
    import re

    import smtpcodes

    for value in (123, None, [b"550"]):
        with pytest.raises(TypeError, match=re.escape(f"{repr(value)!r} cannot be read")):
            smtpcodes.reason(value)  # type: ignore[arg-type]
        with pytest.raises(TypeError, match=f"not {type(value).__name__}$"):
            smtpcodes.parse(value)  # type: ignore[arg-type]


READ_EVERY_TEXT = """
import json, sys
import smtpcodes
from smtpcodes.errors import SMTPCodeError

assert smtpcodes.__file__.startswith(sys.argv[1]), smtpcodes.__file__
import smtpcodes.findcodes, smtpcodes.reading
assert not smtpcodes.reading.__file__.endswith(".so")
results = []
for text in json.load(sys.stdin):
    try:
        results.append(smtpcodes.explain(text).as_dict())
    except SMTPCodeError as error:
        results.append(type(error).__name__ + ": " + str(error))
print(json.dumps(results))
"""


def texts() -> list[str]:
    """Real replies of many servers and languages, and every word rule's examples."""
    from smtpcodes.reasons import shipped

    with BEYOND.open(encoding="utf-8") as handle:
        found = [json.loads(line)["text"] for line in handle if line.strip()]
    for pattern in shipped().patterns.patterns:
        found += [*pattern.examples, *pattern.near_misses]
    return found


def test_the_pure_python_form_explains_every_text_as_the_installed_form(
    tmp_path: Path,
) -> None:
    copy = tmp_path / "smtpcodes"
    shutil.copytree(ROOT / "smtpcodes", copy,
                    ignore=shutil.ignore_patterns("*.so", "__pycache__"))
    every = texts()
    done = subprocess.run(
        [sys.executable, "-c", f"import sys; sys.path.insert(0, {str(tmp_path)!r})\n"
         + READ_EVERY_TEXT, str(copy)],
        input=json.dumps(every), capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert done.returncode == 0, done.stderr
    pure = json.loads(done.stdout)
    import smtpcodes
    from smtpcodes.errors import SMTPCodeError

    assert len(pure) == len(every) > 1500
    for text, theirs in zip(every, pure, strict=True):
        try:
            ours: object = smtpcodes.explain(text).as_dict()
        except SMTPCodeError as error:
            ours = type(error).__name__ + ": " + str(error)
        assert json.loads(json.dumps(ours)) == theirs, text
