"""Sphinx configuration of the French site: the same generators and data as the English
site, in French. The English build (``docs/conf.py``) builds it into ``OUT/fr/``; on its own:
``sphinx-build -W -n --keep-going -b html docs/fr OUT/fr``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent
sys.path.insert(0, str(DOCS / "_ext"))
sys.path.insert(0, str(DOCS.parent))

import smtpcodes  # noqa: E402  (the paths above first)

project = "smtpcodes"
author = "les auteurs de smtpcodes"
copyright = "les auteurs de smtpcodes"
version = release = smtpcodes.__version__
language = "fr"

extensions = ["codepages", "reasonpages", "cliexamples", "sitelanguages"]

exclude_patterns = ["_build"]
highlight_language = "text"
nitpicky = True

_base = os.environ.get("SMTPCODES_SITE_URL", "")
html_baseurl = (_base if _base.endswith("/") else _base + "/") + "fr/" if _base else ""

html_theme = "furo"
html_title = "smtpcodes, en français"
html_static_path = [str(DOCS / "_static")]
html_js_files = ["code-filter.js", "code-answers.js", "search-answer.js"]
html_css_files = ["site.css"]
html_show_sourcelink = False
html_copy_source = False
