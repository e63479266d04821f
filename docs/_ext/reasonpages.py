"""Sphinx extension: a page per reason and per mail provider, generated from smtpcodes' data.

On ``builder-inited`` it writes ``reasons/<name>.rst`` and ``reasons/index.rst`` (why a
delivery failed: ``userunknown``, ``mailboxfull`` ...) and ``vendors/<id>.rst`` and
``vendors/index.rst`` (the providers whose own codes and wordings the library knows). Like
the code pages, the folders are generated, never edited by hand.
"""

from __future__ import annotations

from pathlib import Path

from codepages import bullet_list, console, heading, index_entries, table, text, who_text
from searchterms import terms_for
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
#: the names of the vocabularies a reason is also known by
VOCABULARIES = {
    "sisimai": "Sisimai", "kumomta": "KumoMTA bounce class", "ses": "Amazon SES",
    "sendgrid": "SendGrid", "postmark": "Postmark",
}


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
    word = next((item for item in VOCABULARY if item.kind == kind and item.name == name), None)
    if word is None:
        return f"``{name}``"
    return f"{text(word.title)} (``{name}``): {text(word.description)}"


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
        out = [heading("Why a delivery failed: reasons", "=")]
        out.append(
            "A reply's code says whether to retry; its words say why it failed. The library"
            " reads both and names one reason from the vocabulary bounce tools already speak"
            " (Sisimai's), with the rule that decided. Each reason has advice for the sender"
            " whose mail was refused and for the administrator of the server that refused it."
            " Print one with ``smtpcode list --code NAME``.\n\n"
        )
        rows = [(link("reasons", reason.name, reason.name), text(reason.title),
                 "yes" if reason.hard_bounce else "no", f"``{reason.remedy}``",
                 text(reason.summary)) for reason in self.reasons]
        out.append(table(("Reason", "Title", "Hard bounce", "Remedy", "Summary"), rows,
                         widths="16 20 10 16 38"))
        out.append(heading("Mail providers", "-"))
        out.append(
            f"The providers whose own codes and wordings are known: {link('vendors', 'index')}.\n\n"
        )
        return "".join(out)

    def reason_page(self, reason: ReasonEntry) -> str:
        out = [f".. meta::\n   :description: {reason.title}: {reason.summary}\n\n"]
        out.append(heading(text(f"{reason.title} ({reason.name})"), "="))
        # Filed under its names only: a search for the words ("mailbox full") finds the
        # code page first, which leads here.
        out.append(index_entries([reason.name, *reason.aliases,
                                  *terms_for(f"reasons/{reason.name}")]))
        out.append(f"**{text(reason.summary)}.**\n\n")
        fields = [
            ":Hard bounce: " + ("yes: the address itself is bad; do not mail it again"
                                if reason.hard_bounce else "no: the address may still work"),
            f":Remedy: {vocabulary_line('remedy', reason.remedy)}",
        ]
        if reason.remedy_transient:
            fields.append(f":When temporary: {vocabulary_line('remedy', reason.remedy_transient)}")
        fields.append(f":Applies to: {vocabulary_line('scope', reason.scope)}")
        fields.append(f":Who acts: {who_text(reason.who)}")
        if reason.codes:
            fields.append(":Decided by the code alone: "
                          + ", ".join(code_link(code) for code in reason.codes))
        if reason.aliases:
            fields.append(":Older names: " + ", ".join(f"``{alias}``" for alias in reason.aliases))
        out.append("\n".join(fields) + "\n\n")
        out.append(heading("What it means", "-") + text(reason.meaning) + "\n\n")
        out.append(heading("If your mail was refused", "-") + text(reason.sender) + "\n\n")
        out.append(heading("If your server refused it", "-") + text(reason.receiver) + "\n\n")
        if reason.elsewhere:
            out.append(heading("In other tools", "-"))
            out.append(bullet_list([f"{VOCABULARIES.get(key, key)}: ``{value}``"
                                    for key, value in reason.elsewhere]))
        out.append(self.reason_wordings(reason))
        vendor_codes = self.vendor_codes(reason)
        if vendor_codes:
            out.append(heading("Providers' own codes for it", "-"))
            out.append(bullet_list([
                f"{link('vendors', vendor.id, vendor.name)} {text(code.label or 'wording')}:"
                f" {text(code.meaning)}" for vendor, code in vendor_codes]))
        if reason.sources:
            out.append(heading("Sources", "-"))
            out.append(bullet_list([f"``{source}``" for source in reason.sources]))
        out.append(heading("Print it with smtpcode", "-"))
        out.append(console(f"smtpcode list --code {reason.name}",
                           reason_text(reason, width=OUTPUT_WIDTH)))
        out.append(f"----\n\nEvery reason: {link('reasons', 'index')}.\n")
        return "".join(out)

    def reason_wordings(self, reason: ReasonEntry) -> str:
        """How many word rules name the reason, by language, and real replies they match."""
        rules = [pattern for pattern in self.patterns if pattern.reason == reason.name]
        if not rules:
            return ""
        languages: dict[str, int] = {}
        for rule in rules:
            languages[rule.lang] = languages.get(rule.lang, 0) + 1
        counts = ", ".join(f"{count} in ``{lang}``" for lang, count in languages.items())
        out = [heading("How servers word it", "-")]
        out.append(f"{len(rules)} word rules read this reason ({counts}). Real replies they"
                   " match, each with where it was seen:\n\n")
        shown = 0
        for rule in sorted(rules, key=lambda rule: rule.lang != "en"):  # English first
            if not rule.examples or shown >= EXAMPLES_SHOWN:
                continue
            block = "\n".join("   " + line for line in rule.examples[0].split("\n"))
            source = rule.sources[0] if rule.sources else "the rule's data"
            out.append(f"::\n\n{block}\n\n*Rule* ``{rule.id}``; *seen in* ``{source}``\n\n")
            shown += 1
        return "".join(out)

    # -- vendors -----------------------------------------------------------------------------

    def vendors_index(self) -> str:
        out = [heading("Mail providers", "=")]
        out.append(
            "Large providers write their own codes and tokens into their replies (Yahoo's"
            " ``[TSS04]``, Microsoft's ``5.7.509``, Orange's ``OFR_999``). The library"
            " recognises each provider from the reply (its server names and tokens) and"
            " explains the provider's own meaning, with the page it comes from and the date"
            " it was checked.\n\n"
        )
        rows = [(link("vendors", vendor.id, vendor.name), text(", ".join(vendor.products)),
                 str(len(vendor.codes)), vendor.checked) for vendor in self.vendors]
        out.append(table(("Provider", "Products", "Entries", "Checked"), rows,
                         widths="20 50 10 20"))
        out.append(f"Why deliveries fail, whoever the provider: {link('reasons', 'index')}.\n")
        return "".join(out)

    def vendor_page(self, vendor: VendorEntry) -> str:
        out = [f".. meta::\n   :description: {vendor.name} SMTP error codes and bounce"
               " messages, explained\n\n"]
        out.append(heading(text(f"{vendor.name}: its SMTP codes and replies"), "="))
        labels = [code.label for code in vendor.codes if code.label]
        out.append(index_entries([vendor.name, vendor.id, *vendor.products, *labels]))
        fields = [
            f":Products: {text(', '.join(vendor.products))}",
            f":Provider's page: `{vendor.url} <{vendor.url}>`__ (checked {vendor.checked})",
            ":Recognised by: " + ", ".join(f"``{host}``" for host in vendor.hosts),
        ]
        if vendor.retry:
            fields.append(f":Retry advice: {text(vendor.retry)}")
        out.append("\n".join(fields) + "\n\n")
        out.append(heading("Codes and replies", "-"))
        for code in vendor.codes:
            label = code.label or "Its wording"
            out.append(heading(text(label), "~"))
            out.append(f"{text(code.meaning)}\n\n")
            parts = [f":What to do: {text(code.action)}"]
            entry = reason_entry(code.reason) if code.reason else None
            if entry is not None:
                parts.append(f":Reason: {link('reasons', entry.name, entry.title)}")
            if code.url:
                parts.append(f":Provider's page: `{code.url} <{code.url}>`__")
            out.append("\n".join(parts) + "\n\n")
            if code.examples:
                block = "\n".join("   " + line for line in code.examples[0].split("\n"))
                out.append(f"As seen::\n\n{block}\n\n")
        if vendor.sources:
            out.append(heading("Sources", "-"))
            out.append(bullet_list([f"``{source}``" for source in vendor.sources]))
        out.append(heading("Print it with smtpcode", "-"))
        out.append(console(f"smtpcode list --code {vendor.id}",
                           vendor_text(vendor, width=OUTPUT_WIDTH)))
        out.append(f"----\n\nEvery provider: {link('vendors', 'index')}.\n")
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
    changed = write_pages(Path(app.srcdir))
    check_search_terms(Path(app.srcdir))
    logger.info("reasonpages: %d generated page(s) written", changed)


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
