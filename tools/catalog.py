"""Translation catalogs: the prose of data/ and of the command line, in gettext .po files.

    python tools/catalog.py update         # add new strings, mark changed ones fuzzy
    python tools/catalog.py check          # exit 1 on a string untranslated, fuzzy or stale
    python tools/catalog.py stats          # how much of each catalog is translated

Each string is keyed by its place in the data (``msgctxt "detail/X.2.2/5/meaning"``), so one
English sentence may read differently in two places. ``msgid`` is the English as the package
holds it (blanks folded), and an extracted comment keeps a hash of it: when the English changes,
``update`` marks the entry fuzzy and ``check`` fails until a translator has looked again.
The catalogs live in ``data/locale/LANG/``; ``tools/generate_data.py`` turns them into
``smtpcodes/_lang_LANG.py``. A maintainer tool, never run at build or import time.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
LOCALE = DATA / "locale"
LANGUAGES = ("fr",)


@dataclass
class Message:
    """One catalog entry: where the English is, the English, and its translation."""

    context: str
    english: str
    translation: str = ""
    fuzzy: bool = False
    hash: str = ""
    reference: str = ""
    previous: str = ""
    comments: list[str] = field(default_factory=list)

    @property
    def fresh_hash(self) -> str:
        return source_hash(self.english)


def source_hash(english: str) -> str:
    return hashlib.sha256(english.encode()).hexdigest()[:12]


def fold(value: str) -> str:
    """The English as the generated modules hold it: blanks folded to single spaces."""
    return " ".join(value.split())


# --- reading and writing .po files ---------------------------------------------------------

def _quote(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    escaped = escaped.replace("\t", "\\t")
    return f'"{escaped}"'


def _unquote(token: str, where: str) -> str:
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        raise ValueError(f"{where}: expected a quoted string, found {token!r}")
    out: list[str] = []
    chars = iter(token[1:-1])
    for char in chars:
        if char != "\\":
            out.append(char)
            continue
        escaped = next(chars, "")
        out.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(escaped, "\\" + escaped))
    return "".join(out)


def _wrap(keyword: str, value: str) -> list[str]:
    """One ``keyword "..."`` statement, long values split at spaces as gettext does."""
    if len(value) <= 70:
        return [f"{keyword} {_quote(value)}"]
    pieces: list[str] = []
    rest = value
    while len(rest) > 70:
        cut = rest.rfind(" ", 0, 70)
        cut = 70 if cut <= 0 else cut + 1
        pieces.append(rest[:cut])
        rest = rest[cut:]
    if rest:
        pieces.append(rest)
    return [f'{keyword} ""'] + [_quote(piece) for piece in pieces]


def read_po(path: Path) -> list[Message]:
    """Read a catalog written by :func:`write_po` (or by a translator's editor)."""
    messages: list[Message] = []
    current: dict[str, Any] = {}
    key = ""

    def finish() -> None:
        if "msgid" in current and current.get("msgid"):
            messages.append(Message(
                context=current.get("msgctxt", ""), english=current["msgid"],
                translation=current.get("msgstr", ""), fuzzy=current.get("fuzzy", False),
                hash=current.get("hash", ""), reference=current.get("reference", ""),
                previous=current.get("previous", ""), comments=current.get("comments", [])))
        current.clear()

    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        where = f"{path}:{number}"
        line = raw.strip()
        if not line:
            finish()
            key = ""
            continue
        if line.startswith("#"):
            if "msgid" in current:
                finish()
            if line.startswith("#,"):
                current["fuzzy"] = "fuzzy" in line[2:].replace(" ", "").split(",")
            elif line.startswith("#. hash: "):
                current["hash"] = line[len("#. hash: "):].strip()
            elif line.startswith("#: "):
                current["reference"] = line[3:].strip()
            elif line.startswith("#| msgid "):
                current["previous"] = _unquote(line[len("#| msgid "):], where)
            elif line.startswith("# "):
                current.setdefault("comments", []).append(line[2:])
            continue
        if line.startswith('"'):
            if not key:
                raise ValueError(f"{where}: a string continues nothing")
            current[key] += _unquote(line, where)
            continue
        keyword, _, value = line.partition(" ")
        if keyword not in ("msgctxt", "msgid", "msgstr"):
            raise ValueError(f"{where}: expected msgctxt, msgid or msgstr, found {keyword!r}")
        if keyword == "msgctxt" and "msgid" in current:
            finish()
        key = keyword
        current[key] = _unquote(value.strip(), where)
    finish()
    return messages


def write_po(path: Path, language: str, messages: list[Message]) -> None:
    lines = [
        f"# smtpcodes: {path.stem} in {language}. Update with tools/catalog.py.",
        'msgid ""',
        'msgstr ""',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        f'"Language: {language}\\n"',
        "",
    ]
    for message in messages:
        lines.extend(f"# {comment}" for comment in message.comments)
        lines.append(f"#. hash: {message.fresh_hash if not message.fuzzy else message.hash}")
        if message.reference:
            lines.append(f"#: {message.reference}")
        if message.fuzzy:
            lines.append("#, fuzzy")
            if message.previous:
                lines.append(f"#| msgid {_quote(message.previous)}")
        lines.extend(_wrap("msgctxt", message.context))
        lines.extend(_wrap("msgid", message.english))
        lines.extend(_wrap("msgstr", message.translation))
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")


# --- the English strings, by catalog -------------------------------------------------------

Source = tuple[str, str, str]  # (context, english, reference)


def _load(name: str) -> dict[str, Any]:
    with open(DATA / name, "rb") as handle:
        return tomllib.load(handle)


def _fields(prefix: str, record: dict[str, Any], names: tuple[str, ...],
            reference: str) -> Iterator[Source]:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            yield f"{prefix}/{name}", fold(value), reference
        elif isinstance(value, list):
            for index, item in enumerate(value):
                yield f"{prefix}/{name}/{index}", fold(item), reference


def code_strings() -> Iterator[Source]:
    for record in _load("basic-codes.toml")["basic"]:
        yield from _fields(f"basic/{record['code']}", record,
                           ("summary", "explanation", "action", "positions"),
                           "data/basic-codes.toml")
    enhanced = _load("enhanced-codes.toml")
    for kind in ("class", "subject"):
        for record in enhanced[kind]:
            yield from _fields(f"{kind}/{record['code']}", record,
                               ("summary", "explanation", "action"), "data/enhanced-codes.toml")
    for record in enhanced["detail"]:
        prefix = f"detail/{record['code']}"
        yield from _fields(prefix, record, ("summary", "explanation", "positions"),
                           "data/enhanced-codes.toml")
        for digit, advice in sorted(record.get("class", {}).items()):
            yield from _fields(f"{prefix}/{digit}", advice, ("summary", "meaning", "action"),
                               "data/enhanced-codes.toml")


def reason_strings() -> Iterator[Source]:
    for record in _load("reasons.toml")["reason"]:
        yield from _fields(f"reason/{record['name']}", record,
                           ("title", "summary", "meaning", "sender", "receiver"),
                           "data/reasons.toml")
    remedies = _load("remedies.toml")
    for kind in ("remedy", "remedy_detail", "scope"):
        for record in remedies[kind]:
            yield from _fields(f"{kind}/{record['name']}", record,
                               ("title", "description", "sender", "receiver"),
                               "data/remedies.toml")
    for record in remedies["retry"]:
        yield from _fields(f"retry/{record['id']}", record, ("text",), "data/remedies.toml")


def vendor_code_key(record: dict[str, Any]) -> str:
    """A vendor code's stable name: its codes, token and telling words."""
    parts = [str(record[name]) for name in ("basic", "enhanced") if record.get(name)]
    if record.get("token"):
        parts.append(str(record["token"]).replace("\\b", "").replace("\\", ""))
    if record.get("enhanced_last"):
        parts[-1] += f"-{record['enhanced_last']}" if not record.get("token") else ""
    if record.get("phrase"):
        parts.append(fold(str(record["phrase"])).lower())
    return " ".join(parts) or "words"


def vendor_code_places(vendor: dict[str, Any]) -> list[str]:
    """The place of each of a vendor's codes, in file order, numbered where two share one."""
    places: list[str] = []
    seen: dict[str, int] = {}
    for record in vendor.get("code", []):
        key = vendor_code_key(record)
        seen[key] = seen.get(key, 0) + 1
        places.append(f"vendor/{vendor['id']}/{key}" + (f" #{seen[key]}" if seen[key] > 1 else ""))
    return places


def vendor_strings() -> Iterator[Source]:
    for path in sorted((DATA / "vendors").glob("*.toml")):
        with open(path, "rb") as handle:
            vendor = tomllib.load(handle)
        reference = f"data/vendors/{path.name}"
        yield from _fields(f"vendor/{vendor['id']}", vendor, ("retry",), reference)
        for place, record in zip(vendor_code_places(vendor), vendor.get("code", []), strict=True):
            yield from _fields(place, record, ("meaning", "action", "notes"), reference)


def ehlo_strings() -> Iterator[Source]:
    for record in _load("ehlo.toml")["keyword"]:
        yield from _fields(f"ehlo/{record['keyword']}", record,
                           ("summary", "explanation", "watch"), "data/ehlo.toml")


def program_strings() -> Iterator[Source]:
    """The program's own words: every literal given to ``word()``, ``say()`` or ``mark()`` in the
    package (messages, headings), and the labels given to the text renderer's ``_field()``,
    found as xgettext finds ``_()``."""
    import ast

    for path in sorted((ROOT / "smtpcodes").rglob("*.py")):
        if path.name.startswith("_"):
            continue
        reference = str(path.relative_to(ROOT))
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("word", "mark", "say", "_field") and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                english = node.args[0].value
                if node.func.id == "_field":  # a label, maybe indented: "  Meaning"
                    english = english.lstrip(" ")
                if english.strip() and not english[0].isdigit():
                    yield f"word/{english}", english, reference


def site_strings() -> Iterator[Source]:
    """The reference site's own words: every literal given to ``w()`` in docs/_ext (its
    headings, labels and sentences), apart from those the program already has."""
    import ast

    known = {context for context, _, _ in program_strings()}
    for path in sorted((ROOT / "docs" / "_ext").glob("*.py")):
        reference = str(path.relative_to(ROOT))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id == "w" and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)):
                context = f"word/{node.args[0].value}"
                if context not in known:
                    yield context, node.args[0].value, reference


