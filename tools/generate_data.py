"""Generate smtpcodes/_data.py (codes), _reasons_data.py, _patterns_data.py and
_vendors_data.py (reasons, word rules, vendors) and _ehlo_data.py (EHLO keywords) from the
hand-edited files in data/.

    python tools/generate_data.py          # write the modules
    python tools/generate_data.py --check  # exit 1 if a committed module is out of date

A maintainer tool, never run at build or import time. The output is deterministic, so a
test can regenerate it and compare.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
OUTPUT = ROOT / "smtpcodes" / "_data.py"
WHO = {"nobody", "sender", "sending_admin", "recipient", "receiving_admin"}

BASIC_FIELDS = {
    "code", "title", "rfcs", "commands", "registry_note", "positions", "summary",
    "explanation", "action", "who",
}
CATEGORY_FIELDS = {"code", "title", "rfcs", "registry_note", "summary", "explanation", "action"}
DETAIL_FIELDS = {
    "code", "title", "rfcs", "basic_codes", "valid_classes", "seen_classes", "registry_note",
    "positions", "replaced_by", "summary", "explanation", "class",
}
ADVICE_FIELDS = {"summary", "meaning", "action", "who"}


class DataError(Exception):
    """A data file breaks the schema of data/README.md."""


def load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)


def check_fields(where: str, record: dict[str, Any], fields: set[str]) -> None:
    missing = fields - record.keys()
    extra = record.keys() - fields
    if missing or extra:
        raise DataError(f"{where}: missing {sorted(missing)}, unexpected {sorted(extra)}")
    for who in record.get("who", []):
        if who not in WHO:
            raise DataError(f"{where}: who {who!r} is not one of {sorted(WHO)}")


def text(value: str) -> str:
    """A string literal; long prose is folded to whitespace-normalised single lines."""
    return repr(" ".join(value.split()))


def strings(values: list[str]) -> str:
    return repr(tuple(" ".join(value.split()) for value in values))


def ints(values: list[int]) -> str:
    return repr(tuple(values))


def basic_entry(record: dict[str, Any]) -> str:
    check_fields(f"basic {record.get('code')}", record, BASIC_FIELDS)
    return (
        "    BasicEntry(\n"
        f"        code={text(record['code'])},\n"
        f"        title={text(record['title'])},\n"
        f"        rfcs={strings(record['rfcs'])},\n"
        f"        commands={strings(record['commands'])},\n"
        f"        registry_note={text(record['registry_note'])},\n"
        f"        positions={strings(record['positions'])},\n"
        f"        summary={text(record['summary'])},\n"
        f"        explanation={text(record['explanation'])},\n"
        f"        action={text(record['action'])},\n"
        f"        who={strings(record['who'])},\n"
        "    ),\n"
    )


def category_entry(kind: str, record: dict[str, Any]) -> str:
    check_fields(f"{kind} {record.get('code')}", record, CATEGORY_FIELDS)
    return (
        "    CategoryEntry(\n"
        f"        kind={text(kind)},\n"
        f"        code={text(record['code'])},\n"
        f"        title={text(record['title'])},\n"
        f"        rfcs={strings(record['rfcs'])},\n"
        f"        registry_note={text(record['registry_note'])},\n"
        f"        summary={text(record['summary'])},\n"
        f"        explanation={text(record['explanation'])},\n"
        f"        action={text(record['action'])},\n"
        "    ),\n"
    )


def detail_entry(record: dict[str, Any]) -> str:
    where = f"detail {record.get('code')}"
    record.setdefault("class", {})
    check_fields(where, record, DETAIL_FIELDS)
    classes = sorted(set(record["valid_classes"]) | set(record["seen_classes"]))
    given = sorted(int(digit) for digit in record["class"])
    if given != classes:
        raise DataError(f"{where}: class tables {given} differ from valid+seen classes {classes}")
    advice = ""
    for digit in classes:
        table = record["class"][str(digit)]
        check_fields(f"{where} class {digit}", table, ADVICE_FIELDS)
        advice += (
            f"            {digit}: ClassAdvice(\n"
            f"                summary={text(table['summary'])},\n"
            f"                meaning={text(table['meaning'])},\n"
            f"                action={text(table['action'])},\n"
            f"                who={strings(table['who'])},\n"
            "            ),\n"
        )
    return (
        "    DetailEntry(\n"
        f"        code={text(record['code'])},\n"
        f"        title={text(record['title'])},\n"
        f"        rfcs={strings(record['rfcs'])},\n"
        f"        basic_codes={strings(record['basic_codes'])},\n"
        f"        valid_classes={ints(record['valid_classes'])},\n"
        f"        seen_classes={ints(record['seen_classes'])},\n"
        f"        registry_note={text(record['registry_note'])},\n"
        f"        positions={strings(record['positions'])},\n"
        f"        replaced_by={text(record['replaced_by'])},\n"
        f"        summary={text(record['summary'])},\n"
        f"        explanation={text(record['explanation'])},\n"
        "        by_class={\n" + advice + "        },\n"
        "    ),\n"
    )


def real_reply(record: dict[str, Any]) -> str:
    check_fields("reply", record, {"text", "source"})
    return f"    ({record['text']!r}, {record['source']!r}),\n"


def render() -> str:
    meta = load("meta.toml")
    basic = load("basic-codes.toml")
    enhanced = load("enhanced-codes.toml")
    replies = load("real-replies.toml")
    parts = [
        '"""SMTP code data, generated by tools/generate_data.py from data/. Do not edit."""\n\n',
        "from .entries import BasicEntry, CategoryEntry, ClassAdvice, DetailEntry\n\n",
        f"DATA_VERSION = {text(meta['data_version'])}\n",
        f"REGISTRY_SNAPSHOT = {text(meta['registry_snapshot'])}\n",
        f"REGISTRY_LAST_UPDATED = {text(meta['registry_last_updated'])}\n",
        f"REGISTRY_URL = {text(meta['registry_url'])}\n\n",
        "BASIC = (\n",
        *(basic_entry(record) for record in basic["basic"]),
        ")\n\nCATEGORIES = (\n",
        *(category_entry("class", record) for record in enhanced["class"]),
        *(category_entry("subject", record) for record in enhanced["subject"]),
        ")\n\nDETAILS = (\n",
        *(detail_entry(record) for record in enhanced["detail"]),
        ")\n\n",
        "#: Real replies (text, source) from data/real-replies.toml.\n",
        "REAL_REPLIES = (\n",
        *(real_reply(record) for record in replies["reply"]),
        ")\n",
    ]
    return "".join(parts)


def outputs() -> dict[Path, str]:
    """Every generated module and its text."""
    import catalog

    import ehlodata
    import reasondata

    modules = {OUTPUT: render()}
    try:
        for name, text in reasondata.rendered().items():
            modules[OUTPUT.parent / name] = text
        modules[OUTPUT.parent / "_ehlo_data.py"] = ehlodata.render(ehlodata.keywords())
        for language in catalog.LANGUAGES:
            modules[OUTPUT.parent / f"_lang_{language}.py"] = catalog.render_module(language)
    except (reasondata.DataError, ehlodata.DataError) as error:
        raise DataError(str(error)) from None
    return modules


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a module is stale")
    args = parser.parse_args(argv)
    try:
        modules = outputs()
    except DataError as error:
        print(f"data/ is invalid: {error}", file=sys.stderr)
        return 1
    stale = [path for path, text in modules.items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    if args.check:
        for path in stale:
            print(f"{path} is out of date: run python tools/generate_data.py", file=sys.stderr)
        return 1 if stale else 0
    for path in stale:
        path.write_text(modules[path], encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
