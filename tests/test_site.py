"""The reference site: built with warnings as errors, its examples run, used in a real browser.

The site is built once per session into a temporary folder, the way the README says to
build it. The browser tests drive Debian's Chromium through chromedriver; without a browser
they are skipped on a developer's machine, and fail under CI (``CI`` set), where .ci/run
installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import smtpcodes
from smtpcodes import BasicEntry, DetailEntry
from smtpcodes.cli.render import explanation_text

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
WAIT_SECONDS = 30


def sphinx_build(builder: str, out: Path, doctrees: Path) -> subprocess.CompletedProcess[str]:
    """The README's site build: warnings and broken references are errors."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-n", "--keep-going", "-q", "-b", builder,
         "-d", str(doctrees), str(DOCS), str(out)],
        capture_output=True, text=True, check=False, timeout=600,
    )


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    result = sphinx_build("html", folder / "html", folder / "doctrees")
    if result.returncode != 0:
        pytest.fail(f"sphinx-build -b html failed:\n{result.stdout}{result.stderr}")
    return folder


@pytest.fixture(scope="session")
def html(build: Path) -> Path:
    return build / "html"


class Links(HTMLParser):
    """The link targets and the visible text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs.extend(value for name, value in attrs if name == "href" and value)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def read_page(path: Path) -> Links:
    parser = Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_site_builds_without_warnings(build: Path) -> None:
    assert (build / "html" / "index.html").is_file()
    assert (build / "html" / "searchindex.js").is_file()


def test_doc_examples_pass(build: Path) -> None:
    result = sphinx_build("doctest", build / "doctest", build / "doctrees")
    report = (build / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert result.returncode == 0, report + result.stdout + result.stderr
    ran = re.search(r"^\s*(\d+) tests$", report, re.MULTILINE)
    assert ran is not None and int(ran.group(1)) >= 30, report
    assert "0 failures in tests" in report


def test_every_code_has_a_page(html: Path) -> None:
    missing = [
        entry.code for entry in smtpcodes.all_entries()
        if not (html / "codes" / f"{entry.code}.html").is_file()
    ]
    assert missing == []


def test_associated_codes_are_linked_both_ways(html: Path) -> None:
    entries = list(smtpcodes.all_entries())
    basic_codes = {entry.code for entry in entries if isinstance(entry, BasicEntry)}
    pairs = 0
    for entry in entries:
        if not isinstance(entry, DetailEntry):
            continue
        detail_links = read_page(html / "codes" / f"{entry.code}.html").hrefs
        for code in entry.basic_codes:
            if code not in basic_codes:  # 4XX, 5XX, Any
                continue
            basic_links = read_page(html / "codes" / f"{code}.html").hrefs
            assert f"{code}.html" in detail_links, f"{entry.code} does not link {code}"
            assert f"{entry.code}.html" in basic_links, f"{code} does not link {entry.code}"
            pairs += 1
    assert pairs > 100


def test_code_page_links_rfcs_and_shows_the_command_output(html: Path) -> None:
    page = read_page(html / "codes" / "X.2.2.html")
    assert "https://www.rfc-editor.org/rfc/rfc3463#section-3.3" in page.hrefs, "X.2 is 3.3"
    assert "https://www.rfc-editor.org/rfc/rfc5321#section-4.2.3" in read_page(
        html / "codes" / "550.html").hrefs
    text = "".join(page.text)
    for code in ("4.2.2", "5.2.2"):
        assert f"$ smtpcode explain {code}" in text
        first_lines = explanation_text(smtpcodes.explain(code), width=78).split("\n")[:2]
        assert all(line in text for line in first_lines)
    draft = read_page(html / "codes" / "X.7.28.html")
    assert "https://datatracker.ietf.org/doc/draft-levine-mailbomb-header/" in draft.hrefs


def test_code_pages_show_real_replies_with_their_source(html: Path) -> None:
    page = "".join(read_page(html / "codes" / "X.1.1.html").text)
    assert "Seen in real replies" in page
    assert "550 5.1.1 <neko@example.co.jp>: Recipient address rejected: User unknown" in page
    assert "sisimai/set-of-emails:maildir/bsd/lhost-amavis-01.eml" in page
    basic = "".join(read_page(html / "codes" / "550.html").text)
    assert "Seen in real replies" in basic


def test_search_for_a_reply_phrase_finds_its_code(browser: Any, site_url: str) -> None:
    results = search_results(browser, site_url, "user unknown")
    assert "codes/X.1.1.html" in results, results


def test_class_sections_and_class_pages_show_the_class_summary(html: Path) -> None:
    def page_text(name: str) -> str:  # Sphinx turns ' into a typographic apostrophe
        return "".join(read_page(html / "codes" / name).text).replace("\u2019", "'")

    full = smtpcodes.lookup("X.2.2")
    assert isinstance(full, DetailEntry)
    text = page_text("X.2.2.html")
    for digit, advice in full.by_class.items():
        assert f"{advice.summary}." in text, digit
    transient = page_text("4.XXX.YYY.html")
    permanent = page_text("5.XXX.YYY.html")
    assert full.by_class[4].summary in transient and full.by_class[5].summary not in transient
    assert full.by_class[5].summary in permanent and full.by_class[4].summary not in permanent


def test_deprecated_detail_names_its_replacement(html: Path) -> None:
    old = read_page(html / "codes" / "X.6.10.html")
    new = read_page(html / "codes" / "X.6.8.html")
    assert "X.6.8.html" in old.hrefs
    assert "X.6.10.html" in new.hrefs


# -- in a real browser -------------------------------------------------------------------


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(html: Path) -> Iterator[str]:
    """The built site over HTTP on the loopback address (search needs http://)."""
    handler = functools.partial(QuietHandler, directory=str(html))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def missing_browser(reason: str) -> None:
    """Fail under CI, where the browser must be there; skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: .ci/run must install it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    chromium = shutil.which("chromium")
    chromedriver = shutil.which("chromedriver")
    if chromium is None or chromedriver is None:
        missing_browser("Debian's chromium and chromium-driver are not installed")
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        missing_browser("selenium is not installed (pip install -e '.[test]')")
    options = webdriver.ChromeOptions()
    options.binary_location = str(chromium)
    profile = tempfile.mkdtemp(prefix="smtpcodes-chromium-")
    for flag in (
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1280,1024", f"--user-data-dir={profile}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    driver.set_page_load_timeout(WAIT_SECONDS)
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for(driver: Any, script: str) -> Any:
    """Run ``script`` (a JavaScript expression) until it gives a truthy value."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, WAIT_SECONDS).until(
        lambda current: current.execute_script(f"return {script};")
    )


