"""Sphinx configuration for the smtpcodes reference site.

Build: ``sphinx-build -W -n --keep-going -b html docs docs/_build/html``; run the examples:
``sphinx-build -W -n --keep-going -b doctest docs docs/_build/doctest``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "_ext"))
sys.path.insert(0, str(HERE.parent))

import smtpcodes  # noqa: E402  (the paths above first)
from smtpcodes._data import DATA_VERSION, REGISTRY_SNAPSHOT  # noqa: E402

project = "smtpcodes"
author = "the smtpcodes authors"
copyright = "the smtpcodes authors"
version = release = smtpcodes.__version__

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "codepages",
    "reasonpages",
    "cliexamples",
    "sitelanguages",
]

# docs/fr is the French site, its own source folder: the sitelanguages extension builds it
# into OUT/fr after the English one

exclude_patterns = ["_build", "fr"]
highlight_language = "text"
nitpicky = True
# Standard-library names in signatures: no inventory to resolve them against offline.
nitpick_ignore = [
    ("py:class", "collections.abc.Iterator"),
    ("py:class", "collections.abc.Sequence"),
    ("py:class", "PathLike"),
    # the log scanner's own types, named in the cluster functions' signatures
    ("py:class", "Part"),
    ("py:class", "Filters"),
    ("py:class", "FileStats"),
    ("py:class", "Summary"),
    ("py:class", "datetime.datetime"),
    ("py:class", "datetime.timedelta"),
    ("py:mod", "smtplib"),
]

rst_epilog = f"""
.. |data_version| replace:: {DATA_VERSION}
.. |registry_snapshot| replace:: {REGISTRY_SNAPSHOT}
"""

autodoc_member_order = "bysource"
autodoc_typehints = "signature"
autodoc_default_options = {"undoc-members": True}

doctest_global_setup = "import smtpcodes"

# Where the site is published: its canonical links and sitemap.xml use it (set
# SMTPCODES_SITE_URL when building the published copy; without it no sitemap is written).
html_baseurl = os.environ.get("SMTPCODES_SITE_URL", "")

html_theme = "furo"
html_title = "smtpcodes"
html_static_path = ["_static"]
html_js_files = ["code-filter.js", "code-answers.js", "search-answer.js"]
html_css_files = ["site.css"]
html_show_sourcelink = False
html_copy_source = False
