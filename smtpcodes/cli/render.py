"""Plain-text rendering for a terminal: explanations, parsed replies and data entries."""

from __future__ import annotations

from ..entries import WHO_LABELS, BasicEntry, CategoryEntry, DetailEntry, Entry
from ..explain import Explanation
from ..reply import Reply

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..records import ReasonEntry, VendorEntry

LABEL_WIDTH = 15


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
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    if current:
        lines.append(current)
    return lines


def _field(label: str, text: str, width: int) -> list[str]:
    """``label`` in a column, ``text`` wrapped beside it."""
    if not text:
        return []
    indent = " " * LABEL_WIDTH
    wrapped = wrap(text, width - LABEL_WIDTH) or [""]
    lines = [f"{label:<{LABEL_WIDTH}}{wrapped[0]}"]
    lines.extend(indent + line for line in wrapped[1:])
    return lines


def _who(who: tuple[str, ...]) -> str:
    return "; ".join(WHO_LABELS[name] for name in who)


def explanation_text(explanation: Explanation, width: int | None = None) -> str:
    """What ``smtpcode explain`` prints; ``width`` defaults to the terminal's."""
    width = width or _width()
    classification = explanation.classification
    codes = " ".join(
        str(code) for code in (explanation.basic, explanation.enhanced) if code is not None
    )
    headline = [codes, classification.status_class.label]
    if classification.subject is not None:
        headline.append(classification.subject.label)
    lines = [" · ".join(headline), explanation.summary, ""]
    reason = explanation.reason
    if reason is not None:
        lines += _field("Reason", f"{reason.name}: {reason.title}", width)
        lines += _field("Decided by", str(reason.evidence), width)
    vendor = explanation.vendor
    if vendor is not None:
        code = f" {vendor.code.label}" if vendor.code is not None else ""
        lines += _field("Vendor", f"{vendor.name}{code} ({vendor.url})", width)
    remedy = explanation.remedy
    if explanation.remedy_detail:
        remedy += f" ({explanation.remedy_detail})"
    if explanation.scope:
        remedy += f"; applies to: {explanation.scope.replace('_', ' ')}"
    lines += _field("Remedy", remedy, width)
    if explanation.hard_bounce:
        lines += _field("Hard bounce", "yes: remove the address rather than mail it again", width)
    lines += [""]
    lines += _field("What it means", explanation.meaning, width)
    label = "What to do" if explanation.side == "sender" else "Your server"
    lines += _field(label, explanation.action, width)
    lines += _field("Who acts", _who(explanation.who), width)
    for advice, source in explanation.retry:
        lines += _field("Retrying", f"{advice} ({source})", width)
    if explanation.reply.command:
        lines += _field("In reply to", explanation.reply.command, width)
    basic, detail = explanation.basic_entry, explanation.detail_entry
    if explanation.basic is not None:
        title = basic.title if basic else "not defined by any RFC"
        lines += _field("Reply code", f"{explanation.basic} {title}", width)
    if explanation.enhanced is not None:
        title = f"{detail.title} ({detail.code})" if detail else "not in the IANA registry"
        lines += _field("Enhanced code", f"{explanation.enhanced} {title}", width)
    lines += _field("RFCs", ", ".join(explanation.rfcs), width)
    for warning in explanation.warnings:
        lines += _field("Warning", warning, width)
    for note in explanation.notes:
        lines += _field("Note", note, width)
    return "\n".join(lines).rstrip() + "\n"


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
    for warning in reply.warnings:
        lines += _field("warning:", warning, width)
    for note in reply.notes:
        lines += _field("note:", note, width)
    return "\n".join(lines) + "\n"