def _unique(found: Iterator[Source]) -> Iterator[Source]:
    seen: set[str] = set()
    for source in found:
        if source[0] not in seen:
            seen.add(source[0])
            yield source


CATALOGS: dict[str, Callable[[], Iterator[Source]]] = {
    "codes": code_strings,
    "reasons": reason_strings,
    "vendors": vendor_strings,
    "ehlo": ehlo_strings,
    "program": lambda: _unique(program_strings()),
    "site": lambda: _unique(site_strings()),
}


def sources(catalog: str) -> list[Source]:
    found = list(CATALOGS[catalog]())
    contexts = [context for context, _, _ in found]
    duplicates = {context for context in contexts if contexts.count(context) > 1}
    if duplicates:
        raise SystemExit(f"{catalog}: contexts used twice: {sorted(duplicates)[:5]}")
    return found


def catalog_path(language: str, catalog: str) -> Path:
    return LOCALE / language / f"{catalog}.po"


# --- what a translation must keep -----------------------------------------------------------

NARROW = "\u202f"
_KEPT = (
    r"https?://\S+[^\s.,;:)]",            # addresses of pages
    r"``[^`]+``|(?<!`)`[^`]+`(?!`)",        # code, as written
    r"\b[0-9X]\.[0-9XY]{1,3}\.[0-9XY]{1,3}\b",  # enhanced codes and registry keys
    r"\b[1-5][0-9]{2}\b",                  # reply codes
    r"\bRFC ?[0-9]+\b",
    r"\b[A-Z][A-Z0-9]*(?:[-_][A-Z0-9]+)*[A-Z0-9]\b",  # commands, keywords, acronyms
    r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b",       # configuration names
    r"\{[a-z_]*(?:![rs])?(?::[^{}]*)?\}|%\([a-z_]+\)[sr]|%[sr]",  # placeholders
    r"\n$|(?<=\S) $",                      # a final line break or space
)
#: Acronyms French writes its own way.
_FRENCH_ACRONYMS = {"ISP", "US", "UK", "EU", "OK", "FAQ"}


