"""The scan as one self-contained web page: ``smtpcode scan --html FILE``.

Nothing is loaded from the network: the style is inline and the charts are SVG drawn here
(traffic per day and per hour, failures and refusals by reason). Every figure the page
shows carries the JSON path it comes from (``data-key="totals.received"``), so that a test
can check the page against ``scan --json``.
"""

from __future__ import annotations

from html import escape

from ..lang import get_language, in_language, mark, word

TYPE_CHECKING = False
if TYPE_CHECKING:
    from .summary import Summary

COLORS = {"received": "#4c78a8", "delivered": "#54a24b", "deferred": "#f58518",
          "bounced": "#e45756", "rejected": "#b279a2"}
STYLE = """
body{font-family:system-ui,sans-serif;margin:1.5rem auto;max-width:70rem;padding:0 1rem;
color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.5rem 0}td,th{padding:.2rem .6rem;text-align:right;
border-bottom:1px solid #eee}td:first-child,th:first-child{text-align:left}
td.text{text-align:left}.attention li{margin:.3rem 0}.critical{color:#b00}.high{color:#c60}
figure{margin:1rem 0}figcaption{font-size:.9rem;color:#555}
.legend span{display:inline-block;margin-right:1rem;font-size:.85rem}
.legend i{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem}
"""


def _cell(value: object, key: str | None = None) -> str:
    attribute = f' data-key="{escape(key)}"' if key else ""
    return f"<td{attribute}>{escape(str(value))}</td>"


def _table(headers: list[str], rows: list[str]) -> str:
    """A table; its headers are words marked for the catalogs, shown in the report's
    language."""
    lang = get_language()
    head = "".join(f"<th>{escape(word(header, lang) if header else '')}</th>"
                   for header in headers)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def _legend(columns: tuple[str, ...]) -> str:
    return '<div class="legend">' + "".join(
        f'<span><i style="background:{COLORS[name]}"></i>{name}</span>' for name in columns
    ) + "</div>"


def _bars(title: str, labels: list[str], series: dict[str, list[float]], chart: str) -> str:
    """Grouped vertical bars: one group per label, one bar per series."""
    width, height, pad = 900, 220, 30
    groups = max(1, len(labels))
    largest = max([1.0] + [value for values in series.values() for value in values])
    step = (width - pad) / groups
    bar = max(1.0, step * 0.8 / max(1, len(series)))
    parts = [f'<svg class="chart" data-chart="{chart}" viewBox="0 0 {width} {height + 40}"'
             f' role="img" aria-label="{escape(title)}" width="100%">']
    for index, label in enumerate(labels):
        x = pad + index * step
        for number, (name, values) in enumerate(series.items()):
            value = values[index]
            tall = (height - 10) * value / largest
            parts.append(f'<rect x="{x + number * bar:.1f}" y="{height - tall:.1f}"'
                         f' width="{bar:.1f}" height="{tall:.1f}" fill="{COLORS[name]}">'
                         f"<title>{escape(label)} {name}: {value:g}</title></rect>")
        if groups <= 31 or index % 2 == 0:
            parts.append(f'<text x="{x + step / 2:.1f}" y="{height + 15}" font-size="10"'
                         f' text-anchor="middle">{escape(label)}</text>')
    parts.append(f'<line x1="{pad}" y1="{height}" x2="{width}" y2="{height}" stroke="#999"/>')
    parts.append("</svg>")
    return (f"<figure>{''.join(parts)}<figcaption>{escape(title)}</figcaption>"
            f"{_legend(tuple(series))}</figure>")


def _horizontal(title: str, items: list[tuple[str, int]], chart: str, color: str) -> str:
    """Horizontal bars, one per item, with its count."""
    if not items:
        return ""
    largest = max(count for _, count in items) or 1
    row, height = 22, 22 * len(items) + 10
    parts = [f'<svg class="chart" data-chart="{chart}" viewBox="0 0 900 {height}"'
             f' role="img" aria-label="{escape(title)}" width="100%">']
    for index, (label, count) in enumerate(items):
        y = 5 + index * row
        length = 560 * count / largest
        parts.append(f'<text x="0" y="{y + 15}" font-size="12">{escape(label)}</text>'
                     f'<rect x="230" y="{y}" width="{length:.1f}" height="16" fill="{color}"/>'
                     f'<text x="{236 + length:.1f}" y="{y + 13}" font-size="12">{count:,}'
                     "</text>")
    parts.append("</svg>")
    return f"<figure>{''.join(parts)}<figcaption>{escape(title)}</figcaption></figure>"