def test_search_for_mailbox_full_finds_the_x22_page_first(browser: Any, site_url: str) -> None:
    browser.get(f"{site_url}/search.html?q=mailbox+full")
    summary = wait_for(
        browser,
        "(document.querySelector('#search-results .search-summary') || {}).textContent",
    )
    assert "found" in summary
    results = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li > a'),"
        " a => [a.getAttribute('href'), a.textContent]);"
    )
    paths = [href.split("?")[0].split("#")[0] for href, _ in results]
    assert "codes/X.2.2.html" in paths, results
    assert paths[0] == "codes/X.2.2.html", results
    assert results[0][1] == "4.2.2 and 5.2.2 Mailbox full (X.2.2)"


def test_code_page_renders(browser: Any, site_url: str) -> None:
    browser.get(f"{site_url}/codes/X.2.2.html")
    heading = wait_for(browser, "(document.querySelector('article h1') || {}).textContent")
    assert heading.rstrip("#¶ \n") == "4.2.2 and 5.2.2 Mailbox full (X.2.2)"
    assert browser.title.startswith("4.2.2 and 5.2.2 Mailbox full (X.2.2)")
    sections = browser.execute_script(
        "return Array.from(document.querySelectorAll('article h2'), h => h.textContent);"
    )
    assert any(title.startswith("4.2.2: transient failure") for title in sections), sections
    assert any(title.startswith("5.2.2: permanent failure") for title in sections), sections
    text = browser.execute_script("return document.querySelector('article').innerText;")
    assert "Who acts" in text
    assert "$ smtpcode explain 5.2.2" in text
    assert "552" in browser.execute_script(
        "return Array.from(document.querySelectorAll('article a'), a => a.textContent).join(' ');"
    )


def test_class_filter_keeps_only_one_class(browser: Any, site_url: str) -> None:
    browser.get(f"{site_url}/codes/index.html")
    wait_for(browser, "document.querySelectorAll('div.code-filter button').length === 5")
    visible = """
        const rows = Array.from(document.querySelectorAll('table.code-table tbody tr'));
        return rows.filter(row => !row.hidden && !row.closest('table').hidden)
                   .map(row => row.children[0].textContent.trim());
    """
    everything = browser.execute_script(visible)
    assert {"550", "X.1.3", "X.2.2", "354"} <= set(everything)
    browser.execute_script(
        "document.querySelector('div.code-filter button[data-class=\"4\"]').click();"
    )
    transient = set(browser.execute_script(visible))
    assert {"421", "X.2.2", "4.XXX.YYY"} <= transient
    assert not {"550", "X.1.3", "354", "5.XXX.YYY"} & transient