def kept_tokens(english: str) -> list[str]:
    """The parts of an English string a translation must carry over unchanged."""
    import re

    found: list[str] = []
    for pattern in _KEPT:
        found.extend(re.findall(pattern, english))
    return [token for token in found
            if token not in _FRENCH_ACRONYMS and (len(token) > 1 or token in "\n ")]


def typography(french: str) -> list[str]:
    """What breaks French typography: a plain or missing space before ; : ! ? or inside « »,
    or English quotation marks around words."""
    import re

    out: list[str] = []
    not_prose = r"``[^`]+``|`[^`]+`|https?://\S+|\S*[:;]//\S*|\b[0-9]{1,2}:[0-9]{2}\b"
    bare = re.sub(not_prose, " ", french)
    for match in re.finditer(r"(.)([;:!?])(?=\s|$)", bare):
        before = match.group(1)
        if before != NARROW:
            out.append(f"no narrow no-break space before {match.group(2)!r}"
                       f" in {bare[max(0, match.start() - 15):match.end() + 5]!r}")
    if re.search(r"«(?!\u202f)|(?<!\u202f)»", bare):
        out.append("« » need a narrow no-break space inside")
    if re.search(r'"[^"]+"|“|”', bare):
        out.append("English quotation marks: use « »")
    return out


