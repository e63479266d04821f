"""Sphinx extension: the site in two languages.

Every page gets a link to the same page in the other language (or to the other site's
home page when that page exists in one language only) and ``hreflang`` alternates for search
engines. The English build then builds the French site (``docs/fr``) into ``OUT/fr/`` with
the same options, so that the ordinary ``sphinx-build -b html docs OUT`` writes both.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging

logger = logging.getLogger(__name__)

DOCS = Path(__file__).resolve().parents[1]
FRENCH_SOURCE = DOCS / "fr"
#: the page folders both sites have, beside their home page and guide
SHARED_FOLDERS = ("codes/", "reasons/", "vendors/")
SHARED_PAGES = ("index", "guide", "search", "genindex")


def in_both(pagename: str) -> bool:
    return pagename.startswith(SHARED_FOLDERS) or pagename in SHARED_PAGES


def other_language_link(pagename: str, language: str) -> tuple[str, str, str]:
    """(href, the other language's code, its name) for a page of the ``language`` site."""
    up = "../" * pagename.count("/")
    target = pagename if in_both(pagename) else "index"
    if language == "fr":
        return f"../{up}{target}.html", "en", "English"
    return f"{up}fr/{target}.html", "fr", "Français"


def _on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                     doctree: object) -> None:
    language = "fr" if (app.config.language or "").startswith("fr") else "en"
    href, other, name = other_language_link(pagename, language)
    switch = (f'<p class="language-switch"><a href="{href}" hreflang="{other}"'
              f' lang="{other}">{name}</a></p>\n')
    if "body" in context:
        context["body"] = switch + context["body"]
    if in_both(pagename):
        context["metatags"] = context.get("metatags", "") + (
            f'\n<link rel="alternate" hreflang="{other}" href="{href}">')


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """After the English site, the French one into ``OUT/fr``, with the same strictness."""
    if exception is not None or app.builder.name != "html":
        return
    if (app.config.language or "en") != "en" or not FRENCH_SOURCE.exists():
        return
    options = ["-q"]
    if app.warningiserror:
        options += ["-W", "--keep-going"]
    if app.config.nitpicky:
        options.append("-n")
    outdir = Path(app.outdir) / "fr"
    done = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", *options, "-d",
         str(Path(app.doctreedir) / "fr"), str(FRENCH_SOURCE), str(outdir)],
        capture_output=True, text=True, check=False)
    if done.stderr.strip():
        logger.warning("the French site: %s", done.stderr.strip())
    if done.returncode != 0:
        raise ExtensionError(f"the French site did not build (exit {done.returncode})")
    logger.info("sitelanguages: French site written to %s", outdir)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("html-page-context", _on_page_context)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
