"""Compare data/ with IANA's registries, as IANA publishes them in CSV, and report the drift.

    python tools/registry_drift.py [--enhanced FILE ...] [--extensions FILE]

``--enhanced`` takes the CSV files of the "SMTP Enhanced Status Codes" registry
(https://www.iana.org/assignments/smtp-enhanced-status-codes/): class sub-codes, subject
sub-codes and enumerated status codes, in any order (each is recognised by its columns).
``--extensions`` takes the CSV of the "SMTP Service Extensions" registry
(https://www.iana.org/assignments/mail-parameters/, mail-parameters-2.csv).

Prints every entry the registry has and data/ lacks (added), every entry data/ has and the
registry lacks (removed), and every title, RFC reference or associated basic code that
differs (changed). Basic codes that data/ adds beyond the registry's are not drift (the data
may add associations, never drop one). Exit status 0 when nothing drifted, 1 when something
did, 2 when a file cannot be read as such a registry.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


class RegistryError(Exception):
    """A file that is not one of the registry's CSV files."""


@dataclass
class Entry:
    """One registry entry, as both sides are compared."""

    code: str
    title: str
    rfcs: tuple[str, ...] = ()
    basic_codes: tuple[str, ...] = ()


@dataclass
class Drift:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def lines(self, what: str) -> list[str]:
        if not self:
            return [f"{what}: no drift"]
        out = [f"{what}: {len(self.added)} added, {len(self.removed)} removed,"
               f" {len(self.changed)} changed"]
        out += [f"  added:   {line}" for line in self.added]
        out += [f"  removed: {line}" for line in self.removed]
        out += [f"  changed: {line}" for line in self.changed]
        return out


def references(text: str) -> tuple[str, ...]:
    """The RFCs a registry cell cites ("[RFC3463]", "RFC 7504"), as RFCnnnn; drafts too."""
    rfcs = [f"RFC{number}" for number in re.findall(r"RFC ?([0-9]+)", text, re.IGNORECASE)]
    drafts = re.findall(r"draft-[a-z0-9-]+[a-z0-9]", text, re.IGNORECASE)
    return tuple(dict.fromkeys(rfcs + [draft.lower() for draft in drafts]))


def basic_codes(text: str) -> tuple[str, ...]:
    """The associated basic codes of a registry cell: "451, 550", "Any", "Not given"."""
    if text.strip().lower() in ("", "not given"):
        return ()
    return tuple(part.strip() for part in re.split(r"[,;]", text) if part.strip())


def read_csv(path: Path) -> list[dict[str, str]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            return list(csv.DictReader(handle))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise RegistryError(f"{path}: cannot be read as CSV: {error}") from None


def registry_enhanced(paths: list[Path]) -> dict[str, Entry]:
    """The entries of the enhanced status code registry's CSV files."""
    entries: dict[str, Entry] = {}
    for path in paths:
        rows = read_csv(path)
        columns = set(rows[0]) if rows else set()
        if not {"Code", "Reference"} <= columns or not ({"Sample Text", "Summary"} & columns):
            raise RegistryError(
                f"{path}: expected IANA's columns Code, Sample Text or Summary, Reference"
                f" (found {sorted(columns)})")
        for row in rows:
            code = row["Code"].strip()
            title = (row.get("Sample Text") or row.get("Summary") or "").strip()
            entries[code] = Entry(code, " ".join(title.split()), references(row["Reference"]),
                                  basic_codes(row.get("Associated basic status code", "")))
    return entries


def data_enhanced() -> dict[str, Entry]:
    with (DATA / "enhanced-codes.toml").open("rb") as handle:
        data = tomllib.load(handle)
    entries = {}
    for kind in ("class", "subject", "detail"):
        for record in data.get(kind, []):
            entries[record["code"]] = Entry(record["code"], record["title"],
                                            tuple(record["rfcs"]),
                                            tuple(record.get("basic_codes", [])))
    return entries


def kind_of(code: str) -> str:
    """class (5.XXX.YYY), subject (X.1.YYY), detail (X.1.1) or keyword."""
    if code.endswith(".XXX.YYY"):
        return "class"
    if code.endswith(".YYY"):
        return "subject"
    return "detail" if code.startswith("X.") else "keyword"


def compare(registry: dict[str, Entry], ours: dict[str, Entry], basic: bool) -> Drift:
    """The drift of the data from the registry, over the kinds of entry the registry's
    files hold (a file of details alone says nothing about classes)."""
    kinds = {kind_of(code) for code in registry}
    ours = {code: entry for code, entry in ours.items() if kind_of(code) in kinds}
    drift = Drift()
    for code, entry in registry.items():
        mine = ours.get(code)
        if mine is None:
            drift.added.append(f"{code} {entry.title}")
            continue
        if entry.title and entry.title.lower() != mine.title.lower():
            drift.changed.append(f"{code} title: registry {entry.title!r}, data {mine.title!r}")
        missing = [rfc for rfc in entry.rfcs if rfc not in mine.rfcs]
        if missing:
            drift.changed.append(f"{code} references: the registry also cites"
                                 f" {', '.join(missing)}")
        lacking = [code_ for code_ in entry.basic_codes if code_ not in mine.basic_codes]
        if basic and lacking:
            drift.changed.append(f"{code} basic codes: the registry also pairs it with"
                                 f" {', '.join(lacking)}")
    drift.removed += [f"{code} {entry.title}" for code, entry in ours.items()
                      if code not in registry]
    return drift


def registry_extensions(path: Path) -> dict[str, Entry]:
    rows = read_csv(path)
    columns = set(rows[0]) if rows else set()
    if not {"Keywords", "Reference"} <= columns:
        raise RegistryError(f"{path}: expected IANA's columns Keywords, Description, Reference"
                            f" (found {sorted(columns)})")
    return {row["Keywords"].strip().upper(): Entry(row["Keywords"].strip().upper(),
                                                   row.get("Description", "").strip(),
                                                   references(row["Reference"]))
            for row in rows if row["Keywords"].strip()}


def data_extensions() -> dict[str, Entry]:
    with (DATA / "ehlo.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {record["keyword"]: Entry(record["keyword"], record["title"], tuple(record["rfcs"]))
            for record in data.get("keyword", []) if record.get("registered")}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enhanced", nargs="+", type=Path, default=[], metavar="FILE",
                        help="CSV files of the SMTP Enhanced Status Codes registry")
    parser.add_argument("--extensions", type=Path, metavar="FILE",
                        help="the CSV file of the SMTP Service Extensions registry")
    args = parser.parse_args(argv)
    if not args.enhanced and args.extensions is None:
        parser.error("give --enhanced FILE ... and/or --extensions FILE")
    drifted = False
    try:
        if args.enhanced:
            drift = compare(registry_enhanced(args.enhanced), data_enhanced(), basic=True)
            print("\n".join(drift.lines("enhanced status codes")))
            drifted |= bool(drift)
        if args.extensions is not None:
            # Titles are compared loosely: the data's title is the registry's description.
            drift = compare(registry_extensions(args.extensions), data_extensions(), basic=False)
            print("\n".join(drift.lines("SMTP service extensions")))
            drifted |= bool(drift)
    except RegistryError as error:
        print(f"registry_drift: {error}", file=sys.stderr)
        return 2
    return 1 if drifted else 0


if __name__ == "__main__":
    sys.exit(main())
