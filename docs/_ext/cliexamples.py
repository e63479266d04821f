"""Sphinx extension: command-line examples run at build time, and the CLI's options.

``.. smtpcode-run:: explain 550 5.1.1`` runs the real ``smtpcode`` (as ``python -m
smtpcodes``) while the site is built and shows the command with what it printed. The
directive's content, if any, is fed on standard input. ``:exit: N`` states the exit status
the example expects; any other status is a build warning (an error under ``-W``).

``.. smtpcode-options:: explain`` documents a subcommand's arguments with ``program`` and
``option`` directives generated from ``smtpcodes.cli.build_parser()``.
"""

from __future__ import annotations

import argparse
import os
import shlex
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from smtpcodes.cli import build_parser

logger = logging.getLogger(__name__)

#: the terminal width the examples are rendered for (``COLUMNS``)
COLUMNS = 78


#: where the examples run: the project's folder, so that ``examples/maillog`` is found
ROOT = Path(__file__).resolve().parents[2]


def run_smtpcode(arguments: list[str], stdin: str | None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": str(COLUMNS), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "smtpcodes", *arguments], input=stdin or "",
        capture_output=True, text=True, env=env, timeout=60, check=False, cwd=ROOT,
    )


class SmtpcodeRun(SphinxDirective):
    """Run ``smtpcode`` with the given arguments and show the command and its output."""

    required_arguments = 1
    final_argument_whitespace = True
    has_content = True
    option_spec: ClassVar[dict[str, object]] = {"exit": directives.nonnegative_int}

    def run(self) -> list[nodes.Node]:
        command_line = self.arguments[0]
        language = self.env.config.language or "en"
        if language != "en":  # the French site runs and shows the French command
            command_line = f"--lang {language} {command_line}"
        self.env.note_reread()  # the output depends on the library, not on this file
        stdin = "\n".join(self.content) + "\n" if self.content else None
        result = run_smtpcode(shlex.split(command_line), stdin)
        expected = self.options.get("exit", 0)
        if result.returncode != expected:
            logger.warning(
                "smtpcode %s exited %d, the example expects %d: %s",
                command_line, result.returncode, expected, result.stderr.strip(),
                location=self.get_location(),
            )
        shown = [f"$ smtpcode {command_line}"]
        if stdin is not None:
            shown = [f"$ smtpcode {command_line} <<'EOF'", *self.content, "EOF"]
        shown += (result.stdout + result.stderr).rstrip("\n").split("\n")
        if expected:
            shown += ["$ echo $?", str(result.returncode)]
        text = "\n".join(line.rstrip() for line in shown)
        block = nodes.literal_block(text, text, language="console")
        self.set_source_info(block)
        return [block]


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    # argparse keeps its subparsers in a private action type; this is documentation tooling.
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def _option_signature(action: argparse.Action) -> str:
    if not action.option_strings:
        return str(action.metavar or action.dest)
    if action.nargs == 0:
        return ", ".join(action.option_strings)
    if action.choices is not None:
        value = "{" + ",".join(str(choice) for choice in action.choices) + "}"
    else:
        value = str(action.metavar or action.dest.upper())
    return ", ".join(f"{option} {value}" for option in action.option_strings)


def options_rest(name: str) -> list[str]:
    parser = build_parser()
    sub = _subcommands(parser)[name]
    sub.formatter_class = lambda prog: argparse.HelpFormatter(prog, width=COLUMNS)
    lines = [f".. program:: smtpcode {name}", ""]
    lines += ["::", ""] + [f"   {line}" for line in sub.format_usage().strip().split("\n")]
    lines += ["", sub.description or "", ""]
    for action in sub._actions:
        lines += [f".. option:: {_option_signature(action)}", ""]
        help_text = (action.help or "").replace("%(prog)s", sub.prog)
        if action.choices is not None and action.option_strings:
            help_text = help_text or "one of the values shown"
        lines += [f"   {help_text}", ""]
    return lines


class SmtpcodeOptions(SphinxDirective):
    """The usage line and options of one ``smtpcode`` subcommand, from the real parser."""

    required_arguments = 1

    def run(self) -> list[nodes.Node]:
        name = self.arguments[0]
        self.env.note_reread()  # the options come from the parser, not from this file
        if name not in _subcommands(build_parser()):
            logger.warning("smtpcode has no subcommand %r", name, location=self.get_location())
            return []
        container = nodes.container()
        source, _line = self.get_source_info()
        content = StringList(options_rest(name), source=source)
        self.state.nested_parse(content, self.content_offset, container)
        return list(container.children)


def setup(app: Sphinx) -> dict[str, object]:
    app.add_directive("smtpcode-run", SmtpcodeRun)
    app.add_directive("smtpcode-options", SmtpcodeOptions)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