def test_every_reason_and_vendor_has_a_page(html: Path) -> None:
    from smtpcodes.reasons import reason_entries, vendor_entries

    reasons = [entry.name for entry in reason_entries()]
    vendors = [entry.id for entry in vendor_entries()]
    assert [name for name in reasons if not (html / "reasons" / f"{name}.html").is_file()] == []
    assert [name for name in vendors if not (html / "vendors" / f"{name}.html").is_file()] == []
    index = read_page(html / "reasons" / "index.html").hrefs
    assert all(f"{name}.html" in index for name in reasons)
    assert all(f"{name}.html" in read_page(html / "vendors" / "index.html").hrefs
               for name in vendors)


def test_reason_page_gives_both_sides_and_links_codes_and_providers(html: Path) -> None:
    from smtpcodes.reasons import reason_entry

    entry = reason_entry("mailboxfull")
    assert entry is not None
    page = read_page(html / "reasons" / "mailboxfull.html")
    words = " ".join(" ".join(page.text).split())
    assert entry.title in words
    assert "If your mail was refused" in words and "If your server refused it" in words
    assert "../codes/X.2.2.html" in page.hrefs
    assert any(href.startswith("../vendors/") for href in page.hrefs), "providers' codes"
    assert words.split("Rule ", 1)[1].startswith("en-"), "English wordings first"


def test_vendor_page_explains_its_codes_and_links_reasons(html: Path) -> None:
    page = read_page(html / "vendors" / "google.html")
    words = " ".join(" ".join(page.text).split())
    assert "5.7.26" in words
    assert "../reasons/authfailure.html" in page.hrefs
    assert any(href.startswith("https://support.google.com/") for href in page.hrefs)


def test_code_page_leads_to_its_reason(html: Path) -> None:
    assert "../reasons/mailboxfull.html" in read_page(html / "codes" / "X.2.2.html").hrefs
    assert "../reasons/userunknown.html" in read_page(html / "codes" / "X.1.1.html").hrefs


def test_scan_html_page_renders_with_its_charts_and_the_json_figures(
    browser: Any, tmp_path: Path,
) -> None:
    """``scan --html`` in Chromium: it renders offline, its charts are drawn, and every
    figure it shows equals the one of ``scan --json``."""
    import json

    logs = [str(ROOT / "examples" / "maillog"),
            str(ROOT / "tests" / "fixtures" / "logs" / "postfix.log")]
    page = tmp_path / "report.html"
    subprocess.run([sys.executable, "-m", "smtpcodes", "scan", "--year", "2026", "--html",
                    str(page), *logs], capture_output=True, check=True, timeout=120)
    data = json.loads(subprocess.run(
        [sys.executable, "-m", "smtpcodes", "scan", "--json", "--year", "2026", *logs],
        capture_output=True, check=True, timeout=120).stdout)
    text = page.read_text(encoding="utf-8")
    assert "http://" not in text and "https://" not in text, "nothing from the network"
    browser.get(page.as_uri())
    charts = browser.execute_script(
        "return Array.from(document.querySelectorAll('svg.chart'), svg =>"
        " [svg.dataset.chart, svg.querySelectorAll('rect').length,"
        "  svg.getBoundingClientRect().height]);")
    drawn = {name: (bars, height) for name, bars, height in charts}
    assert {"by_day", "by_hour", "failures_by_reason", "rejections_by_reason"} <= set(drawn)
    assert all(bars > 0 and height > 50 for bars, height in drawn.values()), drawn
    figures = browser.execute_script(
        "return Array.from(document.querySelectorAll('[data-key]'),"
        " cell => [cell.dataset.key, cell.textContent]);")
    assert len(figures) > 50
    for key, shown in figures:
        value: Any = data
        for part in key.split("."):
            value = value[int(part)] if part.isdigit() else value[part]
        assert shown == str(value), key


def search_results(browser: Any, site_url: str, query: str) -> list[str]:
    """The pages a search of the site lists, in order."""
    from urllib.parse import quote_plus

    browser.get(f"{site_url}/search.html?q={quote_plus(query)}")
    wait_for(browser,
             "(document.querySelector('#search-results .search-summary') || {}).textContent")
    hrefs = browser.execute_script(
        "return Array.from(document.querySelectorAll('#search-results ul.search li > a'),"
        " a => a.getAttribute('href'));")
    return [href.split("?")[0].split("#")[0] for href in hrefs]


