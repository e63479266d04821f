"""The text of ``smtpcode scan``: what went wrong in a mail log, most serious first."""

from __future__ import annotations

import textwrap

from .formats import SEVERITIES, LogLine
from .summary import (
    DELIVERED,
    CodeStats,
    Example,
    ReasonStats,
    Summary,
    describe,
    ranked_codes,
    ranked_reasons,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..records import ReasonEntry
    from .summary import FileStats

INDENT = "    "
WIDTH = 100

_FORMAT_NAMES = {
    "syslog": "syslog, classic timestamps",
    "iso": "syslog, ISO 8601 timestamps",
    "exim": "Exim main log",
}
_SOURCE_NAMES = {"postfix": "Postfix", "exim": "Exim", "sendmail": "Sendmail", "other": "other"}
_STATUS_ORDER = ("bounced", "expired", "deferred", "sent")


def _n(number: int) -> str:
    return f"{number:,}"


def _plural(number: int, word: str, plural: str | None = None) -> str:
    return f"{_n(number)} {word if number == 1 else plural or word + 's'}"


def _wrap(text: str, indent: str, width: int = WIDTH) -> list[str]:
    return textwrap.wrap(text, width=width, initial_indent=indent, subsequent_indent=indent) or []


def _format_name(key: str | None) -> str:
    if key is None:
        return "no known format"
    frame, _, source = key.partition(" ")
    frame_name = _FORMAT_NAMES.get(frame, frame)
    if frame == "exim":
        return frame_name
    return f"{_SOURCE_NAMES.get(source, source)} ({frame_name})"


def _file_line(stats: FileStats) -> str:
    parts = [_format_name(stats.format)]
    if stats.compression:
        parts.append(stats.compression)
    text = f"{stats.name}: {_plural(stats.lines, 'line')}, " + ", ".join(parts)
    if stats.error:
        text += f" -- {stats.error}"
    return text


def _example(example: Example | None, indent: str) -> list[str]:
    if example is None:
        return []
    return [f"{indent}e.g. {example.file}:{example.line}: {example.text}"]


def _row(count: int, text: str, indent: str = INDENT) -> list[str]:
    """``count  text``, the text wrapped under itself."""
    head = f"{indent}{_n(count):>7}  "
    return textwrap.wrap(text, width=WIDTH, initial_indent=head,
                         subsequent_indent=" " * len(head)) or [head]


def _top(tally_items: list[tuple[str, int]], limit: int = 3) -> str:
    shown = ", ".join(f"{key} ({_n(count)})" for key, count in tally_items[:limit])
    if len(tally_items) > limit:
        shown += f", and {_n(len(tally_items) - limit)} more"
    return shown


def _code_block(code: str, stats: CodeStats, what: str, places: bool) -> list[str]:
    """A code with its count, title, meaning and action; with ``places``, where and why."""
    info = describe(code)
    title = info["title"] or "not in the registry"
    statuses = ", ".join(f"{status} {_n(count)}" for status, count in
                         sorted(stats.by_status.items(), key=lambda item: -item[1]))
    lines = [f"  {code:<8} {_n(stats.count):>7}  {title}" + (f"  ({statuses})" if statuses else "")]
    lines += _wrap(f"{info['summary']}.", INDENT + "  ")
    if info["action"]:
        lines += _wrap(f"What to do: {info['action']}", INDENT + "  ")
    if not places and not stats.alone:
        return lines
    if len(stats.hosts):
        lines += _wrap(f"Hosts: {_top(stats.hosts.top())}", INDENT + "  ")
    if len(stats.clients):
        lines += _wrap(f"Clients: {_top(stats.clients.top())}", INDENT + "  ")
    if len(stats.domains):
        lines += _wrap(f"{what} domains: {_top(stats.domains.top())}", INDENT + "  ")
    if len(stats.reasons):
        lines += _wrap(f"Words: {_top(stats.reasons.top(), 2)}", INDENT + "  ")
    lines += _example(stats.example, INDENT + "  ")
    return lines


def _codes_section(title: str, table: dict[str, CodeStats], what: str,
                   places: bool = True) -> list[str]:
    """One block per code, permanent failures first, then by count."""
    if not table:
        return []
    lines = ["", title]
    for code, stats in ranked_codes(table):
        lines += _code_block(code, stats, what, places)
    return lines


def summary_text(summary: Summary, top: int = 10) -> str:
    """The whole summary, most serious first."""
    lines: list[str] = []
    files = summary.files
    lines.append(
        f"smtpcode scan: {_plural(summary.lines, 'line')} read from {_plural(len(files), 'input')}"
    )
    for stats in files:
        lines.append(f"  {_file_line(stats)}")
    if summary.filters is not None:
        lines.append(f"  {_n(summary.matched)} matched the filters")

    lines += _problems(summary, top)
    lines += _deliveries(summary)
    lines += _reasons_section("Bounced, expired and deferred, by reason",
                              summary.failure_reasons, "sender", top)
    lines += _codes_section(
        "Bounced, expired and deferred, by enhanced status code",
        summary.failures_enhanced, "Recipient",
    )
    # hosts and domains of lines with an enhanced code were shown with it
    lines += _codes_section("Bounced, expired and deferred, by reply code",
                            summary.failures_basic, "Recipient", False)
    if summary.failures_without_code:
        failed = _plural(summary.failures_without_code, "failed delivery", "failed deliveries")
        lines.append(f"  {failed} carried no code")
    lines += _rejections(summary, top)
    lines += _accounting(summary)
    return "\n".join(lines) + "\n"


def _problems(summary: Summary, top: int) -> list[str]:
    counts = summary.by_severity
    lines = ["", "Problems reported by Postfix: " + ", ".join(
        f"{severity} {_n(counts[severity])}" for severity in SEVERITIES)]
    for severity in SEVERITIES:
        stats = summary.problems[severity]
        if not stats.count:
            continue
        lines.append(f"  {severity}: {_n(stats.count)}")
        for message, count in stats.messages.top(top):
            lines += _row(count, message)
            lines += _example(stats.examples.get(message), INDENT + " " * 9)
        if len(stats.messages) > top:
            lines.append(f"{INDENT}... and {_n(len(stats.messages) - top)} other messages")
    return lines


def _deliveries(summary: Summary) -> list[str]:
    by_status = summary.by_status
    total = sum(by_status.values())
    order = [status for status in _STATUS_ORDER if status in by_status]
    order += sorted(status for status in by_status if status not in _STATUS_ORDER)
    shown = ", ".join(f"{status} {_n(by_status[status])}" for status in order)
    return ["", f"Deliveries: {_n(total)}" + (f" ({shown})" if shown else "")]


def _rejections(summary: Summary, top: int) -> list[str]:
    warnings = summary.reject_warnings
    lines = ["", f"Rejected at SMTP time: {_n(summary.rejected)}"
             + (f" (and {_n(warnings)} reject warnings)" if warnings else "")]
    if not summary.rejected:
        return lines
    lines += _codes_section("  by enhanced status code", summary.rejects_enhanced, "Recipient")[1:]
    lines += _codes_section("  by reply code", summary.rejects_basic, "Recipient", False)[1:]
    lines += _reasons_section("  by reason", summary.reject_reasons, "receiver", top)[1:]
    lines.append("  by their words")
    for text, count in summary.reject_texts.top(top):
        lines += _row(count, text)
    if len(summary.reject_texts) > top:
        lines.append(f"{INDENT}... and {_n(len(summary.reject_texts) - top)} other wordings")
    return lines


def _reasons_section(title: str, table: dict[str, ReasonStats], side: str,
                     top: int) -> list[str]:
    """One block per reason, by count: what it is, what to do (for ``side``), where."""
    if not table:
        return []
    from ..reasons import reason_entry

    lines = ["", title]
    for name, stats in ranked_reasons(table)[:top]:
        entry = reason_entry(name)
        label = entry.title if entry is not None else "no reason given by the words or codes"
        statuses = ", ".join(f"{status} {_n(count)}" for status, count in
                             sorted(stats.by_status.items(), key=lambda item: -item[1]))
        head = f"  {name:<16} {_n(stats.count):>7}  {label}"
        lines.append(head + (f"  ({statuses})" if statuses else ""))
        if entry is not None:
            lines += _wrap(f"What to do: {entry.receiver if side == 'receiver' else entry.sender}",
                           INDENT + "  ")
        if len(stats.codes):
            lines += _wrap(f"Codes: {_top(stats.codes.top())}", INDENT + "  ")
        if len(stats.vendors):
            lines += _wrap(f"Providers: {_top(stats.vendors.top())}", INDENT + "  ")
        if len(stats.domains):
            lines += _wrap(f"Recipient domains: {_top(stats.domains.top())}", INDENT + "  ")
        if len(stats.clients):
            lines += _wrap(f"Clients: {_top(stats.clients.top())}", INDENT + "  ")
        lines += _example(stats.example, INDENT + "  ")
    if len(table) > top:
        lines.append(f"{INDENT}... and {_n(len(table) - top)} other reasons")
    return lines


def _accounting(summary: Summary) -> list[str]:
    kinds = summary.by_kind
    parts = [
        _plural(kinds["delivery"], "delivery", "deliveries"),
        _plural(kinds["reject"], "rejection"),
        _plural(kinds["reject_warning"], "reject warning"),
        _plural(kinds["problem"], "problem"),
        f"{_n(kinds['other'])} other recognized",
        f"{_n(summary.unrecognized)} not understood",
    ]
    lines = ["", f"Lines: {_n(summary.lines)} = " + " + ".join(parts)]
    if summary.unrecognized:
        unknown = summary.unrecognized_kinds
        lines.append(
            f"  not understood: {_n(unknown['text'])} text, {_n(unknown['blank'])} blank,"
            f" {_n(unknown['binary'])} binary"
        )
        for example in summary.unrecognized_examples:
            lines += _example(example, INDENT)
    invalid = sum(stats.invalid_utf8 for stats in summary.files)
    long_lines = sum(stats.long_lines for stats in summary.files)
    unterminated = [stats.name for stats in summary.files if stats.unterminated]
    if invalid:
        lines.append(f"  {_plural(invalid, 'line')} held bytes that are not UTF-8")
    if long_lines:
        lines.append(f"  {_plural(long_lines, 'line')} longer than 64 KiB were read in part")
    for name in unterminated:
        lines.append(f"  {name}: the last line has no line break (counted all the same)")
    return lines


def match_text(line: LogLine, example: Example) -> str:
    """A line that matched the filters, what its code means, and why it failed."""
    out = [f"{example.file}:{example.line}: {example.text}"]
    codes = [code for code in (line.enhanced, str(line.basic) if line.basic else None) if code]
    what = line.status or line.severity or ("rejected" if line.kind == "reject" else line.kind)
    action = None
    if codes:
        info = describe(codes[0])
        label = " ".join(codes)
        title = f" {info['title']}" if info["title"] else ""
        out.append(f"{INDENT}{what}: {label}{title}: {info['summary']}")
        action = info["action"]
    else:
        out.append(f"{INDENT}{what}: no code")
    failed = line.kind == "reject" or (line.kind == "delivery" and line.status not in DELIVERED)
    entry = _reason_entry(line) if failed else None
    if entry is not None:
        out += _wrap(f"Reason: {entry.title} ({entry.name}): {entry.summary}", INDENT)
        # the server that wrote a rejection is this one: its administrator reads the advice
        action = entry.receiver if line.kind == "reject" else entry.sender
    if action:
        out += _wrap(f"What to do: {action}", INDENT)
    return "\n".join(out) + "\n"


def _reason_entry(line: LogLine) -> ReasonEntry | None:
    from ..reasons import reason_entry
    from .reasons import shared_reader

    found = shared_reader().read(line)
    return reason_entry(found.reason) if found.reason else None
