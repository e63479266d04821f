"""Read data/reasons.toml, data/remedies.toml, data/patterns/ and data/vendors/ into records.

Shared by the generator (which writes them into the package) and by check_rules.py (which
checks them straight from the files). Every schema mistake raises DataError naming the file,
the record and the field.
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script from a checkout, installed or not
    sys.path.insert(0, str(ROOT))

from catalog import vendor_code_places  # noqa: E402 (tools/, beside this file)

from smtpcodes.errors import RuleError  # noqa: E402
from smtpcodes.records import (  # noqa: E402 (after the path is set)
    ReasonEntry,
    RetryAdvice,
    VendorCode,
    VendorEntry,
    VocabularyEntry,
)
from smtpcodes.rules import (  # noqa: E402
    REMEDIES,
    REMEDY_DETAILS,
    SCOPES,
    Pattern,
    pattern_from_record,
)
from smtpcodes.wording import normalize_phrase  # noqa: E402

DATA = ROOT / "data"
WHO = {"nobody", "sender", "sending_admin", "recipient", "receiving_admin"}
ELSEWHERE = ("sisimai", "kumomta", "ses", "sendgrid", "postmark")
_CODE_KEY = re.compile(r"^(?:[X245]\.[0-9]{1,3}\.[0-9]{1,3}|[245]\.XXX\.YYY|[245]XX)$")


class DataError(Exception):
    """A data file breaks the schema of data/README.md."""


def load(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as handle:
            return tomllib.load(handle)
    except tomllib.TOMLDecodeError as error:
        raise DataError(f"{path.relative_to(ROOT)}: not valid TOML: {error}") from None


def _fields(where: str, record: dict[str, Any], required: set[str], optional: set[str]) -> None:
    missing = required - record.keys()
    extra = record.keys() - required - optional
    if missing or extra:
        raise DataError(f"{where}: missing {sorted(missing)}, unexpected {sorted(extra)}")


def _choice(where: str, field: str, value: Any, allowed: tuple[str, ...]) -> str:
    if value in (None, ""):
        return ""
    if value not in allowed:
        raise DataError(f"{where}: {field} {value!r} is not one of {list(allowed)}")
    return str(value)


def _strings(where: str, field: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise DataError(f"{where}: {field} must be a list of strings")
    return tuple(" ".join(item.split()) for item in value)


def _prose(where: str, record: dict[str, Any], field: str) -> str:
    value = record.get(field, "")
    if not isinstance(value, str):
        raise DataError(f"{where}: {field} must be a string")
    return " ".join(value.split())


REASON_REQUIRED = {"name", "title", "summary", "meaning", "sender", "receiver", "who",
                   "hard_bounce", "remedy", "scope"}
REASON_OPTIONAL = {"aliases", "remedy_detail", "remedy_transient", "codes", "elsewhere",
                   "sources", "checked"}


def reasons(path: Path = DATA / "reasons.toml") -> list[ReasonEntry]:
    entries = []
    for index, record in enumerate(load(path).get("reason", []), 1):
        where = f"reasons.toml reason {record.get('name', index)}"
        _fields(where, record, REASON_REQUIRED, REASON_OPTIONAL)
        who = _strings(where, "who", record["who"])
        for value in who:
            if value not in WHO:
                raise DataError(f"{where}: who {value!r} is not one of {sorted(WHO)}")
        codes = _strings(where, "codes", record.get("codes", []))
        for code in codes:
            if not _CODE_KEY.match(code):
                raise DataError(f"{where}: code {code!r} is not like X.1.1, 5.2.2, 2.XXX.YYY")
        elsewhere_table = record.get("elsewhere", {})
        elsewhere = []
        for key in ELSEWHERE:
            value = elsewhere_table.get(key)
            if isinstance(value, str) and value:
                elsewhere.append((key, value))
        if not isinstance(record["hard_bounce"], bool):
            raise DataError(f"{where}: hard_bounce must be true or false")
        entries.append(ReasonEntry(
            name=record["name"], aliases=_strings(where, "aliases", record.get("aliases", [])),
            title=_prose(where, record, "title"), summary=_prose(where, record, "summary"),
            meaning=_prose(where, record, "meaning"), sender=_prose(where, record, "sender"),
            receiver=_prose(where, record, "receiver"), who=who,
            hard_bounce=record["hard_bounce"],
            remedy=_choice(where, "remedy", record["remedy"], REMEDIES),
            remedy_detail=_choice(where, "remedy_detail", record.get("remedy_detail"),
                                  REMEDY_DETAILS),
            remedy_transient=_choice(where, "remedy_transient", record.get("remedy_transient"),
                                     REMEDIES),
            scope=_choice(where, "scope", record["scope"], SCOPES),
            codes=codes, elsewhere=tuple(elsewhere),
            sources=_strings(where, "sources", record.get("sources", [])
                             or elsewhere_table.get("sources", [])),
            checked=str(record.get("checked", elsewhere_table.get("checked", ""))),
        ))
    names = [entry.name for entry in entries]
    if len(set(names)) != len(names):
        raise DataError("reasons.toml: a reason name is used twice")
    taken: dict[str, str] = {}
    for entry in entries:
        for code in entry.codes:
            if code in taken:
                raise DataError(f"reasons.toml: {code} decides both {taken[code]} and {entry.name}")
            taken[code] = entry.name
    return entries


def reason_names(entries: list[ReasonEntry]) -> list[str]:
    return [name for entry in entries for name in (entry.name, *entry.aliases)]


def vocabulary(path: Path = DATA / "remedies.toml") -> tuple[list[VocabularyEntry],
                                                             list[RetryAdvice]]:
    data = load(path)
    words = []
    for kind, allowed in (("remedy", REMEDIES), ("remedy_detail", REMEDY_DETAILS),
                          ("scope", SCOPES)):
        seen = []
        for record in data.get(kind, []):
            where = f"remedies.toml {kind} {record.get('name')}"
            _fields(where, record, {"name", "title", "description"}, {"sender", "receiver"})
            _choice(where, "name", record["name"], allowed)
            seen.append(record["name"])
            words.append(VocabularyEntry(
                kind=kind, name=record["name"], title=_prose(where, record, "title"),
                description=_prose(where, record, "description"),
                sender=_prose(where, record, "sender"), receiver=_prose(where, record, "receiver"),
            ))
        if sorted(seen) != sorted(allowed):
            raise DataError(f"remedies.toml: {kind} records {sorted(seen)} differ from the "
                            f"vocabulary {sorted(allowed)}")
    retries = []
    for record in data.get("retry", []):
        where = f"remedies.toml retry {record.get('id')}"
        _fields(where, record, {"id", "text", "source", "checked"}, set())
        retries.append(RetryAdvice(id=record["id"], text=_prose(where, record, "text"),
                                   source=record["source"], checked=str(record["checked"])))
    return words, retries


def pattern_files() -> list[Path]:
    return sorted((DATA / "patterns").glob("*.toml"))


def patterns(names: list[str], files: list[Path] | None = None) -> list[Pattern]:
    found: list[Pattern] = []
    for path in files if files is not None else pattern_files():
        data = load(path)
        extra = set(data) - {"pattern"}
        if extra:
            raise DataError(f"{path.name}: unexpected {sorted(extra)}; expected [[pattern]]")
        for index, record in enumerate(data.get("pattern", []), 1):
            try:
                pattern = pattern_from_record(record, f"{path.name}: pattern {index}", names)
            except RuleError as error:
                raise DataError(str(error)) from None
            found.append(pattern)
    ids = [pattern.id for pattern in found]
    twice = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if twice:
        raise DataError(f"patterns: ids used more than once: {twice}")
    return found


VENDOR_REQUIRED = {"id", "name", "url", "checked", "hosts"}
VENDOR_OPTIONAL = {
    "products", "sources", "tokens", "retry", "retry_source", "code", "notes",
}
CODE_OPTIONAL = {
    "enhanced", "enhanced_last", "basic", "token", "phrase", "remedy", "remedy_detail", "scope",
    "url", "examples", "reason", "notes",
}


def vendor_files() -> list[Path]:
    return sorted((DATA / "vendors").glob("*.toml"))


def _vendor_code(where: str, vendor_id: str, index: int, record: dict[str, Any],
                 names: list[str]) -> VendorCode:
    _fields(where, record, {"meaning", "action"}, CODE_OPTIONAL)
    basic = record.get("basic")
    if isinstance(basic, str) and basic.isdigit():  # "450" as the vendor writes it
        basic = int(basic)
    if basic is not None and (not isinstance(basic, int) or not 200 <= basic <= 599):
        raise DataError(f"{where}: basic {basic!r} must be a reply code like 550")
    enhanced = record.get("enhanced", "")
    if enhanced and not re.match(r"^[245]\.[0-9]{1,3}\.[0-9]{1,3}$", enhanced):
        raise DataError(f"{where}: enhanced {enhanced!r} must be a code like 5.7.509")
    last = record.get("enhanced_last", "")
    if last and not (enhanced and re.match(r"^[245]\.[0-9]{1,3}\.[0-9]{1,3}$", last)
                     and last.rsplit(".", 1)[0] == enhanced.rsplit(".", 1)[0]
                     and int(last.rsplit(".", 1)[1]) > int(enhanced.rsplit(".", 1)[1])):
        raise DataError(f"{where}: enhanced_last {last!r} must close a range opened by"
                        f" enhanced {enhanced!r} (same class and subject, a higher detail)")
    token = record.get("token", "")
    if token:
        try:
            re.compile(token)
        except re.error as error:
            raise DataError(f"{where}: token {token!r} does not compile: {error}") from None
    if not (basic or enhanced or token or record.get("phrase")):
        raise DataError(f"{where}: give at least one of basic, enhanced, token, phrase")
    reason = record.get("reason", "")
    if reason and reason not in names:
        raise DataError(f"{where}: reason {reason!r} is not a reason name")
    phrase_text = record.get("phrase", "")
    phrase = None
    if phrase_text:
        phrases = phrase_text if isinstance(phrase_text, list) else [phrase_text]
        phrase = Pattern(id=f"{vendor_id}-{index}-phrase", reason=reason or "undefined",
                         kind="phrases",
                         words=tuple(normalize_phrase(text) for text in phrases))
    return VendorCode(
        id=f"{vendor_id}:{index}", basic=basic, enhanced=enhanced, enhanced_last=last,
        token=token, phrase=phrase,
        meaning=_prose(where, record, "meaning"), action=_prose(where, record, "action"),
        reason=reason, remedy=_choice(where, "remedy", record.get("remedy"), REMEDIES),
        remedy_detail=_choice(where, "remedy_detail", record.get("remedy_detail"),
                              REMEDY_DETAILS),
        scope=_choice(where, "scope", record.get("scope"), SCOPES),
        url=record.get("url", ""), examples=_strings(where, "examples", record.get("examples", [])),
    )


def vendors(names: list[str], files: list[Path] | None = None) -> list[VendorEntry]:
    found = []
    for path in files if files is not None else vendor_files():
        record = load(path)
        where = f"vendors/{path.name}"
        _fields(where, record, VENDOR_REQUIRED, VENDOR_OPTIONAL)
        vendor_id = record["id"]
        tokens = _strings(where, "tokens", record.get("tokens", []))
        for token in tokens:
            try:
                re.compile(token)
            except re.error as error:
                raise DataError(f"{where}: token {token!r} does not compile: {error}") from None
        codes = tuple(
            _vendor_code(f"{where} code {index}", vendor_id, index, code, names)
            for index, code in enumerate(record.get("code", []), 1)
        )
        for code, place in zip(codes, vendor_code_places(record), strict=True):
            code.place = place
        found.append(VendorEntry(
            id=vendor_id, name=record["name"],
            products=_strings(where, "products", record.get("products", [])),
            url=record["url"], checked=str(record["checked"]),
            sources=_strings(where, "sources", record.get("sources", [])),
            hosts=tuple(normalize_phrase(host) for host in
                        _strings(where, "hosts", record["hosts"])),
            tokens=tokens,
            retry=_prose(where, record, "retry"),
            retry_source=record.get("retry_source", ""), codes=codes,
        ))
    ids = [vendor.id for vendor in found]
    if len(set(ids)) != len(ids):
        raise DataError("vendors: an id is used twice")
    return found


# --- rendering into the package ---------------------------------------------------------------

HEADER = '"""{what}: generated by tools/generate_data.py from data/; do not edit."""\n\n'


def _call(name: str, fields: list[tuple[str, object]], indent: str = "    ") -> str:
    inner = "".join(f"{indent}    {key}={value!r},\n" for key, value in fields)
    return f"{indent}{name}(\n{inner}{indent})"


def render_reasons(entries: list[ReasonEntry], words: list[VocabularyEntry],
                   retries: list[RetryAdvice]) -> str:
    parts = [HEADER.format(what="Reasons, remedies, retry advice"),
             "from .records import ReasonEntry, RetryAdvice, VocabularyEntry\n\n",
             "REASONS: tuple[ReasonEntry, ...] = (\n"]
    for entry in entries:
        parts.append(_call("ReasonEntry", [(slot, getattr(entry, slot)) for slot in (
            "name", "aliases", "title", "summary", "meaning", "sender", "receiver", "who",
            "hard_bounce", "remedy", "remedy_detail", "remedy_transient", "scope", "codes",
            "elsewhere", "sources", "checked")]) + ",\n")
    parts.append(")\n\nVOCABULARY: tuple[VocabularyEntry, ...] = (\n")
    for word in words:
        parts.append(_call("VocabularyEntry", [(slot, getattr(word, slot)) for slot in (
            "kind", "name", "title", "description", "sender", "receiver")]) + ",\n")
    parts.append(")\n\nRETRY: tuple[RetryAdvice, ...] = (\n")
    for retry in retries:
        parts.append(_call("RetryAdvice", [(slot, getattr(retry, slot)) for slot in (
            "id", "text", "source", "checked")]) + ",\n")
    parts.append(")\n")
    return "".join(parts)


def _imports(names: set[str]) -> str:
    """Names for a generated ``from ... import``, in the order ruff's isort wants."""
    return ", ".join(sorted(names, key=lambda name: (not name.isupper(), name)))