def summary_html(summary: Summary, top: int = 10) -> str:
    """The whole page (see the module docstring)."""
    from .traffic import COLUMNS, FIGURE_WORDS

    data = summary.as_dict(top)
    totals = data["totals"]
    assert isinstance(totals, dict)
    lang = get_language()
    out = ["<!DOCTYPE html>", f'<html lang="{lang}"><head><meta charset="utf-8">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           "<title>smtpcode scan</title>", f"<style>{STYLE}</style></head><body>",
           f"<h1>{escape(word('Mail log summary', lang))}</h1>"]
    names = ", ".join(stats.name for stats in summary.files)
    out.append(f"<p>{summary.lines:,} lines read from {escape(names)}.</p>")
    attention = data["attention"]
    assert isinstance(attention, list)
    out.append(f"<h2>{escape(word('Needs attention', lang))}</h2>")
    out.append('<ul class="attention">' + "".join(
        f'<li class="{escape(item["severity"])}">'
        f'{escape(word(item["severity"], lang) + word(":", lang))}'
        f' {escape(in_language(item["message"], lang))}</li>' for item in attention) + "</ul>"
        if attention else f"<p>{escape(word('Nothing.', lang))}</p>")
    out.append(f"<h2>{escape(word('Traffic', lang))}</h2>")
    out.append(_table([mark("figure"), mark("count")], [
        f"<tr><td>{escape(word(FIGURE_WORDS.get(name, name.replace('_', ' ')), lang))}</td>"
        f"{_cell(value, f'totals.{name}')}</tr>"
        for name, value in totals.items()]))
    days = data["by_day"]
    assert isinstance(days, list)
    if days:
        out.append(_bars(word("Traffic per day", lang), [row["date"] for row in days],
                         {name: [row[name] for row in days] for name in COLUMNS}, "by_day"))
        out.append(_table([mark("date"), *(FIGURE_WORDS[name] for name in COLUMNS)], [
            "<tr>" + _cell(row["date"]) + "".join(
                _cell(row[name], f"by_day.{index}.{name}") for name in COLUMNS) + "</tr>"
            for index, row in enumerate(days)]))
    hours = data["by_hour"]
    assert isinstance(hours, list)
    out.append(_bars(word("Traffic per hour (all days added up)", lang),
                     [f"{row['hour']:02d}" for row in hours],
                     {name: [row[name] for row in hours] for name in COLUMNS}, "by_hour"))
    failures = data["failures"]
    rejections = data["rejections"]
    assert isinstance(failures, dict) and isinstance(rejections, dict)
    outgoing = word("Your outgoing mail: what other servers refused or delayed", lang)
    out.append(f"<h2>{escape(outgoing)}</h2>")
    out.append(_reasons(failures["by_reason"], "failures",
                        word("Failed deliveries by reason", lang), "#e45756"))
    out.append(_codes(failures["by_enhanced"], "failures.by_enhanced"))
    own = word("Your server's own refusals", lang)
    out.append(f"<h2>{escape(own)}</h2>")
    out.append(_reasons(rejections["by_reason"], "rejections",
                        word("Rejections by reason", lang), "#b279a2"))
    out.append(_codes(rejections["by_enhanced"], "rejections.by_enhanced"))
    domains = data["delivery_domains"]
    assert isinstance(domains, list)
    if domains:
        out.append(f"<h2>{escape(word('Deliveries by recipient domain', lang))}</h2>")
        out.append(_table([mark("domain"), mark("sent"), mark("bytes"), mark("defers"),
                           mark("avg delay s"), mark("max delay s")], [
            "<tr>" + _cell(row["domain"]) + "".join(
                _cell(row[name], f"delivery_domains.{index}.{name}")
                for name in ("sent", "bytes", "defers", "delay_average", "delay_max"))
            + "</tr>" for index, row in enumerate(domains)]))
    for key, title in (("sending_domains", word("Messages received by sending domain", lang)),
                       ("senders_by_count", word("Senders", lang)),
                       ("recipients_by_count", word("Recipients", lang))):
        rows = data[key]
        assert isinstance(rows, list)
        if rows:
            out.append(f"<h2>{escape(title)}</h2>")
            out.append(_table(["", mark("messages"), mark("bytes")], [
                "<tr>" + _cell(row["key"]) + _cell(row["count"], f"{key}.{index}.count")
                + _cell(row["bytes"], f"{key}.{index}.bytes") + "</tr>"
                for index, row in enumerate(rows)]))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _reasons(rows: object, key: str, title: str, color: str) -> str:
    assert isinstance(rows, list)
    if not rows:
        return "<p>None.</p>"
    items = [(str(row["reason"] or "no reason given"), int(row["count"])) for row in rows]
    table = _table([mark("reason"), mark("count"), mark("title")], [
        "<tr>" + _cell(row["reason"] or "(unknown)")
        + _cell(row["count"], f"{key}.by_reason.{index}.count")
        + f'<td class="text">{escape(str(row["title"] or ""))}</td></tr>'
        for index, row in enumerate(rows)])
    return _horizontal(title, items, f"{key}_by_reason", color) + table


def _codes(rows: object, key: str) -> str:
    assert isinstance(rows, list)
    if not rows:
        return ""
    return _table([mark("code"), mark("count"), mark("title")], [
        "<tr>" + _cell(row["code"]) + _cell(row["count"], f"{key}.{index}.count")
        + f'<td class="text">{escape(str(row.get("title") or ""))}</td></tr>'
        for index, row in enumerate(rows)])
