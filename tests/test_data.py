"""The data against the registry: complete, equal on every fact, explained for every class."""

from __future__ import annotations

import csv
import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import smtpcodes
from smtpcodes import BasicEntry, CategoryEntry, DetailEntry, _data
from smtpcodes.entries import WHO_LABELS

ROOT = Path(__file__).resolve().parent.parent
REFERENCE = Path(__file__).resolve().parent / "reference"


def rows(name: str) -> list[dict[str, str]]:
    with (REFERENCE / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def split(value: str) -> list[str]:
    return value.split(";") if value else []


ENHANCED_ROWS = rows("enhanced-status-codes.csv")
BASIC_ROWS = rows("basic-reply-codes.csv")


def test_counts_match_the_registry() -> None:
    assert len(_data.BASIC) == len(BASIC_ROWS) == 45
    assert len(_data.CATEGORIES) == 11
    assert len(_data.DETAILS) == 81
    codes = [entry.code for entry in smtpcodes.all_entries()]
    assert len(codes) == len(set(codes)), "every code appears once"


@pytest.mark.parametrize("row", ENHANCED_ROWS, ids=lambda row: row["code"])
def test_enhanced_row_present_and_equal(row: dict[str, str]) -> None:
    entry = smtpcodes.lookup(row["code"])
    assert entry.kind == row["kind"]
    assert entry.title == row["title"]
    assert list(entry.rfcs) == split(row["rfcs"])
    assert entry.registry_note == row["notes"]
    if isinstance(entry, DetailEntry):
        assert list(entry.basic_codes) == split(row["basic_codes"])
        assert [str(digit) for digit in entry.valid_classes] == split(row["valid_classes"])


@pytest.mark.parametrize("row", BASIC_ROWS, ids=lambda row: row["code"])
def test_basic_row_present_and_equal(row: dict[str, str]) -> None:
    entry = smtpcodes.lookup(row["code"])
    assert isinstance(entry, BasicEntry)
    assert entry.title == row["title"]
    assert list(entry.rfcs) == split(row["rfcs"])
    assert list(entry.commands) == split(row["commands"])


@pytest.mark.parametrize("entry", list(smtpcodes.all_entries()), ids=lambda entry: entry.code)
def test_every_entry_is_explained(entry: smtpcodes.entries.Entry) -> None:
    assert entry.summary.strip(), "summary"
    assert len(entry.summary) <= 100
    assert not entry.summary.endswith(".")
    assert entry.explanation.strip(), "explanation"
    if isinstance(entry, BasicEntry | CategoryEntry):
        assert entry.action.strip(), "action"
    if isinstance(entry, BasicEntry):
        assert entry.who and set(entry.who) <= WHO_LABELS.keys()


@pytest.mark.parametrize("entry", _data.DETAILS, ids=lambda entry: entry.code)
def test_every_detail_says_what_to_do_in_each_class(entry: DetailEntry) -> None:
    classes = set(entry.valid_classes) | set(entry.seen_classes)
    assert set(entry.by_class) == classes
    assert not set(entry.seen_classes) & set(entry.valid_classes)
    for advice in entry.by_class.values():
        assert advice.meaning.strip() and advice.action.strip()
        assert advice.who and set(advice.who) <= WHO_LABELS.keys()


@pytest.mark.parametrize(
    ("code", "digit"),
    [(entry.code, digit) for entry in _data.DETAILS for digit in entry.by_class],
    ids=lambda value: str(value),
)
def test_every_class_has_its_own_summary(code: str, digit: int) -> None:
    entry = smtpcodes.lookup(code)
    assert isinstance(entry, DetailEntry)
    summary = entry.by_class[digit].summary
    assert summary.strip(), "summary"
    assert summary == summary.strip() and "\n" not in summary, "one line"
    assert len(summary) <= 100
    assert not summary.endswith(".")


def test_transient_and_permanent_advice_differ() -> None:
    full = smtpcodes.lookup("X.2.2")
    assert isinstance(full, DetailEntry)
    assert 5 in full.seen_classes, "5.2.2 is common although RFC 3463 calls X.2.2 transient"
    assert full.by_class[4].meaning != full.by_class[5].meaning
    assert full.by_class[4].action != full.by_class[5].action
    assert full.by_class[4].summary != full.by_class[5].summary
    assert full.by_class[4].summary != full.summary != full.by_class[5].summary


def test_associations_point_at_codes_that_exist() -> None:
    for detail in _data.DETAILS:
        for code in detail.basic_codes:
            if code in ("Any", "4XX", "5XX"):
                continue
            assert isinstance(smtpcodes.lookup(code), BasicEntry), f"{detail.code} -> {code}"
        if detail.replaced_by:
            assert isinstance(smtpcodes.lookup(detail.replaced_by), DetailEntry)


def test_deprecations_and_replacements() -> None:
    deprecated = smtpcodes.lookup("X.6.10")
    assert isinstance(deprecated, DetailEntry)
    assert deprecated.replaced_by == "X.6.8"
    assert deprecated.deprecated
    credentials = smtpcodes.lookup("X.7.8")
    trust = smtpcodes.lookup("X.7.14")
    assert isinstance(credentials, DetailEntry)
    assert "X.7.14" in " ".join((credentials.registry_note, *credentials.positions))
    assert trust.title == "Trust relationship required"


@pytest.mark.parametrize(
    "code", ["X.7.26", "X.1.1", "X.2.2", "X.4.3", "X.5.1", "X.5.4", "X.7.1", "X.3.2"]
)
def test_positions_are_recorded_where_sources_disagree(code: str) -> None:
    entry = smtpcodes.lookup(code)
    assert isinstance(entry, DetailEntry)
    assert entry.positions, f"{code} needs a recorded position"


@pytest.mark.parametrize("code", ["251", "252", "454", "530", "453", "552", "452"])
def test_basic_positions_are_recorded(code: str) -> None:
    entry = smtpcodes.lookup(code)
    assert isinstance(entry, BasicEntry)
    assert entry.positions


def test_versions_are_recorded_apart_from_the_package() -> None:
    assert _data.DATA_VERSION and _data.REGISTRY_SNAPSHOT == "2020-09"
    assert smtpcodes.__version__ != _data.DATA_VERSION


def generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "generate_data", ROOT / "tools" / "generate_data.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_generator_requires_a_summary_in_every_class_table() -> None:
    tool = generator()
    record = {
        "code": "X.2.2", "title": "Mailbox full", "rfcs": ["RFC3463"], "basic_codes": ["552"],
        "valid_classes": [4], "seen_classes": [], "registry_note": "", "positions": [],
        "replaced_by": "", "summary": "The recipient's mailbox is full", "explanation": "Full.",
        "class": {"4": {
            "summary": "Full for now", "meaning": "Full.", "action": "Wait.", "who": ["recipient"],
        }},
    }
    assert "summary='Full for now'" in tool.detail_entry(record)
    del record["class"]["4"]["summary"]
    with pytest.raises(tool.DataError, match="missing \\['summary'\\]"):
        tool.detail_entry(record)


def test_generated_module_matches_data() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "generate_data.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_real_replies_carry_codes_and_name_permissive_sources() -> None:
    assert len(_data.REAL_REPLIES) >= 100
    for text, source in _data.REAL_REPLIES:
        assert source.startswith(
            ("sisimai/set-of-emails:", "sisimai/go-sisimai:", "whyscream/postfix-grok-patterns:")
        ), source
        reply = smtpcodes.parse(text)
        assert reply.basic is not None or reply.enhanced is not None
