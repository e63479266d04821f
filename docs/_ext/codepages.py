"""Sphinx extension: one page per code, and the index tables, generated from smtpcodes' data.

On ``builder-inited`` it writes reStructuredText sources into ``docs/codes/`` (a generated
folder, never edited by hand): ``codes/550.rst``, ``codes/X.2.2.rst``, ``codes/X.2.YYY.rst``,
``codes/5.XXX.YYY.rst`` and ``codes/index.rst``. A file is rewritten only when its text
changes, so incremental builds stay incremental, and files for codes the data no longer has
are removed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from searchterms import terms_for
from sitelang import set_site_language, site_language, tx, w
from sphinx.application import Sphinx
from sphinx.util import logging

import smtpcodes
from smtpcodes import BasicEntry, CategoryEntry, DetailEntry, StatusClass, explain
from smtpcodes._data import DATA_VERSION, REAL_REPLIES, REGISTRY_SNAPSHOT, REGISTRY_URL
from smtpcodes.cli.render import entry_text, explanation_text
from smtpcodes.entries import WHO_LABELS, Entry
from smtpcodes.reasons import reason_entries
from smtpcodes.records import ReasonEntry

logger = logging.getLogger(__name__)

FOLDER = "codes"
#: width of the command output shown on the pages (fits the theme's code blocks)
OUTPUT_WIDTH = 78
GENERATED_NOTE = ".. This file is generated from smtpcodes' data by docs/_ext/codepages.py.\n\n"


_SPECIAL = re.compile(r"([\\*_|`\[\]])")


def text(value: str) -> str:
    """Data prose as inline reST: ```command``` becomes a literal, markup characters stay text."""
    parts = value.split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: no literals, all plain text
        return _SPECIAL.sub(r"\\\1", value)
    out = []
    for index, part in enumerate(parts):
        out.append(f"``{part}``" if index % 2 else _SPECIAL.sub(r"\\\1", part))
    return "".join(out)


def heading(title: str, underline: str) -> str:
    return f"{title}\n{underline * len(title)}\n\n"


def rfc_link(reference: str, section: str | None = None) -> str:
    """A link to the official text (to its section, when known): the RFC Editor's page, or
    the IETF page of a draft."""
    if reference.startswith("RFC") and reference[3:].isdigit():
        number = reference[3:]
        anchor = f"#section-{section}" if section else ""
        label = (w("RFC {number} section {section}", number=number, section=section)
                 if section else f"RFC {number}")
        return f"`{label} <https://www.rfc-editor.org/rfc/rfc{number}{anchor}>`__"
    return f"`{reference} <https://datatracker.ietf.org/doc/{reference}/>`__"


def rfc_links(references: tuple[str, ...], sections: dict[str, str] | None = None) -> str:
    return ", ".join(rfc_link(reference, (sections or {}).get(reference))
                     for reference in references)


def rfc_sections(entry: Entry) -> dict[str, str]:
    """Where the RFCs define a code: RFC 3463 gives each subject's details a section (3.1
    for X.0, 3.2 for X.1 ... 3.8 for X.7); RFC 5321 lists every reply code in 4.2.3."""
    if isinstance(entry, DetailEntry) and 0 <= entry.subject_number <= 7:
        return {"RFC3463": f"3.{entry.subject_number + 1}"}
    if isinstance(entry, BasicEntry):
        return {"RFC5321": "4.2.3"}
    return {}


def command(arguments: str) -> str:
    """An ``smtpcode`` command line as a page shows it, in the language of the site."""
    lang = site_language()
    return f"smtpcode {arguments}" if lang == "en" else f"smtpcode --lang {lang} {arguments}"


def first_digit_link() -> str:
    """Where the guide explains the first digit (the French guide is written apart)."""
    target = ":ref:`first-digit`" if site_language() == "en" else ":doc:`/guide`"
    return w("see {link}", link=target)


def doc(code: str) -> str:
    """A link to a code page from another code page (they share the folder)."""
    return f":doc:`{code}`"


def short_link(code: str) -> str:
    """A link to a code page whose text is the code alone."""
    return f":doc:`{code} <{code}>`"


def detail_title(entry: DetailEntry, class_codes: list[str]) -> str:
    """A detail's title with its codes as people write them: "5.1.1 Bad destination mailbox
    address (X.1.1)", "4.2.2 and 5.2.2 Mailbox full (X.2.2)"."""
    if not class_codes:
        return title_of(entry)
    joined = w(" and ")
    written = joined.join(class_codes) if len(class_codes) <= 2 else (
        ", ".join(class_codes[:-1]) + joined + class_codes[-1])
    return f"{written} {entry.title} ({entry.code})"