def _conditions(pattern: Pattern) -> str:
    when = pattern.when
    if not when.as_dict():
        return "NO_CONDITIONS"
    return (f"Conditions(basic={when.basic!r}, enhanced={when.enhanced!r}, "
            f"status_class={when.status_class!r}, command={when.command!r}, "
            f"vendor={when.vendor!r})")


def _pattern_call(pattern: Pattern, indent: str = "    ") -> str:
    fields = [(slot, getattr(pattern, slot)) for slot in (
        "id", "reason", "kind", "words", "lang")]
    rest = [(slot, getattr(pattern, slot)) for slot in (
        "priority", "over_code", "remedy", "remedy_detail", "scope", "sources", "checked",
        "examples", "near_misses")]
    inner = "".join(f"{indent}    {key}={value!r},\n" for key, value in fields)
    inner += f"{indent}    when={_conditions(pattern)},\n"
    inner += "".join(f"{indent}    {key}={value!r},\n" for key, value in rest)
    return f"{indent}Pattern(\n{inner}{indent})"


def render_patterns(patterns: list[Pattern]) -> str:
    names = {"Pattern"}
    for pattern in patterns:
        names.add("Conditions" if pattern.when.as_dict() else "NO_CONDITIONS")
    parts = [HEADER.format(what="Word rules of the reasons"),
             f"from .rules import {_imports(names)}\n\n",
             "PATTERNS: tuple[Pattern, ...] = (\n"]
    parts += [_pattern_call(pattern) + ",\n" for pattern in patterns]
    parts.append(")\n")
    return "".join(parts)


