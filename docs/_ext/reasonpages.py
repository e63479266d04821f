"""Sphinx extension: a page per reason and per mail provider, generated from smtpcodes' data.

On ``builder-inited`` it writes ``reasons/<name>.rst`` and ``reasons/index.rst`` (why a
delivery failed: ``userunknown``, ``mailboxfull`` ...) and ``vendors/<id>.rst`` and
``vendors/index.rst`` (the providers whose own codes and wordings the library knows). Like
the code pages, the folders are generated, never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

from codepages import (
    bullet_list,
    command,
    console,
    heading,
    index_entries,
    table,
    text,
    who_text,
)
from searchterms import terms_for
from sitelang import set_site_language, site_language, tx, w
from sphinx.application import Sphinx
from sphinx.util import logging

from smtpcodes import lookup
from smtpcodes._reasons_data import VOCABULARY
from smtpcodes.cli.render import reason_text, vendor_text
from smtpcodes.errors import SMTPCodeError
from smtpcodes.reasons import reason_entries, reason_entry, shipped, vendor_entries
from smtpcodes.records import ReasonEntry, VendorCode, VendorEntry

logger = logging.getLogger(__name__)

GENERATED_NOTE = ".. This file is generated from smtpcodes' data by docs/_ext/reasonpages.py.\n\n"
OUTPUT_WIDTH = 78
#: real replies a reason page shows at most
EXAMPLES_SHOWN = 6
def vocabulary_name(key: str) -> str:
    names = {"sisimai": "Sisimai", "kumomta": w("KumoMTA bounce class"), "ses": "Amazon SES",
             "sendgrid": "SendGrid", "postmark": "Postmark"}
    return names.get(key, key)


def link(folder: str, name: str, label: str | None = None) -> str:
    """A link to a generated page in another folder."""
    return f":doc:`{label or name} </{folder}/{name}>`" if label else f":doc:`/{folder}/{name}`"


def code_link(code: str) -> str:
    """A code as a link to its page (5.1.1 to X.1.1), or as text when none has one."""
    if code.endswith("XX"):  # "2XX": every reply code of a class
        return f"``{code}``"
    try:
        entry = lookup(code)
    except SMTPCodeError:
        return f"``{code}``"
    return f":doc:`{code} </codes/{entry.code}>`"


def vocabulary_line(kind: str, name: str) -> str:
    found = next((item for item in VOCABULARY if item.kind == kind and item.name == name), None)
    if found is None:
        return f"``{name}``"
    place = f"{kind}/{name}"
    return (f"{text(tx(f'{place}/title', found.title))} (``{name}``){w(':')}"
            f" {text(tx(f'{place}/description', found.description))}")


class ReasonSite:
    """The reasons and vendors, indexed the ways their pages need them."""

    def __init__(self) -> None:
        self.reasons = list(reason_entries())
        self.vendors = list(vendor_entries())
        self.patterns = shipped().patterns.patterns

    def vendor_codes(self, reason: ReasonEntry) -> list[tuple[VendorEntry, VendorCode]]:
        names = {reason.name, *reason.aliases}
        return [(vendor, code) for vendor in self.vendors for code in vendor.codes
                if code.reason in names]

    def pages(self) -> dict[str, str]:
        """Path (under the source folder) to reST text, for every page."""
        pages = {"reasons/index.rst": self.reasons_index(),
                 "vendors/index.rst": self.vendors_index()}
        for reason in self.reasons:
            pages[f"reasons/{reason.name}.rst"] = ":orphan:\n\n" + self.reason_page(reason)
        for vendor in self.vendors:
            pages[f"vendors/{vendor.id}.rst"] = ":orphan:\n\n" + self.vendor_page(vendor)
        return {path: GENERATED_NOTE + page for path, page in pages.items()}

    # -- reasons -----------------------------------------------------------------------------

    def reasons_index(self) -> str:
        out = [heading(w("Why a delivery failed: reasons"), "=")]
        out.append(w(
            "A reply's code says whether to retry; its words say why it failed. The library"
            " reads both and names one reason from the vocabulary bounce tools already speak"
            " (Sisimai's), with the rule that decided. Each reason has advice for the sender"
            " whose mail was refused and for the administrator of the server that refused it."
            " Print one with {command}.", command="``smtpcode list --code NAME``") + "\n\n")
        rows = [(link("reasons", reason.name, reason.name),
                 text(reason.in_language("title", site_language())),
                 w("yes") if reason.hard_bounce else w("no"), f"``{reason.remedy}``",
                 text(reason.in_language("summary", site_language())))
                for reason in self.reasons]
        out.append(table((w("Reason"), w("Title"), w("Hard bounce"), w("Remedy"), w("Summary")),
                         rows, widths="16 20 10 16 38"))
        out.append(heading(w("Mail providers"), "-"))
        out.append(w("The providers whose own codes and wordings are known: {link}.",
                     link=link("vendors", "index")) + "\n\n")
        return "".join(out)

    def reason_page(self, reason: ReasonEntry) -> str:
        lang = site_language()
        title = reason.in_language("title", lang)
        summary = reason.in_language("summary", lang)
        out = [f".. meta::\n   :description: {title}: {summary}\n\n"]
        out.append(heading(text(f"{title} ({reason.name})"), "="))
        # Filed under its names only: a search for the words ("mailbox full") finds the
        # code page first, which leads here.
        out.append(index_entries([reason.name, *reason.aliases,
                                  *terms_for(f"reasons/{reason.name}")]))
        out.append(f"**{text(summary)}.**\n\n")
        fields = [
            f":{w('Hard bounce')}: " + (w("yes: the address itself is bad; do not mail it again")
                                       if reason.hard_bounce
                                       else w("no: the address may still work")),
            f":{w('Remedy')}: {vocabulary_line('remedy', reason.remedy)}",
        ]
        if reason.remedy_transient:
            fields.append(f":{w('When temporary')}:"
                          f" {vocabulary_line('remedy', reason.remedy_transient)}")
        fields.append(f":{w('Applies to')}: {vocabulary_line('scope', reason.scope)}")
        fields.append(f":{w('Who acts')}: {who_text(reason.who)}")
        if reason.codes:
            fields.append(f":{w('Decided by the code alone')}: "
                          + ", ".join(code_link(code) for code in reason.codes))
        if reason.aliases:
            fields.append(f":{w('Older names')}: "
                          + ", ".join(f"``{alias}``" for alias in reason.aliases))
        out.append("\n".join(fields) + "\n\n")
        out.append(heading(w("What it means"), "-")
                   + text(reason.in_language("meaning", lang)) + "\n\n")
        out.append(heading(w("If your mail was refused"), "-")
                   + text(reason.in_language("sender", lang)) + "\n\n")
        out.append(heading(w("If your server refused it"), "-")
                   + text(reason.in_language("receiver", lang)) + "\n\n")
        if reason.elsewhere:
            out.append(heading(w("In other tools"), "-"))
            out.append(bullet_list([f"{vocabulary_name(key)}{w(':')} ``{value}``"
                                    for key, value in reason.elsewhere]))
        out.append(self.reason_wordings(reason))
        vendor_codes = self.vendor_codes(reason)
        if vendor_codes:
            out.append(heading(w("Providers' own codes for it"), "-"))
            out.append(bullet_list([
                f"{link('vendors', vendor.id, vendor.name)} {text(code.label or w('wording'))}"
                f"{w(':')} {text(tx(f'{code.place}/meaning', code.meaning))}"
                for vendor, code in vendor_codes]))
        if reason.sources:
            out.append(heading(w("Sources"), "-"))
            out.append(bullet_list([f"``{source}``" for source in reason.sources]))
        out.append(heading(w("Print it with smtpcode"), "-"))
        out.append(console(command(f"list --code {reason.name}"),
                           reason_text(reason, width=OUTPUT_WIDTH, lang=site_language())))
        out.append("----\n\n" + w("Every reason: {link}.", link=link("reasons", "index"))
                   + "\n")
        return "".join(out)

    def reason_wordings(self, reason: ReasonEntry) -> str:
        """How many word rules name the reason, by language, and real replies they match."""
        rules = [pattern for pattern in self.patterns if pattern.reason == reason.name]
        if not rules:
            return ""
        languages: dict[str, int] = {}
        for rule in rules:
            languages[rule.lang] = languages.get(rule.lang, 0) + 1
        counts = ", ".join(w("{count} in {language}", count=count, language=f"``{lang}``")
                           for lang, count in languages.items())
        out = [heading(w("How servers word it"), "-")]
        out.append(w("{count} word rules read this reason ({counts}). Real replies they match,"
                     " each with where it was seen:", count=len(rules), counts=counts) + "\n\n")
        shown = 0
        for rule in sorted(rules, key=lambda rule: rule.lang != "en"):  # English first
            if not rule.examples or shown >= EXAMPLES_SHOWN:
                continue
            block = "\n".join("   " + line for line in rule.examples[0].split("\n"))
            source = rule.sources[0] if rule.sources else w("the rule's data")
            out.append(f"::\n\n{block}\n\n"
                       + w("*Rule* {rule}; *seen in* {source}", rule=f"``{rule.id}``",
                           source=f"``{source}``") + "\n\n")
            shown += 1
        return "".join(out)

    # -- vendors -----------------------------------------------------------------------------

    def vendors_index(self) -> str:
        out = [heading(w("Mail providers"), "=")]
        out.append(w(
            "Large providers write their own codes and tokens into their replies (Yahoo's"
            " ``[TSS04]``, Microsoft's ``5.7.509``, Orange's ``OFR_999``). The library"
            " recognises each provider from the reply (its server names and tokens) and"
            " explains the provider's own meaning, with the page it comes from and the date"
            " it was checked.") + "\n\n")
        rows = [(link("vendors", vendor.id, vendor.name), text(", ".join(vendor.products)),
                 str(len(vendor.codes)), vendor.checked) for vendor in self.vendors]
        out.append(table((w("Provider"), w("Products"), w("Entries"), w("Checked")), rows,
                         widths="20 50 10 20"))
        out.append(w("Why deliveries fail, whoever the provider: {link}.",
                     link=link("reasons", "index")) + "\n")
        return "".join(out)

    def vendor_page(self, vendor: VendorEntry) -> str:
        out = [".. meta::\n   :description: " + w("{name} SMTP error codes and bounce messages,"
                                                   " explained", name=vendor.name) + "\n\n"]
        out.append(heading(text(w("{name}: its SMTP codes and replies", name=vendor.name)), "="))
        labels = [code.label for code in vendor.codes if code.label]
        out.append(index_entries([vendor.name, vendor.id, *vendor.products, *labels]))
        page_label = w("Provider's page")
        fields = [
            f":{w('Products')}: {text(', '.join(vendor.products))}",
            f":{page_label}: `{vendor.url} <{vendor.url}>`__ "
            + w("(checked {date})", date=vendor.checked),
            f":{w('Recognised by')}: " + ", ".join(f"``{host}``" for host in vendor.hosts),
        ]
        if vendor.retry:
            fields.append(f":{w('Retry advice')}:"
                          f" {text(tx(f'vendor/{vendor.id}/retry', vendor.retry))}")
        out.append("\n".join(fields) + "\n\n")
        out.append(heading(w("Codes and replies"), "-"))
        for code in vendor.codes:
            label = code.label or w("Its wording")
            out.append(heading(text(label), "~"))
            out.append(f"{text(tx(f'{code.place}/meaning', code.meaning))}\n\n")
            parts = [f":{w('What to do')}: {text(tx(f'{code.place}/action', code.action))}"]
            entry = reason_entry(code.reason) if code.reason else None
            if entry is not None:
                title = entry.in_language("title", site_language())
                parts.append(f":{w('Reason')}: {link('reasons', entry.name, title)}")
            if code.url:
                parts.append(f":{page_label}: `{code.url} <{code.url}>`__")
            out.append("\n".join(parts) + "\n\n")
            if code.examples:
                block = "\n".join("   " + line for line in code.examples[0].split("\n"))
                out.append(w("As seen") + w(":") + "\n\n::\n\n" + block + "\n\n")
        if vendor.sources:
            out.append(heading(w("Sources"), "-"))
            out.append(bullet_list([f"``{source}``" for source in vendor.sources]))
        out.append(heading(w("Print it with smtpcode"), "-"))
        out.append(console(command(f"list --code {vendor.id}"),
                           vendor_text(vendor, width=OUTPUT_WIDTH, lang=site_language())))
        out.append("----\n\n" + w("Every provider: {link}.", link=link("vendors", "index"))
                   + "\n")
        return "".join(out)


def write_pages(srcdir: Path) -> int:
    """Write the generated sources into ``srcdir/reasons`` and ``srcdir/vendors``; return how
    many files changed."""
    pages = ReasonSite().pages()
    changed = 0
    for folder in ("reasons", "vendors"):
        (srcdir / folder).mkdir(exist_ok=True)
    for name, content in pages.items():
        path = srcdir / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed += 1
    for folder in ("reasons", "vendors"):
        for path in (srcdir / folder).glob("*.rst"):
            if f"{folder}/{path.name}" not in pages:
                path.unlink()
                changed += 1
    return changed


def check_search_terms(srcdir: Path) -> None:
    """Every page data/search-terms.toml names must exist (after both generators ran)."""
    from codepages import see_also_groups
    from searchterms import pages

    missing = [page for page in pages() if not (srcdir / f"{page}.rst").exists()]
    missing += [f"codes/{code}" for group in see_also_groups() for code in group
                if not (srcdir / "codes" / f"{code}.rst").exists()]
    if missing:
        raise ValueError(f"data/search-terms.toml names pages that do not exist: {missing}")


def _on_builder_inited(app: Sphinx) -> None:
    set_site_language(app.config.language)
    changed = write_pages(Path(app.srcdir))
    check_search_terms(Path(app.srcdir))
    logger.info("reasonpages: %d generated page(s) written", changed)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
