"""Plain-text rendering for a terminal: explanations, parsed replies and data entries."""

from __future__ import annotations

from ..entries import WHO_LABELS, BasicEntry, CategoryEntry, DetailEntry, Entry
from ..explain import Explanation
from ..lang import get_language, in_language, text, word
from ..reply import Reply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..records import ReasonEntry, VendorEntry

#: the width of the label column, by language (French labels are longer)
LABEL_WIDTHS = {"en": 15, "fr": 21}


def _width() -> int:
    """The terminal's width (or ``COLUMNS``, as argparse honours it), kept within 60-100."""
    import os

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit():
        return max(60, min(int(columns), 100))
    try:
        return max(60, min(os.get_terminal_size().columns, 100))
    except OSError:
        return 100


def wrap(text: str, width: int) -> list[str]:
    """Words filled into lines of at most ``width`` characters (a longer word stands alone).

    Written out rather than taken from textwrap, whose import costs more than the rest of
    ``smtpcode explain``'s own start-up.
    """
    lines: list[str] = []
    current = ""
    # split at ASCII blanks only: a no-break space (French « » : ;) must hold its words together
    pieces = text.replace("\t", " ").replace("\n", " ").replace("\r", " ").split(" ")
    for piece in filter(None, pieces):
        if current and len(current) + 1 + len(piece) > width:
            lines.append(current)
            current = piece
        else:
            current = f"{current} {piece}" if current else piece
    if current:
        lines.append(current)
    return lines


def _field(label: str, value: str, width: int, lang: str = "en") -> list[str]:
    """``label`` (one of the program's words, shown in ``lang``) in a column, ``value``
    wrapped beside it."""
    if not value:
        return []
    column = LABEL_WIDTHS.get(lang, 15)
    indent = " " * column
    wrapped = wrap(value, width - column) or [""]
    shown = label if lang == "en" else _label(label, lang)
    lines = [f"{shown:<{column}}{wrapped[0]}"]
    lines.extend(indent + line for line in wrapped[1:])
    return lines


def _label(label: str, lang: str) -> str:
    """A label in ``lang``, its indent kept (``"  Meaning"``)."""
    bare = label.lstrip(" ")
    return label[:len(label) - len(bare)] + word(bare, lang)


def _who(who: tuple[str, ...], lang: str = "en") -> str:
    return word("; ", lang).join(word(WHO_LABELS[name], lang) for name in who)


def explanation_text(explanation: Explanation, width: int | None = None) -> str:
    """What ``smtpcode explain`` prints; ``width`` defaults to the terminal's."""
    width = width or _width()
    lang = explanation.lang
    classification = explanation.classification
    codes = " ".join(
        str(code) for code in (explanation.basic, explanation.enhanced) if code is not None
    )
    headline = [codes, word(classification.status_class.label, lang)]
    if classification.subject is not None:
        headline.append(word(classification.subject.label, lang))
    lines = [" · ".join(headline), explanation.summary, ""]
    reason = explanation.reason
    if reason is not None:
        title = reason.entry.in_language("title", lang)
        lines += _field("Reason", f"{reason.name}: {title}", width, lang)
        lines += _field("Decided by", reason.evidence.described(lang), width, lang)
    vendor = explanation.vendor
    if vendor is not None:
        code = f" {vendor.code.label}" if vendor.code is not None else ""
        lines += _field("Vendor", f"{vendor.name}{code} ({vendor.url})", width, lang)
    lines += _field("Remedy", _remedy(explanation.remedy, explanation.remedy_detail,
                                      explanation.scope, lang), width, lang)
    if explanation.hard_bounce:
        lines += _field("Hard bounce", word("yes: remove the address rather than mail it again",
                                            lang), width, lang)
    lines += [""]
    lines += _field("What it means", explanation.meaning, width, lang)
    if explanation.side == "sender":
        lines += _field("What to do", explanation.action, width, lang)
    else:
        lines += _field("Your server", explanation.action, width, lang)
    lines += _field("Who acts", _who(explanation.who, lang), width, lang)
    for advice, source in explanation.retry:
        lines += _field("Retrying", f"{advice} ({source})", width, lang)
    if explanation.reply.command:
        lines += _field("In reply to", explanation.reply.command, width, lang)
    basic, detail = explanation.basic_entry, explanation.detail_entry
    if explanation.basic is not None:
        title = basic.title if basic else word("not defined by any RFC", lang)
        lines += _field("Reply code", f"{explanation.basic} {title}", width, lang)
    if explanation.enhanced is not None:
        title = (f"{detail.title} ({detail.code})" if detail
                 else word("not in the IANA registry", lang))
        lines += _field("Enhanced code", f"{explanation.enhanced} {title}", width, lang)
    lines += _field("RFCs", ", ".join(explanation.rfcs), width, lang)
    for warning in explanation.warnings:
        lines += _field("Warning", warning, width, lang)
    for note in explanation.notes:
        lines += _field("Note", note, width, lang)
    return "\n".join(lines).rstrip() + "\n"


