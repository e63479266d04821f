"""The text of ``smtpcode scan``: what went wrong in a mail log, most serious first."""

from __future__ import annotations

import textwrap

from ..lang import Counted, get_language, in_language, mark, number, word
from .formats import SEVERITIES, LogLine
from .summary import (
    DELIVERED,
    CodeStats,
    Example,
    ReasonStats,
    Summary,
    Tally,
    describe,
    ranked_codes,
    ranked_reasons,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from ..records import ReasonEntry
    from .filters import Filters
    from .summary import FileStats

INDENT = "    "


def _terminal_width() -> int:
    """The width to fit: COLUMNS, else the terminal's, else 100; never under 60."""
    import shutil

    return max(60, shutil.get_terminal_size((100, 24)).columns)


#: the width the text fits (read once: the terminal does not change during a scan)
WIDTH = _terminal_width()

_FORMAT_NAMES = {
    "syslog": mark("syslog, classic timestamps"),
    "iso": mark("syslog, ISO 8601 timestamps"),
    "exim": mark("Exim main log"),
}
_SOURCE_NAMES = {"postfix": "Postfix", "exim": "Exim", "sendmail": "Sendmail",
                 "other": mark("other")}
_STATUS_ORDER = ("bounced", "expired", "deferred", "sent")


def _n(count: int) -> str:
    """A count with its thousands apart, in the report's language: 69,861 or 69 861."""
    return number(count, get_language())


def _counted(count: int, one: str, many: str) -> str:
    """``count`` with its noun (templates with a ``{count}`` field, marked for the catalogs),
    by the report's language's plural rule."""
    return Counted(count, one, many).in_language(get_language())


def _wrap(text: str, indent: str, width: int = WIDTH, rest: str | None = None) -> list[str]:
    """Text wrapped to the width, words never broken (a long address or URL overflows)."""
    return textwrap.wrap(text, width=width, initial_indent=indent,
                         subsequent_indent=indent if rest is None else rest,
                         break_long_words=False, break_on_hyphens=False) or []


def _format_name(key: str | None) -> str:
    lang = get_language()
    if key is None:
        return word("no known format", lang)
    frame, _, source = key.partition(" ")
    frame_name = word(_FORMAT_NAMES[frame], lang) if frame in _FORMAT_NAMES else frame
    if frame == "exim":
        return frame_name
    source_name = word(_SOURCE_NAMES[source], lang) if source in _SOURCE_NAMES else source
    return f"{source_name} ({frame_name})"


def _file_line(stats: FileStats) -> str:
    parts = [_format_name(stats.format)]
    if stats.compression:
        parts.append(stats.compression)
    text = f"{stats.name}: {_counted(stats.lines, mark('{count} line'), mark('{count} lines'))}, "
    text += ", ".join(parts)
    if stats.error:
        text += f" -- {stats.error}"
    return text


def _example(example: Example | None, indent: str) -> list[str]:
    if example is None:
        return []
    return _wrap(word("e.g.", get_language()) + f" {example.file}:{example.line}: {example.text}",
                 indent, rest=indent + "     ")


def _row(count: int, text: str, indent: str = INDENT) -> list[str]:
    """``count  text``, the text wrapped under itself."""
    head = f"{indent}{_n(count):>7}  "
    return textwrap.wrap(text, width=WIDTH, initial_indent=head,
                         subsequent_indent=" " * len(head), break_long_words=False,
                         break_on_hyphens=False) or [head]


def _top(tally_items: list[tuple[str, int]], limit: int = 3) -> str:
    shown = ", ".join(f"{key} ({_n(count)})" for key, count in tally_items[:limit])
    if len(tally_items) > limit:
        shown += word(", and {count} more", get_language(), count=_n(len(tally_items) - limit))
    return shown


def _code_block(code: str, stats: CodeStats, what: str, places: bool) -> list[str]:
    """A code with its count, title, meaning and action; with ``places``, where and why."""
    info = describe(code)
    lang = get_language()
    title = info["title"] or word("not in the registry", lang)
    statuses = ", ".join(f"{status} {_n(count)}" for status, count in
                         sorted(stats.by_status.items(), key=lambda item: -item[1]))
    lines = _wrap(f"{code:<8} {_n(stats.count):>7}  {title}"
                  + (f"  ({statuses})" if statuses else ""), "  ", rest=" " * 20)
    lines += _wrap(f"{info['summary']}.", INDENT + "  ")
    if info["action"]:
        lines += _wrap(word("What to do: {advice}", lang, advice=info["action"]),
                       INDENT + "  ")
    if not places and not stats.alone:
        return lines
    domains = mark("Recipient domains") if what == "Recipient" else mark("Client domains")
    lines += _tallies([(mark("Hosts"), stats.hosts), (mark("Clients"), stats.clients),
                       (domains, stats.domains)])
    lines += _tallies([(mark("Words"), stats.reasons)], shown=2)
    lines += _example(stats.example, INDENT + "  ")
    return lines


def _tallies(rows: list[tuple[str, Tally]], shown: int = 3) -> list[str]:
    """``Label: key (count), key (count), and N more`` for each tally that holds anything
    (the labels are marked for the catalogs, shown in the report's language)."""
    lines: list[str] = []
    lang = get_language()
    for label, tally in rows:
        if len(tally):
            lines += _wrap(f"{word(label, lang)}{word(':', lang)} {_top(tally.top(), shown)}",
                           INDENT + "  ")
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


def _filters_text(filters: Filters) -> str:
    """The filters as given on the command line: ``--code 5.7.1 --status bounced``."""
    parts = [f"--code {code}" for code in sorted(filters.codes)]
    parts += [f"--status {status}" for status in sorted(filters.statuses)]
    if filters.since:
        parts.append(f"--since {filters.since}")
    if filters.until:
        parts.append(f"--until {filters.until}")
    return " ".join(parts)


def summary_text(summary: Summary, top: int = 10) -> str:
    """The whole summary, most serious first (its headings and advice in the language
    :func:`smtpcodes.set_language` chose)."""
    lines: list[str] = []
    lang = get_language()
    files = summary.files
    lines.append("smtpcode scan: " + word(
        "{lines} read from {inputs}", lang,
        lines=_counted(summary.lines, mark("{count} line"), mark("{count} lines")),
        inputs=_counted(len(files), mark("{count} input"), mark("{count} inputs"))))
    for stats in files:
        lines += _wrap(_file_line(stats), "  ", rest="      ")
    if summary.filters is not None:
        lines += _wrap(word(
            "Filtered by {filters}: the sections below count the {lines} that matched; the last"
            " line accounts for every line read.", lang, filters=_filters_text(summary.filters),
            lines=_counted(summary.matched, mark("{count} line"), mark("{count} lines"))), "  ")

    lines += _attention(summary)
    lines += _traffic(summary, top)
    lines += _problems(summary, top)
    lines += ["", word("== Your outgoing mail: what other servers refused or delayed ==", lang)]
    lines += _deliveries(summary)
    lines += _reasons_section(word("Bounced, expired and deferred, by reason", lang),
                              summary.failure_reasons, "sender", top)
    lines += _codes_section(
        word("Bounced, expired and deferred, by enhanced status code", lang),
        summary.failures_enhanced, "Recipient",
    )
    # hosts and domains of lines with an enhanced code were shown with it
    lines += _codes_section(word("Bounced, expired and deferred, by reply code", lang),
                            summary.failures_basic, "Recipient", False)
    if summary.failures_without_code:
        failed = _counted(summary.failures_without_code, mark("{count} failed delivery"),
                          mark("{count} failed deliveries"))
        lines.append("  " + word("{failed} carried no code", lang, failed=failed))
    lines += ["", word("== Your server's own refusals: what it rejected (its checks at work) ==",
                       lang)]
    lines += _rejections(summary, top)
    lines += _accounting(summary)
    return "\n".join(lines) + "\n"


#: the longest bar (of deliveries): what the width leaves beside the 66 columns of figures,
#: at most 30
BAR_WIDTH = max(0, min(30, WIDTH - 67))


def _attention(summary: Summary) -> list[str]:
    from .attention import needs_attention

    found = needs_attention(summary)
    lang = get_language()
    if not found:
        return ["", word("Needs attention: nothing", lang)]
    lines = ["", word("Needs attention", lang)]
    for item in found:
        lines += _wrap(f"{word(item.severity, lang)}{word(':', lang)}"
                       f" {in_language(item.message, lang)}", "  ", rest="    ")
    return lines



def _size(count: int) -> str:
    """Bytes for a reader: 27.2 MiB (27.2 Mio in French)."""
    value = float(count)
    lang = get_language()
    for unit in (mark("bytes"), mark("KiB"), mark("MiB"), mark("GiB")):
        if value < 1024 or unit == "GiB":
            shown = number(value, lang, 0 if unit == "bytes" else 1)
            return f"{shown} {word(unit, lang)}"
        value /= 1024
    return f"{count} {word('bytes', lang)}"


def _bar(value: int, largest: int) -> str:
    """A bar of block characters (``#`` where the output cannot show them)."""
    if largest <= 0 or value <= 0 or BAR_WIDTH <= 0:
        return ""
    return "\u2588" * max(1, round(value / largest * BAR_WIDTH))


def _traffic(summary: Summary, top: int) -> list[str]:
    """What went through the server, counted as pflogsumm counts it."""
    from .traffic import COLUMNS, FIGURE_WORDS

    data = summary.traffic.as_dict(summary.last_year, top)
    totals = data["totals"]
    assert isinstance(totals, dict)
    if not any(totals[name] for name in ("received", "delivered", "deferrals", "bounced",
                                         "rejected", "reject_warnings", "held", "discarded")):
        return []
    n = {name: _n(int(value)) for name, value in totals.items()}
    lang = get_language()
    lines = ["", word("Traffic (counted as pflogsumm counts it)", lang)]
    deferrals = _counted(int(totals["deferrals"]), mark("{count} deferral"),
                         mark("{count} deferrals"))
    lines.append("  " + word("received {received}, delivered {delivered}, forwarded {forwarded},"
                             " deferred {deferred} ({deferrals}), bounced {bounced}", lang,
                             received=n["received"], delivered=n["delivered"],
                             forwarded=n["forwarded"], deferred=n["deferred"],
                             deferrals=deferrals, bounced=n["bounced"]))
    lines.append("  " + word("rejected {rejected} ({rejected_percent}%), reject warnings"
                             " {reject_warnings}, held {held}, discarded {discarded}"
                             " ({discarded_percent}%)", lang,
                             rejected=n["rejected"], rejected_percent=totals["rejected_percent"],
                             reject_warnings=n["reject_warnings"], held=n["held"],
                             discarded=n["discarded"],
                             discarded_percent=totals["discarded_percent"]))
    lines.append("  " + word("bytes received {received}, bytes delivered {delivered}", lang,
                             received=_size(int(totals["bytes_received"])),
                             delivered=_size(int(totals["bytes_delivered"]))))
    domain_words = (mark("{count} domain"), mark("{count} domains"))
    lines.append("  " + word("senders {senders} from {sending}, recipients {recipients} at"
                             " {receiving}", lang, senders=n["senders"],
                             recipients=n["recipients"],
                             sending=_counted(int(totals["sending_domains"]), *domain_words),
                             receiving=_counted(int(totals["recipient_domains"]),
                                                *domain_words)))
    header = "".join(f"{word(FIGURE_WORDS[column], lang):>10}" for column in COLUMNS)
    days = data["by_day"]
    assert isinstance(days, list)
    if len(days) > 1:
        largest = max(row["delivered"] for row in days)
        lines += ["", "  " + word("Per day", lang), f"  {'':<12}{header}"]
        for row in days:
            counts = "".join(f"{_n(row[column]):>10}" for column in COLUMNS)
            lines.append(f"  {row['date']:<12}{counts}  {_bar(row['delivered'], largest)}"
                         .rstrip())
    hours = data["by_hour"]
    assert isinstance(hours, list)
    count = max(1, int(str(data["days"])))
    average = [[int(row[column] / count + 0.5) for column in COLUMNS] for row in hours]
    largest = max(row[1] for row in average)
    lines += ["", "  " + (word("Per hour, daily average", lang) if count > 1
                          else word("Per hour", lang)),
              f"  {'':<12}{header}"]
    for hour, row in enumerate(average):
        counts = "".join(f"{_n(value):>10}" for value in row)
        lines.append(f"  {hour:02d}:00-{hour + 1:02d}:00 {counts}  {_bar(row[1], largest)}"
                     .rstrip())
    lines += _traffic_tables(data)
    return lines


def _traffic_tables(data: dict[str, object]) -> list[str]:
    lines: list[str] = []
    lang = get_language()
    domains = data["delivery_domains"]
    assert isinstance(domains, list)
    if domains:
        lines += ["", "  " + word("Deliveries by recipient domain", lang),
                  f"  {word('sent', lang):>9} {word('bytes', lang):>12}"
                  f" {word('defers', lang):>7} {word('avg delay', lang):>10}"
                  f" {word('max delay', lang):>10}  {word('domain', lang)}"]
        for row in domains:
            lines.append(f"  {_n(row['sent']):>9} {_size(row['bytes']):>12}"
                         f" {_n(row['defers']):>7} {row['delay_average']:>9.1f}s"
                         f" {row['delay_max']:>9.1f}s  {row['domain']}")
    for key, title, by in (
        ("sending_domains", word("Messages received by sending domain", lang), "count"),
        ("senders_by_count", word("Senders by messages", lang), "count"),
        ("recipients_by_count", word("Recipients by messages delivered", lang), "count"),
        ("senders_by_size", word("Senders by size", lang), "bytes"),
        ("recipients_by_size", word("Recipients by size", lang), "bytes"),
    ):
        rows = data[key]
        assert isinstance(rows, list)
        if not rows:
            continue
        lines += ["", f"  {title}"]
        for row in rows:
            figure = _n(row["count"]) if by == "count" else _size(row["bytes"])
            detail = (_size(row["bytes"]) if by == "count"
                      else _counted(row["count"], mark("{count} message"),
                                    mark("{count} messages")))
            lines.append(f"  {figure:>12}  {row['key']}  ({detail})")
    return lines


def _problems(summary: Summary, top: int) -> list[str]:
    counts = summary.by_severity
    lines = ["", word("Problems reported by Postfix: ", get_language()) + ", ".join(
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
            lines.append(INDENT + word("... and {count} other messages", get_language(),
                                       count=_n(len(stats.messages) - top)))
    return lines


def _deliveries(summary: Summary) -> list[str]:
    by_status = summary.by_status
    total = sum(by_status.values())
    order = [status for status in _STATUS_ORDER if status in by_status]
    order += sorted(status for status in by_status if status not in _STATUS_ORDER)
    shown = ", ".join(f"{status} {_n(by_status[status])}" for status in order)
    return ["", word("Deliveries: {count}", get_language(), count=_n(total))
            + (f" ({shown})" if shown else "")]


def _rejections(summary: Summary, top: int) -> list[str]:
    warnings = summary.reject_warnings
    lines = ["", word("Rejected at SMTP time: {count}", get_language(), count=_n(summary.rejected))
             + (word(" (and {count} reject warnings)", get_language(), count=_n(warnings))
                if warnings else "")]
    if not summary.rejected:
        return lines
    lang = get_language()
    lines += _codes_section("  " + word("by enhanced status code", lang),
                            summary.rejects_enhanced, "Recipient")[1:]
    lines += _codes_section("  " + word("by reply code", lang), summary.rejects_basic,
                            "Recipient", False)[1:]
    lines += _reasons_section("  " + word("by reason", lang), summary.reject_reasons,
                              "receiver", top)[1:]
    lines.append("  " + word("by their words", lang))
    for wording, count in summary.reject_texts.top(top):
        lines += _row(count, wording)
    if len(summary.reject_texts) > top:
        lines.append(INDENT + word("... and {count} other wordings", lang,
                                   count=_n(len(summary.reject_texts) - top)))
    return lines


def _reasons_section(title: str, table: dict[str, ReasonStats], side: str,
                     top: int) -> list[str]:
    """One block per reason, by count: what it is, what to do (for ``side``), where."""
    if not table:
        return []
    from ..reasons import reason_entry

    lines = ["", title]
    lang = get_language()
    for name, stats in ranked_reasons(table)[:top]:
        entry = reason_entry(name)
        label = (entry.in_language("title", lang) if entry is not None
                 else word("no reason given by the words or codes", lang))
        statuses = ", ".join(f"{status} {_n(count)}" for status, count in
                             sorted(stats.by_status.items(), key=lambda item: -item[1]))
        head = f"{name:<16} {_n(stats.count):>7}  {label}"
        lines += _wrap(head + (f"  ({statuses})" if statuses else ""), "  ", rest=" " * 28)
        if entry is not None:
            lines += _wrap(word("What to do: {advice}", lang, advice=entry.in_language(side, lang)),
                           INDENT + "  ")
        lines += _tallies([(mark("Codes"), stats.codes), (mark("Providers"), stats.vendors),
                           (mark("Recipient domains"), stats.domains),
                           (mark("Clients"), stats.clients)])
        lines += _example(stats.example, INDENT + "  ")
    if len(table) > top:
        lines.append(INDENT + word("... and {count} other reasons", lang,
                                   count=_n(len(table) - top)))
    return lines


def _accounting(summary: Summary) -> list[str]:
    kinds = summary.by_kind
    lang = get_language()
    parts = [
        _counted(kinds["received"], mark("{count} message received"),
                 mark("{count} messages received")),
        _counted(kinds["queued"], mark("{count} message queued"),
                 mark("{count} messages queued")),
        _counted(kinds["delivery"], mark("{count} delivery"), mark("{count} deliveries")),
        _counted(kinds["reject"], mark("{count} rejection"), mark("{count} rejections")),
        _counted(kinds["reject_warning"], mark("{count} reject warning"),
                 mark("{count} reject warnings")),
        _counted(kinds["hold"], mark("{count} hold"), mark("{count} holds")),
        _counted(kinds["discard"], mark("{count} discard"), mark("{count} discards")),
        _counted(kinds["problem"], mark("{count} problem"), mark("{count} problems")),
        word("{count} other recognized", lang, count=_n(kinds["other"])),
        word("{count} not understood", lang, count=_n(summary.unrecognized)),
    ]
    matched = (word(" (of which {count} matched the filters)", lang, count=_n(summary.matched))
               if summary.filters is not None else "")
    lines = ["", *_wrap(word("Lines: {count} = ", lang, count=_n(summary.lines))
                        + " + ".join(parts) + matched, "", rest="    ")]
    if summary.unrecognized:
        unknown = summary.unrecognized_kinds
        lines.append("  " + word("not understood: {text} text, {blank} blank, {binary} binary",
                                 lang, text=_n(unknown["text"]), blank=_n(unknown["blank"]),
                                 binary=_n(unknown["binary"])))
        for example in summary.unrecognized_examples:
            lines += _example(example, INDENT)
    invalid = sum(stats.invalid_utf8 for stats in summary.files)
    long_lines = sum(stats.long_lines for stats in summary.files)
    unterminated = [stats.name for stats in summary.files if stats.unterminated]
    line_words = (mark("{count} line"), mark("{count} lines"))
    if invalid:
        lines.append("  " + word("{lines} held bytes that are not UTF-8", lang,
                                 lines=_counted(invalid, *line_words)))
    if long_lines:
        lines.append("  " + word("{lines} longer than 64 KiB were read in part", lang,
                                 lines=_counted(long_lines, *line_words)))
    for name in unterminated:
        lines.append(f"  {name}: " + word("the last line has no line break (counted all the"
                                          " same)", lang))
    return lines


def match_text(line: LogLine, example: Example) -> str:
    """A line that matched the filters, what its code means, and why it failed."""
    lang = get_language()
    out = [f"{example.file}:{example.line}: {example.text}"]
    codes = [code for code in (line.enhanced, str(line.basic) if line.basic else None) if code]
    what = line.status_word
    action = None
    if codes:
        info = describe(codes[0])
        label = " ".join(codes)
        title = f" {info['title']}" if info["title"] else ""
        out.append(f"{INDENT}{what}: {label}{title}: {info['summary']}")
        action = info["action"]
    else:
        out.append(f"{INDENT}{what}: " + word("no code", lang))
    failed = line.kind == "reject" or (line.kind == "delivery" and line.status not in DELIVERED)
    entry = _reason_entry(line) if failed else None
    if entry is not None:
        out += _wrap(word("Reason: {title} ({name}): {summary}", lang,
                          title=entry.in_language("title", lang), name=entry.name,
                          summary=entry.in_language("summary", lang)), INDENT)
        # the server that wrote a rejection is this one: its administrator reads the advice
        action = entry.in_language("receiver" if line.kind == "reject" else "sender", lang)
    if action:
        out += _wrap(word("What to do: {advice}", lang, advice=action), INDENT)
    return "\n".join(out) + "\n"


def _reason_entry(line: LogLine) -> ReasonEntry | None:
    from ..reasons import reason_entry
    from .reasons import shared_reader

    found = shared_reader().read(line)
    return reason_entry(found.reason) if found.reason else None