def replies_text(replies: list[Reply]) -> str:
    """One line per reply of a session transcript: the command, the codes, the text."""
    lines = [f"replies: {len(replies)}"]
    for number, reply in enumerate(replies, 1):
        codes = " ".join(str(code) for code in (reply.basic, reply.enhanced) if code is not None)
        command = reply.command or "?"
        lines.append(f"  {number:>3}. {command:<10} {codes:<10} {reply.message}")
    return "\n".join(lines) + "\n"


def entry_line(entry: Entry) -> str:
    """One line per entry for ``smtpcode list``."""
    return f"{entry.code:<10} {entry.kind:<8} {entry.title or '(no title: deprecated)'}"


def entry_text(entry: Entry, width: int | None = None) -> str:
    """A whole entry, every class of a detail included (``smtpcode list --code``)."""
    width = width or _width()
    lines = [f"{entry.code}  {entry.title}", entry.summary, ""]
    lines += _field("About", entry.explanation, width)
    if isinstance(entry, BasicEntry):
        lines += _field("What to do", entry.action, width)
        lines += _field("Who acts", _who(entry.who), width)
        lines += _field("Commands", ", ".join(entry.commands), width)
    elif isinstance(entry, CategoryEntry):
        lines += _field("What to do", entry.action, width)
    elif isinstance(entry, DetailEntry):
        for digit, advice in entry.by_class.items():
            code = f"{digit}.{entry.code[2:]}"
            lines += ["", *_field(f"{code}", advice.summary, width)]
            lines += _field("  Meaning", advice.meaning, width)
            lines += _field("  What to do", advice.action, width)
            lines += _field("  Who acts", _who(advice.who), width)
        lines.append("")
        lines += _field("Basic codes", ", ".join(entry.basic_codes) or "none given", width)
        if entry.replaced_by:
            lines += _field("Replaced by", entry.replaced_by, width)
    lines += _field("RFCs", ", ".join(entry.rfcs), width)
    if isinstance(entry, BasicEntry | DetailEntry):
        for position in entry.positions:
            lines += _field("Note", position, width)
    return "\n".join(lines).rstrip() + "\n"


def reason_text(reason: ReasonEntry, width: int | None = None) -> str:
    """A reason in full, for ``smtpcode list --code userunknown``."""
    width = width or _width()
    lines = [f"{reason.name}  {reason.title}", reason.summary, ""]
    lines += _field("About", reason.meaning, width)
    lines += _field("Sender", reason.sender, width)
    lines += _field("Receiver", reason.receiver, width)
    lines += _field("Who acts", _who(reason.who), width)
    remedy = reason.remedy + (f" ({reason.remedy_detail})" if reason.remedy_detail else "")
    if reason.remedy_transient:
        remedy += f"; when temporary: {reason.remedy_transient}"
    lines += _field("Remedy", remedy, width)
    lines += _field("Scope", reason.scope.replace("_", " "), width)
    lines += _field("Hard bounce", "yes" if reason.hard_bounce else "no", width)
    lines += _field("Codes", ", ".join(reason.codes), width)
    lines += _field("Aliases", ", ".join(reason.aliases), width)
    lines += _field("Elsewhere", "; ".join(f"{key}: {value}"
                                           for key, value in reason.elsewhere), width)
    return "\n".join(lines).rstrip() + "\n"


def vendor_text(vendor: VendorEntry, width: int | None = None) -> str:
    """A vendor in full, for ``smtpcode list --code google``."""
    width = width or _width()
    lines = [f"{vendor.id}  {vendor.name}", ""]
    lines += _field("Products", ", ".join(vendor.products), width)
    lines += _field("Page", f"{vendor.url} (checked {vendor.checked})", width)
    lines += _field("Recognised by", ", ".join(vendor.hosts), width)
    lines += _field("Retry", vendor.retry, width)
    for code in vendor.codes:
        lines += ["", *_field(code.label or "(words)", code.meaning, width)]
        lines += _field("  What to do", code.action, width)
        if code.reason:
            lines += _field("  Reason", code.reason, width)
    return "\n".join(lines).rstrip() + "\n"