def see_also_groups() -> list[list[str]]:
    """Codes people confuse, each group linked together (data/search-terms.toml)."""
    import tomllib

    path = Path(__file__).resolve().parents[2] / "data" / "search-terms.toml"
    with path.open("rb") as handle:
        return [list(group["codes"]) for group in tomllib.load(handle).get("see_also", [])]


def title_of(entry: Entry) -> str:
    if entry.title:
        return f"{entry.code} {entry.title}"
    if isinstance(entry, DetailEntry) and entry.replaced_by:
        return w("{code} (deprecated, replaced by {replacement})", code=entry.code,
                 replacement=entry.replaced_by)
    return entry.code


def index_entries(names: list[str]) -> str:
    """Main index entries: the search ranks a page first when the query is one of them."""
    lines = [f"   ! single: {name.replace(';', ',')}\n" for name in dict.fromkeys(names) if name]
    return ".. index::\n" + "".join(lines) + "\n"


def who_text(who: tuple[str, ...]) -> str:
    return w("; ").join(w(WHO_LABELS[name]) for name in who) or w("not said")


def class_label(digit: int) -> str:
    return w(StatusClass.from_digit(digit).label)


def summary_of(entry: Entry) -> str:
    return tx(f"{entry.kind}/{entry.code}/summary", entry.summary)


def meta(entry: Entry) -> str:
    description = f"{title_of(entry)}: {summary_of(entry)}".replace("\n", " ")
    return f".. meta::\n   :description: {description}\n\n"


def console(command: str, output: str) -> str:
    """A console block: the command, then its output."""
    lines = [f"$ {command}", *output.rstrip("\n").split("\n")]
    body = "\n".join(f"   {line}".rstrip() for line in lines)
    return f".. code-block:: console\n\n{body}\n\n"


def hidden_toctree(names: list[str]) -> str:
    """Pages placed in the sidebar's tree without a list on the page itself."""
    return "\n.. toctree::\n   :hidden:\n\n" + "".join(f"   {name}\n" for name in names) + "\n"


def bullet_list(items: list[str]) -> str:
    return "".join(f"- {item}\n" for item in items) + "\n"


def notes(entry: BasicEntry | CategoryEntry | DetailEntry) -> str:
    """The positions the data takes where sources disagree, written for the reader. (The
    registry note is the maintainers' shorthand about sources; it stays in the data and the
    JSON, not on the page.)"""
    items = [text(tx(f"{entry.kind}/{entry.code}/positions/{index}", position))
             for index, position in enumerate(getattr(entry, "positions", ()))]
    if not items:
        return ""
    return heading(w("Notes"), "-") + bullet_list(items)


#: how many real replies a code page shows at most
REAL_REPLIES_SHOWN = 4
#: how many providers' entries a code page shows at most
VENDOR_ROWS_SHOWN = 6


def real_replies_by_code() -> dict[str, list[tuple[str, str]]]:
    """The real replies of the data, under the keys of the codes ``parse`` finds in them
    (``550``, ``X.1.1``): the library itself decides which page shows a reply."""
    found: dict[str, list[tuple[str, str]]] = {}
    for reply_text, source in REAL_REPLIES:
        reply = smtpcodes.parse(reply_text)
        keys = [str(reply.basic)] if reply.basic is not None else []
        if reply.enhanced is not None:
            keys.append(reply.enhanced.registry_key)
        for key in keys:
            found.setdefault(key, []).append((reply_text, source))
    return found


