"""The maintainer's drift check against IANA's registries, on CSV files written like IANA's."""

from __future__ import annotations

import csv
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import registry_drift  # noqa: E402

DETAIL_COLUMNS = ["Code", "Sample Text", "Associated basic status code", "Description",
                  "Reference", "Submitter", "Change Controller"]


def details_as_iana_writes_them() -> list[dict[str, str]]:
    with (ROOT / "data" / "enhanced-codes.toml").open("rb") as handle:
        details = tomllib.load(handle)["detail"]
    return [{
        "Code": record["code"], "Sample Text": record["title"],
        "Associated basic status code": ", ".join(record["basic_codes"]) or "Not given",
        "Description": "", "Reference": "; ".join(f"[{rfc}] (Standards Track)"
                                                  for rfc in record["rfcs"]),
        "Submitter": "", "Change Controller": "IESG",
    } for record in details]


def write(path: Path, rows: list[dict[str, str]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_the_data_matches_a_registry_made_from_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = write(tmp_path / "details.csv", details_as_iana_writes_them(), DETAIL_COLUMNS)
    assert registry_drift.main(["--enhanced", str(path)]) == 0
    assert capsys.readouterr().out.strip() == "enhanced status codes: no drift"


def test_added_removed_and_changed_entries_are_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    rows = [row for row in details_as_iana_writes_them() if row["Code"] != "X.1.0"]
    for row in rows:
        if row["Code"] == "X.2.2":
            row["Sample Text"] = "Mailbox over quota"
            row["Associated basic status code"] += ", 554"
        if row["Code"] == "X.7.26":
            row["Reference"] += "; [RFC9999]"
    rows.append({**rows[0], "Code": "X.7.31", "Sample Text": "A new policy code"})
    path = write(tmp_path / "details.csv", rows, DETAIL_COLUMNS)
    assert registry_drift.main(["--enhanced", str(path)]) == 1
    out = capsys.readouterr().out
    assert "1 added, 1 removed, 3 changed" in out
    assert "added:   X.7.31 A new policy code" in out
    assert "removed: X.1.0 Other address status" in out
    assert "X.2.2 title: registry 'Mailbox over quota', data 'Mailbox full'" in out
    assert "X.2.2 basic codes: the registry also pairs it with 554" in out
    assert "X.7.26 references: the registry also cites RFC9999" in out


def test_extension_keywords_are_compared_with_the_ehlo_data(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    with (ROOT / "data" / "ehlo.toml").open("rb") as handle:
        registered = [k for k in tomllib.load(handle)["keyword"] if k["registered"]]
    rows = [{"Keywords": k["keyword"], "Description": k["title"],
             "Reference": " ".join(f"[{rfc}]" for rfc in k["rfcs"]), "Note": ""}
            for k in registered if k["keyword"] != "SIZE"]
    rows.append({"Keywords": "NEWEXT", "Description": "A new extension", "Reference": "[RFC9998]",
                 "Note": ""})
    path = write(tmp_path / "ext.csv", rows, ["Keywords", "Description", "Reference", "Note"])
    assert registry_drift.main(["--extensions", str(path)]) == 1
    out = capsys.readouterr().out
    assert "added:   NEWEXT A new extension" in out
    assert "removed: SIZE" in out


def test_a_file_of_another_shape_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str],
) -> None:
    path = tmp_path / "other.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    assert registry_drift.main(["--enhanced", str(path)]) == 2
    assert "expected IANA's columns" in capsys.readouterr().err