def _vocabulary(kind: str, name: str, lang: str) -> str:
    """A remedy or scope as the text output shows it: the value itself in English, its
    title beside it in another language."""
    if lang == "en":
        return name.replace("_", " ") if kind == "scope" else name
    from .._reasons_data import VOCABULARY

    for entry in VOCABULARY:
        if entry.kind == kind and entry.name == name:
            return f"{name} ({text(f'{kind}/{name}/title', entry.title, lang)})"
    return name


def _remedy(remedy: str, detail: str | None, scope: str | None, lang: str) -> str:
    shown = _vocabulary("remedy", remedy, lang)
    if detail:
        shown += f" ({detail})"
    if scope:
        shown += word("; applies to: {scope}", lang, scope=_vocabulary("scope", scope, lang))
    return shown


def reply_text(reply: Reply) -> str:
    """Every line and every candidate of a parsed reply, for ``smtpcode parse``."""
    width = _width()
    lines = [f"format: {reply.format}"]
    lines.append(f"basic: {reply.basic if reply.basic is not None else '-'}")
    lines.append(f"enhanced: {reply.enhanced if reply.enhanced is not None else '-'}")
    if reply.command:
        lines.append(f"command: {reply.command}")
    for name, value in reply.fields.items():
        lines.append(f"field {name}: {value}")
    lines.append("candidates:")
    chosen_ones = (reply.evidence(reply.basic), reply.evidence(reply.enhanced))
    for candidate in reply.candidates:
        text = reply.lines[candidate.line][candidate.start:candidate.end]
        chosen = " (chosen)" if any(candidate is one for one in chosen_ones) else ""
        lines.append(
            f"  {candidate.kind:<8} {text:<9} {candidate.source:<6} line {candidate.line + 1},"
            f" column {candidate.start + 1}{chosen}"
        )
    lines.append(f"lines: {len(reply.lines)}")
    for number, line in enumerate(reply.lines, 1):
        lines.append(f"  {number:>3} | {line}")
    lang = get_language()
    for warning in reply.warnings:
        lines += _field("warning:", in_language(warning, lang), width, lang)
    for note in reply.notes:
        lines += _field("note:", in_language(note, lang), width, lang)
    return "\n".join(lines) + "\n"


def replies_text(replies: list[Reply]) -> str:
    """One line per reply of a session transcript: the command, the codes, the text."""
    lines = [f"replies: {len(replies)}"]
    for number, reply in enumerate(replies, 1):
        codes = " ".join(str(code) for code in (reply.basic, reply.enhanced) if code is not None)
        command = reply.command or "?"
        lines.append(f"  {number:>3}. {command:<10} {codes:<10} {reply.message}")
    return "\n".join(lines) + "\n"


def entry_line(entry: Entry, lang: str = "en") -> str:
    """One line per entry for ``smtpcode list``: in French, the summary (the registry's
    titles are English names)."""
    if lang != "en":
        summary = text(f"{entry.kind}/{entry.code}/summary", entry.summary, lang)
        return f"{entry.code:<10} {entry.kind:<8} {summary}"
    return f"{entry.code:<10} {entry.kind:<8} {entry.title or '(no title: deprecated)'}"


