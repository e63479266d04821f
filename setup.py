"""Build: the modules that read a text are compiled to C with mypyc, the rest stays Python.

Reading a reply's reason runs the same typed Python code, about 1.5 times faster compiled
(bench/reasons_eval.py). The modules compiled are listed under ``[tool.smtpcodes]`` in
pyproject.toml. ``SMTPCODES_PURE=1`` builds without compiling; so does a machine without a C
compiler, with a warning: the package then works the same, only slower.
"""

from __future__ import annotations

import os
import sys
import tomllib
from pathlib import Path

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = Path(__file__).resolve().parent


def compiled_modules() -> list[str]:
    """The source files to compile, as pyproject.toml lists them."""
    with (ROOT / "pyproject.toml").open("rb") as handle:
        listed: list[str] = tomllib.load(handle)["tool"]["smtpcodes"]["compiled"]
    return listed


class BuildOrStayPure(build_ext):
    """Compile the extensions; when compiling fails, leave none behind (a module compiled
    without the shared library it needs would not import) and install pure Python."""

    def run(self) -> None:
        self.remove_stale()
        try:
            super().run()
        except Exception as error:  # any compiler or linker failure
            for output in self.get_outputs():
                Path(output).unlink(missing_ok=True)
            print(f"warning: smtpcodes is installed as pure Python, uncompiled: {error}",
                  file=sys.stderr)


    def remove_stale(self) -> None:
        """Remove compiled modules no longer built (a module made Python again, or an older
        build's): beside its source, such a file would be imported instead of it."""
        current = {extension.name.rsplit(".", 1)[-1] for extension in self.extensions}
        for folder in (ROOT / "smtpcodes", Path(self.build_lib) / "smtpcodes"):
            for path in folder.glob("*.so"):
                if path.name.split(".", 1)[0] not in current:
                    path.unlink()


def extensions() -> list[Extension]:
    if os.environ.get("SMTPCODES_PURE") == "1":
        return []
    from mypyc.build import mypycify

    return mypycify(compiled_modules(), opt_level="3", debug_level="0",
                    group_name="smtpcodes.native")


setup(ext_modules=extensions(), cmdclass={"build_ext": BuildOrStayPure})