def seen_together() -> dict[str, dict[str, int]]:
    """How often real replies pair each code with another: "550" -> {"5.1.1": 40, ...} and
    "5.1.1" -> {"550": 40, ...}. Read from every real reply the data quotes with its source
    (the real replies, the word rules' examples, the providers' examples)."""
    from smtpcodes.reasons import shipped, vendor_entries

    texts = [text for text, _ in REAL_REPLIES]
    texts += [example for pattern in shipped().patterns.patterns for example in pattern.examples]
    texts += [example for vendor in vendor_entries() for code in vendor.codes
              for example in code.examples]
    pairs: dict[str, dict[str, int]] = {}
    for text in dict.fromkeys(texts):
        try:
            reply = smtpcodes.parse(text)
        except smtpcodes.SMTPCodeError:
            continue
        if reply.basic is None or reply.enhanced is None:
            continue
        basic, enhanced = str(reply.basic), str(reply.enhanced)
        for one, other in ((basic, enhanced), (enhanced, basic)):
            table = pairs.setdefault(one, {})
            table[other] = table.get(other, 0) + 1
    return pairs


def seen_with_section(code: str, pairs: dict[str, dict[str, int]], pages: set[str],
                      shown: int = 6) -> str:
    """The codes real replies send with this one, apart from the registry's associations;
    ``pages``: the codes that have a page (a code outside the registry, a 571, has none)."""
    table = pairs.get(code, {})
    if not table:
        return ""
    ranked = sorted(table.items(), key=lambda item: (-item[1], item[0]))[:shown]
    links = []
    for other, count in ranked:
        key = f"X.{other[2:]}" if other[:1] in "245" and other.count(".") == 2 else other
        if key not in pages:
            target = text(other)
        elif "." not in other:
            target = f":doc:`{other} <{key}>`"
        else:
            target = f"`{other} <{key}.html#{other}>`__"
        links.append(f"{target} ({count})")
    return (heading(w("Commonly seen with"), "-")
            + w("In the real replies these data quote (not the registry's list): {links}.",
                links=", ".join(links)) + "\n\n")


def real_replies_section(examples: list[tuple[str, str]]) -> str:
    """Real replies that carry a code, each with where it comes from."""
    if not examples:
        return ""
    out = [heading(w("Seen in real replies"), "-")]
    out.append(w("As real mail servers wrote them (from the Sisimai project's bounce collection"
                 " and the postfix-grok-patterns test data):") + "\n\n")
    for reply_text, source in examples[:REAL_REPLIES_SHOWN]:
        block = "\n".join("   " + line for line in reply_text.split("\n"))
        out.append(f"::\n\n{block}\n\n")
        out.append(f"*{w('Source:')}* ``{source}``\n\n")
    return "".join(out)