def entry_text(entry: Entry, width: int | None = None, lang: str = "en") -> str:
    """A whole entry, every class of a detail included (``smtpcode list --code``)."""
    width = width or _width()
    place = f"{entry.kind}/{entry.code}"
    lines = [f"{entry.code}  {entry.title}", text(f"{place}/summary", entry.summary, lang), ""]
    lines += _field("About", text(f"{place}/explanation", entry.explanation, lang), width, lang)
    if isinstance(entry, BasicEntry):
        lines += _field("What to do", text(f"{place}/action", entry.action, lang), width, lang)
        lines += _field("Who acts", _who(entry.who, lang), width, lang)
        lines += _field("Commands", ", ".join(entry.commands), width, lang)
    elif isinstance(entry, CategoryEntry):
        lines += _field("What to do", text(f"{place}/action", entry.action, lang), width, lang)
    elif isinstance(entry, DetailEntry):
        for digit, advice in entry.by_class.items():
            code = f"{digit}.{entry.code[2:]}"
            at = f"{place}/{digit}"
            lines += ["", *_field(code, text(f"{at}/summary", advice.summary, lang), width)]
            lines += _field("  Meaning", text(f"{at}/meaning", advice.meaning, lang), width,
                            lang)
            lines += _field("  What to do", text(f"{at}/action", advice.action, lang), width,
                            lang)
            lines += _field("  Who acts", _who(advice.who, lang), width, lang)
        lines.append("")
        lines += _field("Basic codes", ", ".join(entry.basic_codes) or word("none given", lang),
                        width, lang)
        if entry.replaced_by:
            lines += _field("Replaced by", entry.replaced_by, width, lang)
    lines += _field("RFCs", ", ".join(entry.rfcs), width, lang)
    if isinstance(entry, BasicEntry | DetailEntry):
        for index, position in enumerate(entry.positions):
            lines += _field("Note", text(f"{place}/positions/{index}", position, lang), width,
                            lang)
    return "\n".join(lines).rstrip() + "\n"


def reason_text(reason: ReasonEntry, width: int | None = None, lang: str = "en") -> str:
    """A reason in full, for ``smtpcode list --code userunknown``."""
    width = width or _width()
    lines = [f"{reason.name}  {reason.in_language('title', lang)}",
             reason.in_language("summary", lang), ""]
    lines += _field("About", reason.in_language("meaning", lang), width, lang)
    lines += _field("Sender", reason.in_language("sender", lang), width, lang)
    lines += _field("Receiver", reason.in_language("receiver", lang), width, lang)
    lines += _field("Who acts", _who(reason.who, lang), width, lang)
    remedy = _remedy(reason.remedy, reason.remedy_detail, None, lang)
    if reason.remedy_transient:
        remedy += word("; when temporary: {remedy}", lang,
                       remedy=_vocabulary("remedy", reason.remedy_transient, lang))
    lines += _field("Remedy", remedy, width, lang)
    lines += _field("Scope", _vocabulary("scope", reason.scope, lang), width, lang)
    lines += _field("Hard bounce", word("yes", lang) if reason.hard_bounce else word("no", lang),
                    width, lang)
    lines += _field("Codes", ", ".join(reason.codes), width, lang)
    lines += _field("Aliases", ", ".join(reason.aliases), width, lang)
    lines += _field("Elsewhere", "; ".join(f"{key}: {value}"
                                           for key, value in reason.elsewhere), width, lang)
    return "\n".join(lines).rstrip() + "\n"


def vendor_text(vendor: VendorEntry, width: int | None = None, lang: str = "en") -> str:
    """A vendor in full, for ``smtpcode list --code google``."""
    width = width or _width()
    lines = [f"{vendor.id}  {vendor.name}", ""]
    lines += _field("Products", ", ".join(vendor.products), width, lang)
    lines += _field("Page", word("{url} (checked {date})", lang, url=vendor.url,
                                 date=vendor.checked), width, lang)
    lines += _field("Recognised by", ", ".join(vendor.hosts), width, lang)
    lines += _field("Retry", text(f"vendor/{vendor.id}/retry", vendor.retry, lang), width, lang)
    for code in vendor.codes:
        meaning = text(f"{code.place}/meaning", code.meaning, lang)
        lines += ["", *_field(code.label or word("(words)", lang), meaning, width)]
        lines += _field("  What to do", text(f"{code.place}/action", code.action, lang), width,
                        lang)
        if code.reason:
            lines += _field("  Reason", code.reason, width, lang)
    return "\n".join(lines).rstrip() + "\n"