def render_vendors(vendors: list[VendorEntry]) -> str:
    records = {"VendorEntry"} | ({"VendorCode"} if any(v.codes for v in vendors) else set())
    phrases = any(code.phrase is not None for vendor in vendors for code in vendor.codes)
    parts = [HEADER.format(what="Vendors and their codes"),
             f"from .records import {_imports(records)}\n",
             "from .rules import NO_CONDITIONS, Pattern\n\n" if phrases else "\n",
             "VENDORS: tuple[VendorEntry, ...] = (\n"]
    for vendor in vendors:
        codes = ""
        for code in vendor.codes:
            phrase = (_pattern_call(code.phrase, " " * 16).strip()
                      if code.phrase is not None else "None")
            fields = "".join(f"                {slot}={getattr(code, slot)!r},\n" for slot in (
                "id", "basic", "enhanced", "enhanced_last", "token", "meaning", "action",
                "reason", "remedy",
                "remedy_detail", "scope", "url", "examples", "place"))
            codes += (f"            VendorCode(\n{fields}                phrase={phrase},\n"
                      "            ),\n")
        fields = "".join(f"        {slot}={getattr(vendor, slot)!r},\n" for slot in (
            "id", "name", "products", "url", "checked", "sources", "hosts", "tokens",
            "retry", "retry_source"))
        parts.append(f"    VendorEntry(\n{fields}        codes=(\n{codes}        ),\n    ),\n")
    parts.append(")\n")
    return "".join(parts)


def rendered() -> dict[str, str]:
    """Each generated module's file name and its text."""
    entries = reasons()
    names = reason_names(entries)
    words, retries = vocabulary() if (DATA / "remedies.toml").exists() else ([], [])
    return {
        "_reasons_data.py": render_reasons(entries, words, retries),
        "_patterns_data.py": render_patterns(patterns(names)),
        "_vendors_data.py": render_vendors(vendors(names)),
    }