class Site:
    """The data, indexed the ways the pages need it."""

    def __init__(self) -> None:
        entries = list(smtpcodes.all_entries())
        self.basic = [entry for entry in entries if isinstance(entry, BasicEntry)]
        self.categories = [entry for entry in entries if isinstance(entry, CategoryEntry)]
        self.details = [entry for entry in entries if isinstance(entry, DetailEntry)]
        self.codes = {entry.code for entry in entries}
        self.real_replies = real_replies_by_code()
        self.pairs = seen_together()

    def classes(self) -> list[CategoryEntry]:
        return [entry for entry in self.categories if entry.kind == "class"]

    def subjects(self) -> list[CategoryEntry]:
        return [entry for entry in self.categories if entry.kind == "subject"]

    def details_of_subject(self, subject: CategoryEntry) -> list[DetailEntry]:
        number = subject.code.split(".")[1]
        return [entry for entry in self.details if entry.code.split(".")[1] == number]

    def details_in_class(self, digit: int) -> list[DetailEntry]:
        return [
            entry for entry in self.details
            if digit in entry.valid_classes or digit in entry.seen_classes
        ]

    def associated_details(self, basic: BasicEntry) -> tuple[list[DetailEntry], list[DetailEntry]]:
        """Details the registry associates with this reply code: by name, and by ``5XX``/``Any``."""
        named = [entry for entry in self.details if basic.code in entry.basic_codes]
        wildcard = f"{basic.code[0]}XX"
        general = [
            entry for entry in self.details
            if basic.code not in entry.basic_codes
            and (wildcard in entry.basic_codes or "Any" in entry.basic_codes)
        ]
        return named, general

    @staticmethod
    def reasons_of(key: str, codes: list[str]) -> list[ReasonEntry]:
        """The reasons that a code means alone, for its page to link."""
        wanted = {key, *codes}
        return [reason for reason in reason_entries() if wanted & set(reason.codes)]

    def replacing(self, detail: DetailEntry) -> list[DetailEntry]:
        return [entry for entry in self.details if entry.replaced_by == detail.code]

    def basic_code_link(self, code: str) -> str:
        if code in self.codes:
            return doc(code)
        if code == "Any":
            return w("any reply code")
        if code.endswith("XX"):
            return w("any {code} reply code", code=code)
        return text(code)

    # -- pages ---------------------------------------------------------------------------

    def pages(self) -> dict[str, str]:
        """File name (in ``codes/``) to reST text, for every page."""
        pages = {"index.rst": self.index_page()}
        for basic in self.basic:
            pages[f"{basic.code}.rst"] = self.basic_page(basic)
        for category in self.categories:
            pages[f"{category.code}.rst"] = self.category_page(category)
        for detail in self.details:
            pages[f"{detail.code}.rst"] = self.detail_page(detail)
        # In the sidebar, under the code reference: the classes, the subjects and the basic
        # reply codes. The details are one step further, in their subject's table and in
        # previous/next links (all 81 in every page's sidebar would cost half the build).
        pages["index.rst"] += hidden_toctree(
            [entry.code for entry in self.classes()] + [entry.code for entry in self.subjects()]
            + [entry.code for entry in self.basic])
        listed = {"index.rst"} | {f"{entry.code}.rst" for entry in self.categories + self.basic}
        back_link = "----\n\n" + w("Every code, by class and subject: {link}.",
                                     link=":doc:`index`") + "\n"
        return {
            name: GENERATED_NOTE + ("" if name in listed else ":orphan:\n\n") + page
            + ("" if name == "index.rst" else back_link)
            for name, page in pages.items()
        }

    def basic_page(self, entry: BasicEntry) -> str:
        digit = int(entry.code[0])
        out = [meta(entry), heading(text(title_of(entry)), "=")]
        out.append(index_entries([entry.code, entry.title, *terms_for(f"codes/{entry.code}")]))
        place = f"basic/{entry.code}"
        out.append(f"**{text(summary_of(entry))}.**\n\n")
        out.append(
            f":{w('Kind')}: {w('basic reply code (RFC 5321 and extensions)')}\n"
            f":{w('Class')}: {digit}, {class_label(digit)} ({first_digit_link()})\n"
            f":{w('In reply to')}: {text(', '.join(entry.commands))}\n"
            f":{w('Who acts')}: {who_text(entry.who)}\n"
            f":RFCs: {rfc_links(entry.rfcs, rfc_sections(entry))}\n\n"
        )
        out.append(heading(w("What it means"), "-")
                   + text(tx(f"{place}/explanation", entry.explanation)) + "\n\n")
        out.append(heading(w("What to do"), "-")
                   + text(tx(f"{place}/action", entry.action)) + "\n\n")
        named, general = self.associated_details(entry)
        out.append(heading(w("Enhanced status codes sent with it"), "-"))
        if named:
            out.append(w("The IANA registry associates these enhanced status codes with"
                         " {code}:", code=entry.code) + "\n\n")
            out.append(bullet_list([f"{doc(detail.code)}" for detail in named]))
        else:
            out.append(w("The IANA registry names no enhanced status code for {code}.",
                         code=entry.code) + "\n\n")
        if general:
            out.append(w("These are associated with any {digit}XX reply code, or with any"
                         " code at all:", digit=entry.code[0]) + "\n\n")
            out.append(bullet_list([doc(detail.code) for detail in general]))
        out.append(real_replies_section(self.real_replies.get(entry.code, [])))
        out.append(seen_with_section(entry.code, self.pairs, self.codes))
        out.append(self.see_also(entry.code))
        out.append(notes(entry))
        out.append(heading(w("Print it with smtpcode"), "-"))
        out.append(console(command(f"explain {entry.code}"), self.explain_output(entry.code)))
        return "".join(out)

    def category_page(self, entry: CategoryEntry) -> str:
        out = [meta(entry), heading(text(title_of(entry)), "=")]
        out.append(index_entries([entry.code, entry.title]))
        place = f"{entry.kind}/{entry.code}"
        out.append(f"**{text(summary_of(entry))}.**\n\n")
        kind = (w("enhanced status code class (RFC 3463)") if entry.kind == "class"
                else w("enhanced status code subject (RFC 3463)"))
        out.append(
            f":{w('Kind')}: {kind}\n"
            f":RFCs: {rfc_links(entry.rfcs, rfc_sections(entry))}\n\n"
        )
        out.append(heading(w("What it means"), "-")
                   + text(tx(f"{place}/explanation", entry.explanation)) + "\n\n")
        out.append(heading(w("What to do"), "-")
                   + text(tx(f"{place}/action", entry.action)) + "\n\n")
        if entry.kind == "class":
            digit = int(entry.code[0])
            details = self.details_in_class(digit)
            out.append(heading(w("Enhanced status codes in class {digit}", digit=digit), "-"))
            out.append(w("Every registry detail that can be sent as {digit}.x.y; those marked"
                         " *seen* are outside what the RFCs allow but real servers send them.",
                         digit=digit) + "\n\n")
            out.append(self.detail_table(details, digit_filter=digit))
            basic = [code for code in self.basic if int(code.code[0]) == digit]
            out.append(heading(w("Basic reply codes of class {digit}", digit=digit), "-"))
            out.append(self.basic_table(basic))
        else:
            out.append(heading(w("Enhanced status codes with this subject"), "-"))
            out.append(self.detail_table(self.details_of_subject(entry)))
        out.append(notes(entry))
        out.append(heading(w("Print it with smtpcode"), "-"))
        output = entry_text(entry, width=OUTPUT_WIDTH, lang=site_language())
        out.append(console(command(f"list --code {entry.code}"), output))
        return "".join(out)

    def detail_page(self, entry: DetailEntry) -> str:
        subject = f"X.{entry.subject_number}.YYY"
        subject_entry = next(item for item in self.subjects() if item.code == subject)
        # the classes the RFCs allow first, then those servers use anyway
        digits = [digit for digit in entry.valid_classes if digit in entry.by_class] + [
            digit for digit in entry.by_class if digit not in entry.valid_classes]
        class_codes = [f"{digit}.{entry.code[2:]}" for digit in digits]
        out = [meta(entry), heading(text(detail_title(entry, class_codes)), "=")]
        out.append(index_entries([entry.code, entry.title, *class_codes,
                                  *terms_for(f"codes/{entry.code}")]))
        out.append(f"**{text(summary_of(entry))}.**\n\n")
        # the answer first: what each class means and what to do, then the facts
        for digit in digits:
            advice = entry.by_class[digit]
            code = f"{digit}.{entry.code[2:]}"
            seen = digit not in entry.valid_classes
            label = class_label(digit)
            # the anchor people link to: X.2.2.html#5.2.2 (and codes/5.2.2.html leads here)
            out.append(f'.. raw:: html\n\n   <span id="{code}"></span>\n\n')
            out.append(heading(text(f"{code}{w(':')} {label}"), "-"))
            at = f"detail/{entry.code}/{digit}"
            out.append(f"**{text(tx(f'{at}/summary', advice.summary))}.**\n\n")
            if seen:
                out.append("*" + w("The RFCs do not list class {digit} for {key}, but servers"
                                   " send {code} in practice.", digit=digit, key=entry.code,
                                   code=code) + "*\n\n")
            out.append(
                f":{w('What it means')}: {text(tx(f'{at}/meaning', advice.meaning))}\n"
                f":{w('What to do')}: {text(tx(f'{at}/action', advice.action))}\n"
                f":{w('Who acts')}: {who_text(advice.who)}\n\n"
            )
        out.append(heading(w("About this code"), "-"))
        out.append(text(tx(f"detail/{entry.code}/explanation", entry.explanation)) + "\n\n")
        fields = [
            f":{w('Kind')}: {w('enhanced status code (RFC 3463 and the IANA registry)')}",
            f":{w('Subject')}: {doc(subject)} ({text(subject_entry.title)})",
            f":{w('Classes')}: {self.classes_text(entry, links=True)}",
            f":{w('Basic codes')}: "
            + (", ".join(self.basic_code_link(code) for code in entry.basic_codes)
               or w("none named")),
            f":RFCs: {rfc_links(entry.rfcs, rfc_sections(entry))}",
        ]
        reasons = self.reasons_of(entry.code, class_codes)
        if reasons:
            fields.append(f":{w('Reason')}: " + ", ".join(
                f":doc:`{text(reason.in_language('title', site_language()))}"
                f" </reasons/{reason.name}>`" for reason in reasons))
        if entry.replaced_by:
            fields.append(f":{w('Deprecated')}: "
                          + w("replaced by {link}", link=doc(entry.replaced_by)))
        replacing = self.replacing(entry)
        if replacing:
            fields.append(f":{w('Replaces')}: " + ", ".join(doc(item.code) for item in replacing))
        out.append("\n".join(fields) + "\n\n")
        out.append(real_replies_section(self.real_replies.get(entry.code, [])))
        out.append(self.vendor_wordings(entry, class_codes))
        out.append("".join(seen_with_section(code, self.pairs, self.codes)
                           for code in class_codes[:1]))
        out.append(self.see_also(entry.code))
        out.append(notes(entry))
        out.append(heading(w("Print it with smtpcode"), "-"))
        if entry.by_class:
            for code in class_codes:
                out.append(console(command(f"explain {code}"), self.explain_output(code)))
        else:
            output = entry_text(entry, width=OUTPUT_WIDTH, lang=site_language())
            out.append(console(command(f"list --code {entry.code}"), output))
        out.append(self.neighbours(entry))
        return "".join(out)

    def vendor_wordings(self, entry: DetailEntry, class_codes: list[str]) -> str:
        """How providers word this code: their own entries for it, with a real example."""
        from smtpcodes.reasons import vendor_entries

        rows = []
        for vendor in vendor_entries():
            for code in vendor.codes:
                if code.enhanced and any(code.covers(each) for each in class_codes):
                    rows.append((vendor, code))
        if not rows:
            return ""
        first = ("google", "microsoft", "yahoo")
        rows.sort(key=lambda row: (first.index(row[0].id) if row[0].id in first else 9))
        out = [heading(w("How providers word it"), "-")]
        for vendor, code in rows[:VENDOR_ROWS_SHOWN]:
            meaning = tx(f"{code.place}/meaning", code.meaning)
            out.append(f"- :doc:`{text(vendor.name)} </vendors/{vendor.id}>`"
                       f" {text(code.label)}{w(':')} {text(meaning)}\n")
            if code.examples:
                example = " ".join(code.examples[0].split())
                out.append(f"\n  ::\n\n     {example}\n\n")
        return "".join(out) + "\n"

    def see_also(self, code: str) -> str:
        """The codes people confuse with this one (data/search-terms.toml)."""
        related = [other for group in see_also_groups() if code in group
                   for other in group if other != code]
        if not related:
            return ""
        links = [doc(other) if other in self.codes else f":doc:`{other} </{other}>`"
                 for other in dict.fromkeys(related)]
        return (heading(w("See also"), "-")
                + w("Often confused with it: {links}.", links=", ".join(links)) + "\n\n")

    def neighbours(self, entry: DetailEntry) -> str:
        """Previous and next detail of the same subject."""
        same = self.details_of_subject(next(item for item in self.subjects()
                                            if item.code == f"X.{entry.subject_number}.YYY"))
        index = same.index(entry)
        parts = []
        if index > 0:
            parts.append(w("Previous: {link}", link=short_link(same[index - 1].code)))
        if index + 1 < len(same):
            parts.append(w("Next: {link}", link=short_link(same[index + 1].code)))
        return ("\n\n" + " · ".join(parts) + "\n\n") if parts else ""

    def index_page(self) -> str:
        out = [heading(w("Code reference"), "=")]
        out.append(
            w("Every basic reply code of RFC 5321 and its extensions and every entry of the"
              " {registry} has a page here, generated from the library's data (data version"
              " {version}, registry snapshot {snapshot}). New to SMTP replies? Start with"
              " {guide}.", registry=f"`IANA SMTP Enhanced Status Codes registry"
              f" <{REGISTRY_URL}>`__", version=DATA_VERSION, snapshot=REGISTRY_SNAPSHOT,
              guide=":doc:`/guide`") + "\n\n"
            + w("Each class page ({pages}) lists the codes used in that class; the buttons"
                " below filter the tables of this page.",
                pages=":doc:`2.XXX.YYY`, :doc:`4.XXX.YYY`, :doc:`5.XXX.YYY`") + "\n\n"
            ".. container:: code-filter\n\n"
            "   " + w("The class filter needs JavaScript.") + "\n\n"
        )
        out.append(heading(w("Basic reply codes"), "-"))
        out.append(w("The three-digit codes every SMTP reply starts with (RFC 5321 section"
                     " 4.2).") + "\n\n")
        out.append(self.basic_table(self.basic))
        out.append(heading(w("Enhanced status codes"), "-"))
        out.append(w("Written class.subject.detail (RFC 3463). The registry writes the class"
                     " as X where a detail is the same in every class.") + "\n\n")
        out.append(heading(w("Classes"), "~"))
        out.append(self.category_table(self.classes()))
        for subject in self.subjects():
            out.append(heading(text(f"{subject.code} {subject.title}"), "~"))
            out.append(text(summary_of(subject)) + ". "
                       + w("See {link}.", link=doc(subject.code)) + "\n\n")
            out.append(self.detail_table(self.details_of_subject(subject)))
        return "".join(out)

    # -- tables --------------------------------------------------------------------------

    def classes_text(self, entry: DetailEntry, links: bool = False) -> str:
        def one(digit: int) -> str:
            name = f"{digit}.XXX.YYY"
            return doc(name) if links and name in self.codes else str(digit)

        parts = [", ".join(one(digit) for digit in entry.valid_classes)]
        if entry.seen_classes:
            parts.append(w("seen: {classes}",
                           classes=", ".join(one(digit) for digit in entry.seen_classes)))
        return w("; ").join(part for part in parts if part) or w("none (deprecated)")

    def detail_table(self, details: list[DetailEntry], digit_filter: int | None = None) -> str:
        """Detail rows; on a class page (``digit_filter``) the summary is that class's own."""
        rows = []
        for entry in details:
            code = short_link(entry.code)
            if digit_filter is not None and digit_filter not in entry.valid_classes:
                code += " " + w("(seen)")
            title = text(entry.title) or w("deprecated: see {link}",
                                           link=short_link(entry.replaced_by))
            advice = entry.by_class.get(digit_filter) if digit_filter is not None else None
            summary = (tx(f"detail/{entry.code}/{digit_filter}/summary", advice.summary)
                       if advice is not None else summary_of(entry))
            rows.append((code, self.classes_text(entry), title, text(summary)))
        return table((w("Code"), w("Classes"), w("Title"), w("Summary")), rows,
                     widths="12 12 30 46")

    def basic_table(self, basic: list[BasicEntry]) -> str:
        rows = [
            (short_link(entry.code), entry.code[0], text(entry.title), text(summary_of(entry)))
            for entry in basic
        ]
        return table((w("Code"), w("Class"), w("Title"), w("Summary")), rows,
                     widths="10 8 36 46")

    def category_table(self, categories: list[CategoryEntry]) -> str:
        rows = [
            (short_link(entry.code), entry.code[0], text(entry.title), text(summary_of(entry)))
            for entry in categories
        ]
        return table((w("Code"), w("Class"), w("Title"), w("Summary")), rows,
                     widths="14 8 30 48")

    @staticmethod
    def explain_output(code: str) -> str:
        return explanation_text(explain(code, lang=site_language()), width=OUTPUT_WIDTH)


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]], widths: str) -> str:
    """A list-table the class filter (``_static/code-filter.js``) can work on."""
    if not rows:
        return w("None.") + "\n\n"
    out = [f".. list-table::\n   :header-rows: 1\n   :widths: {widths}\n   :class: code-table\n\n"]
    for row in (header, *rows):
        out.append("".join(
            f"   {'* -' if index == 0 else '  -'} {cell}\n" for index, cell in enumerate(row)
        ))
    return "".join(out) + "\n"