@pytest.mark.parametrize(("query", "page"), [
    ("user unknown", "codes/X.1.1.html"), ("no such user", "codes/X.1.1.html"),
    ("dmarc", "codes/X.7.26.html"), ("greylisting", "codes/X.7.1.html"),
    ("blacklisted", "reasons/blocked.html"), ("too many connections", "codes/421.html"),
    ("over quota", "codes/X.2.2.html"),
])
def test_the_words_people_type_rank_the_right_page_first(
    browser: Any, site_url: str, query: str, page: str,
) -> None:
    results = search_results(browser, site_url, query)
    assert results and results[0] == page, results[:5]


def test_a_pasted_reply_gets_a_direct_answer(browser: Any, site_url: str) -> None:
    search_results(browser, site_url, "550 5.1.1 <bob@example.com>: User unknown")
    answers = browser.execute_script(
        "return Array.from(document.querySelectorAll('.code-answer p'),"
        " p => [p.querySelector('a').getAttribute('href'), p.textContent]);")
    assert answers[0][0].endswith("codes/X.1.1.html#5.1.1"), answers
    detail = smtpcodes.lookup("X.1.1")
    assert isinstance(detail, DetailEntry)
    assert detail.by_class[5].summary in answers[0][1]
    assert answers[1][0].endswith("codes/550.html")
    # the link leads to the 5.1.1 section itself
    browser.get(f"{site_url}/{answers[0][0]}")
    assert browser.execute_script("return document.getElementById('5.1.1') !== null;")


def test_codes_as_people_write_them_lead_to_their_section(browser: Any, site_url: str) -> None:
    browser.get(f"{site_url}/codes/4.2.2.html")
    landed = wait_for(browser, "location.href.includes('X.2.2.html') ? location.href : null")
    assert landed.endswith("codes/X.2.2.html#4.2.2")


def test_on_a_phone_the_answer_comes_first_and_nothing_scrolls_sideways(
    browser: Any, site_url: str,
) -> None:
    browser.set_window_size(390, 844)
    try:
        for page in ("codes/X.1.1.html", "codes/X.2.2.html", "codes/550.html",
                     "codes/index.html", "reasons/blocked.html"):
            browser.get(f"{site_url}/{page}")
            wait_for(browser, "document.readyState === 'complete' || null")
            wide = browser.execute_script(
                "return document.documentElement.scrollWidth - window.innerWidth;")
            assert wide <= 1, (page, wide)
        browser.get(f"{site_url}/codes/X.1.1.html")
        wait_for(browser, "document.readyState === 'complete' || null")
        first = browser.execute_script(
            "const h = Array.from(document.querySelectorAll('article h2'))[0];"
            "const means = Array.from(document.querySelectorAll('article dt'))"
            "  .find(dt => dt.textContent.startsWith('What it means'));"
            "return [h.textContent, means.getBoundingClientRect().top, window.innerHeight];")
        assert first[0].startswith("5.1.1"), "the class the RFCs allow first"
        assert first[1] < first[2], "What it means is on the first screen"
    finally:
        browser.set_window_size(1280, 1024)


def test_see_also_and_neighbours_link_the_codes_people_confuse(html: Path) -> None:
    page = read_page(html / "codes" / "X.1.1.html")
    for other in ("X.1.2.html", "X.1.6.html", "X.1.10.html"):
        assert other in page.hrefs, other
    assert "X.1.0.html" in page.hrefs and "X.1.2.html" in page.hrefs  # previous, next
    assert "550.html" in read_page(html / "codes" / "450.html").hrefs