def translation_faults(message: Message) -> list[str]:
    """What is wrong with one translated entry, in words a translator can act on."""
    faults = [f"keeps {token!r} unchanged" for token in kept_tokens(message.english)
              if token not in message.translation]
    if message.english.endswith(("\n", " ")) and not message.translation.endswith(
            message.english[-1]):
        faults.append(f"ends with {message.english[-1]!r} like the English")
    faults.extend(typography(message.translation))
    return faults


# --- the generated module ----------------------------------------------------------------------

def render_module(language: str) -> str:
    """``smtpcodes/_lang_LANG.py``: every translation a reader may be shown. An entry that is
    fuzzy, or made for English that has since changed, is left out: the English shows instead."""
    lines = [
        f'"""The {language} translations of the prose, by place. Generated from'
        f" data/locale/{language}/*.po by tools/generate_data.py: do not edit.\"\"\"",
        "",
        "TEXT: dict[str, str] = {",
    ]
    for name in CATALOGS:
        path = catalog_path(language, name)
        if not path.exists():
            continue
        current = {context: english for context, english, _ in sources(name)}
        for message in read_po(path):
            if (message.translation and not message.fuzzy
                    and current.get(message.context) == message.english):
                lines.append(f"    {message.context!r}: {message.translation!r},")
    lines.append("}")
    return "\n".join(lines) + "\n"


# --- update, check, stats ------------------------------------------------------------------

def merged(language: str, catalog: str) -> list[Message]:
    """The catalog brought up to date with the English: new strings empty, changed ones fuzzy."""
    path = catalog_path(language, catalog)
    old = {message.context: message for message in read_po(path)} if path.exists() else {}
    result: list[Message] = []
    for context, english, reference in sources(catalog):
        before = old.get(context)
        if before is None:
            result.append(Message(context, english, reference=reference))
            continue
        before.reference = reference
        if before.english != english:
            if not before.fuzzy:
                before.previous = before.english
                before.hash = source_hash(before.english)
            before.english = english
            before.fuzzy = bool(before.translation)
        result.append(before)
    return result


def problems(language: str, catalog: str) -> list[str]:
    """Every entry that would show English, or French made for another English, to a reader."""
    path = catalog_path(language, catalog)
    if not path.exists():
        return [f"{path}: missing (run tools/catalog.py update)"]
    found = {message.context: message for message in read_po(path)}
    out: list[str] = []
    for context, english, _ in sources(catalog):
        message = found.pop(context, None)
        where = f"{path.name} {context}"
        if message is None:
            out.append(f"{where}: not in the catalog")
        elif not message.translation:
            out.append(f"{where}: untranslated")
        elif message.fuzzy:
            out.append(f"{where}: fuzzy (the English changed; check the translation)")
        elif message.english != english or message.hash != source_hash(english):
            out.append(f"{where}: stale (translated from other English)")
        else:
            out.extend(f"{where}: {fault}" for fault in translation_faults(message))
    out.extend(f"{path.name} {context}: no longer in the English" for context in found)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("command", choices=("update", "check", "stats", "lint"))
    parser.add_argument("--lang", choices=LANGUAGES, default="fr")
    parser.add_argument("catalogs", nargs="*", metavar="CATALOG",
                        help=f"some of: {', '.join(CATALOGS)} (default: all)")
    args = parser.parse_args(argv)
    if args.command == "lint":  # a catalog file, or a piece of one, given by its path
        status = 0
        for name in args.catalogs:
            for message in read_po(Path(name)):
                if message.translation:
                    for fault in translation_faults(message):
                        print(f"{name} {message.context}: {fault}")
                        status = 1
                else:
                    print(f"{name} {message.context}: untranslated")
                    status = 1
        return status
    unknown = [name for name in args.catalogs if name not in CATALOGS]
    if unknown:
        parser.error(f"no catalog named {', '.join(unknown)}")
    names = args.catalogs or list(CATALOGS)
    status = 0
    for name in names:
        if args.command == "update":
            path = catalog_path(args.lang, name)
            path.parent.mkdir(parents=True, exist_ok=True)
            write_po(path, args.lang, merged(args.lang, name))
        elif args.command == "check":
            found = problems(args.lang, name)
            for problem in found[:20]:
                print(problem)
            if len(found) > 20:
                print(f"... and {len(found) - 20} more in {name}")
            status = status or int(bool(found))
        else:
            messages = merged(args.lang, name)
            done = sum(1 for m in messages if m.translation and not m.fuzzy)
            chars = sum(len(m.english) for m in messages if not m.translation or m.fuzzy)
            print(f"{name}: {done}/{len(messages)} translated, {chars} characters of English left")
    return status


if __name__ == "__main__":
    sys.exit(main())