def write_pages(srcdir: Path) -> int:
    """Write the generated sources into ``srcdir/codes``; return how many files changed."""
    folder = srcdir / FOLDER
    folder.mkdir(exist_ok=True)
    pages = Site().pages()
    changed = 0
    for name, content in pages.items():
        path = folder / name
        if not path.exists() or path.read_text(encoding="utf-8") != content:
            path.write_text(content, encoding="utf-8")
            changed += 1
    for path in folder.glob("*.rst"):
        if path.name not in pages:
            path.unlink()
            changed += 1
    return changed


def _on_builder_inited(app: Sphinx) -> None:
    set_site_language(app.config.language)
    changed = write_pages(Path(app.srcdir))
    logger.info("codepages: %d generated page(s) written to %s/", changed, FOLDER)


def answers() -> dict[str, dict[str, dict[str, str]]]:
    """What the search page answers for a code typed or pasted: its page, anchor and
    summary (the class's own for an enhanced code)."""
    enhanced: dict[str, dict[str, str]] = {}
    basic: dict[str, dict[str, str]] = {}
    for entry in smtpcodes.all_entries():
        if isinstance(entry, DetailEntry):
            for digit, advice in entry.by_class.items():
                code = f"{digit}.{entry.code[2:]}"
                summary = tx(f"detail/{entry.code}/{digit}/summary", advice.summary)
                enhanced[code] = {"page": f"{FOLDER}/{entry.code}.html#{code}",
                                  "title": entry.title, "summary": summary,
                                  "class": class_label(digit)}
        elif isinstance(entry, BasicEntry):
            basic[entry.code] = {"page": f"{FOLDER}/{entry.code}.html", "title": entry.title,
                                 "summary": summary_of(entry),
                                 "class": class_label(int(entry.code[0]))}
    return {"enhanced": enhanced, "basic": basic}