def test_code_pages_are_in_the_sidebar(html: Path) -> None:
    class Sidebar(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.depth = 0
            self.links: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            classes = dict(attrs).get("class") or ""
            if tag == "div" and "sidebar-tree" in classes:
                self.depth = 1
            elif self.depth and tag == "div":
                self.depth += 1
            if self.depth and tag == "a":
                self.links.append(dict(attrs).get("href") or "")

        def handle_endtag(self, tag: str) -> None:
            if self.depth and tag == "div":
                self.depth -= 1

    sidebar = Sidebar()
    sidebar.feed((html / "codes" / "X.1.1.html").read_text(encoding="utf-8"))
    for page in ("X.1.YYY.html", "550.html", "5.XXX.YYY.html"):
        assert page in sidebar.links, page
    # a detail is one step further: in its subject's page, which the sidebar lists
    assert "X.1.1.html" in read_page(html / "codes" / "X.1.YYY.html").hrefs


def test_every_code_page_title_carries_its_codes(html: Path) -> None:
    for entry in smtpcodes.all_entries():
        title = re.search(r"<title>(.*?)</title>",
                          (html / "codes" / f"{entry.code}.html").read_text(encoding="utf-8"))
        assert title is not None
        codes = [entry.code] + ([f"{digit}.{entry.code[2:]}" for digit in entry.by_class]
                                if isinstance(entry, DetailEntry) else [])
        assert all(code in title.group(1) for code in codes), (entry.code, title.group(1))


def test_code_pages_show_what_real_replies_send_with_them_and_how_providers_word_it(
    html: Path,
) -> None:
    def words(name: str) -> str:
        return " ".join(" ".join(read_page(html / "codes" / name).text).split())

    seen = words("421.html").split("Commonly seen with", 1)[1][:300]
    assert "4.7.0" in seen
    seen = words("550.html").split("Commonly seen with", 1)[1][:300]
    assert "5.1.1" in seen and "5.7.1" in seen
    providers = words("X.7.26.html").split("How providers word it", 1)[1][:400]
    assert providers.startswith(" ¶ Google") or "Google" in providers


def test_sitemap_lists_the_pages_under_the_published_address() -> None:
    sys.path.insert(0, str(DOCS / "_ext"))
    import codepages

    xml = codepages.sitemap_xml("https://example.org/smtpcodes", ["index.html",
                                                                  "codes/X.1.1.html"])
    assert "<loc>https://example.org/smtpcodes/codes/X.1.1.html</loc>" in xml
    assert xml.startswith('<?xml version="1.0" encoding="UTF-8"?>')


# -- the French site ---------------------------------------------------------------------

def test_the_french_site_is_written_beside_the_english_one(html: Path) -> None:
    """The ordinary build writes OUT/fr, in French, from the same data and catalogs."""
    from smtpcodes import _lang_fr

    page = (html / "fr" / "codes" / "X.2.2.html").read_text(encoding="utf-8")
    assert re.search(r'<html[^>]* lang="fr"', page)
    text = "".join(read_page(html / "fr" / "codes" / "X.2.2.html").text)
    for digit in (4, 5):
        french = _lang_fr.TEXT[f"detail/X.2.2/{digit}/summary"]
        assert french.replace("'", "\u2019") in text.replace("'", "\u2019"), digit
    assert "$ smtpcode --lang fr explain 5.2.2" in text
    assert "Que faire" in text or "Que faire" in _lang_fr.TEXT["word/What to do"]
    assert (html / "fr" / "reasons" / "mailboxfull.html").exists()
    assert (html / "fr" / "vendors" / "orange.html").exists()
    assert (html / "fr" / "codes" / "5.2.2.html").exists()  # the code as people write it
    guide = "".join(read_page(html / "fr" / "guide.html").text)
    for step in ("telnet", "EHLO", "MAIL FROM", "RCPT TO", "DATA", "mail.log"):
        assert step in guide, step


def test_every_page_links_to_the_other_language(html: Path) -> None:
    pairs = {
        html / "codes" / "X.2.2.html": "../fr/codes/X.2.2.html",
        html / "index.html": "fr/index.html",
        html / "api.html": "fr/index.html",  # no French page: the French home page
        html / "fr" / "codes" / "X.2.2.html": "../../codes/X.2.2.html",
        html / "fr" / "reasons" / "blocked.html": "../../reasons/blocked.html",
        html / "fr" / "guide.html": "../guide.html",
    }
    for page, target in pairs.items():
        assert target in read_page(page).hrefs, page
        assert (page.parent / target).resolve().exists(), target
    # every page of content; the theme's own search and index pages have no body to carry it
    generated = {"search.html", "genindex.html", "py-modindex.html"}
    pages = [path for path in html.rglob("*.html")
             if "_static" not in path.parts and path.name not in generated
             and "http-equiv=\"refresh\"" not in path.read_text(encoding="utf-8")]
    assert len(pages) > 350  # about 180 pages in each language
    missing = [str(path.relative_to(html)) for path in pages
               if 'class="language-switch"' not in path.read_text(encoding="utf-8")]
    assert not missing, missing[:10]


def test_french_search_for_a_full_mailbox_finds_x22(browser: Any, site_url: str) -> None:
    results = search_results(browser, f"{site_url}/fr", "boîte pleine")
    assert "codes/X.2.2.html" in results, results
    assert browser.execute_script("return document.documentElement.lang;") == "fr"
