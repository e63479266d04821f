"""The package installs into a fresh virtual environment, not editable, and works from any
directory: the console script, ``python -m smtpcodes`` and the import (no file outside the
package is read at run time)."""

from __future__ import annotations

import json
import subprocess
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("install")
    venv.create(where / "venv", with_pip=True)
    python = where / "venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", str(ROOT)],
        capture_output=True, text=True, check=False, cwd=where,
    )
    assert done.returncode == 0, done.stderr
    return where


def test_console_script_from_another_directory(installed: Path) -> None:
    script = installed / "venv" / "bin" / "smtpcode"
    done = subprocess.run(
        [str(script), "explain", "4.2.2", "--json"], capture_output=True, text=True,
        check=False, cwd=installed,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["enhanced"]["title"] == "Mailbox full"


def test_import_uses_the_installed_package(installed: Path) -> None:
    python = installed / "venv" / "bin" / "python"
    code = (
        "import smtpcodes, pathlib; "
        "print(pathlib.Path(smtpcodes.__file__).parent); "
        "print(len(list(smtpcodes.all_entries())))"
    )
    done = subprocess.run(
        [str(python), "-c", code], capture_output=True, text=True, check=False, cwd=installed
    )
    assert done.returncode == 0, done.stderr
    location, count = done.stdout.split()
    assert "site-packages" in location and not location.startswith(str(ROOT))
    assert int(count) == 45 + 11 + 81
    assert (Path(location) / "py.typed").exists()


def test_module_entry_point(installed: Path) -> None:
    python = installed / "venv" / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "smtpcodes", "list", "--json"], capture_output=True, text=True,
        check=False, cwd=installed,
    )
    assert done.returncode == 0, done.stderr
    assert len(json.loads(done.stdout)) == 137


def test_the_suite_runs_against_the_source_tree() -> None:
    """The README's editable install: the package imported here is the working tree's."""
    import smtpcodes

    assert Path(smtpcodes.__file__).resolve().parent == ROOT / "smtpcodes"