REDIRECT = """<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8">
<title>{code}: {title}</title>
<link rel="canonical" href="{target}">
<meta http-equiv="refresh" content="0; url={target}">
</head><body><p><a href="{target}">{code}: {title}</a></p></body></html>
"""


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    """Pages for the codes as people write them (codes/5.2.2.html leads to X.2.2.html#5.2.2)
    and the answers of the search page."""
    import html
    import json

    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    table = answers()
    for code, answer in table["enhanced"].items():
        page = out / FOLDER / f"{code}.html"
        target = answer["page"].split("/", 1)[1]
        page.write_text(REDIRECT.format(code=code, title=html.escape(answer["title"]),
                                        target=target, lang=site_language()),
                        encoding="utf-8")
    base = app.config.html_baseurl
    if base:
        pages = sorted(str(path.relative_to(out)) for path in out.rglob("*.html")
                       if not path.relative_to(out).parts[0].startswith("_")
                       and path.name not in ("search.html", "genindex.html")
                       and not (path.parent.name == FOLDER and path.stem[:1].isdigit()
                                and path.stem.count(".") == 2))
        (out / "sitemap.xml").write_text(sitemap_xml(base, pages), encoding="utf-8")
    (out / "_static").mkdir(exist_ok=True)
    (out / "_static" / "code-answers.js").write_text(
        "window.SMTPCODES_ANSWERS = " + json.dumps(table, ensure_ascii=False) + ";\n",
        encoding="utf-8")


def sitemap_xml(base_url: str, pages: list[str]) -> str:
    """A sitemap (sitemaps.org) of the site's pages under ``base_url``; the pages for codes
    as people write them (codes/5.1.1.html) only lead elsewhere and stay out."""
    from html import escape

    base = base_url if base_url.endswith("/") else base_url + "/"
    urls = "".join(f"  <url><loc>{escape(base + page)}</loc></url>\n" for page in pages)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n")


def setup(app: Sphinx) -> dict[str, object]:
    app.connect("builder-inited", _on_builder_inited)
    app.connect("build-finished", _on_build_finished)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
