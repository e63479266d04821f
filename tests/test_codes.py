"""Code value types: what is well-formed, what is not, and round trips."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from smtpcodes import EnhancedCode, MalformedCodeError, ReplyCode, StatusClass, Subject


@pytest.mark.parametrize("text", ["250", "550", "571", "421", "354", " 550 "])
def test_reply_codes_accepted(text: str) -> None:
    assert int(ReplyCode(text)) == int(text)


@pytest.mark.parametrize(
    "text", ["1000", "650", "199", "101", "55", "5 0", "abc", "", "\u0665\u0665\u0660", "+50"]
)
def test_malformed_reply_codes_rejected_with_the_input_quoted(text: str) -> None:
    with pytest.raises(MalformedCodeError) as error:
        ReplyCode(text)
    assert repr(text) in str(error.value)
    assert "expected" in str(error.value)


def test_reply_code_digits_and_class() -> None:
    code = ReplyCode(571)
    assert code == 571 and code.first_digit == 5 and code.second_digit == 7
    assert code.status_class is StatusClass.PERMANENT
    assert not code.is_standard
    assert ReplyCode(354).status_class is StatusClass.INTERMEDIATE
    assert ReplyCode(421).area == "connections"


@pytest.mark.parametrize(
    "text", ["5.1.1", "4.2.2", "2.0.0", "5.7.133", "4.7.650", "5.8.1", "5.999.999"]
)
def test_enhanced_codes_accepted(text: str) -> None:
    assert str(EnhancedCode.parse(text)) == text


@pytest.mark.parametrize(
    "text", ["6.1.1", "5.1", "5.1.1000", "3.1.1", "5.01.1", "5.1.1.1", "5..1", "x.1.1", "5.1.a", ""]
)
def test_malformed_enhanced_codes_rejected(text: str) -> None:
    with pytest.raises(MalformedCodeError) as error:
        EnhancedCode.parse(text)
    assert repr(text) in str(error.value)


def test_enhanced_code_parts_and_subject() -> None:
    code = EnhancedCode.parse("5.7.133")
    assert (code.class_digit, code.subject_number, code.detail_number) == (5, 7, 133)
    assert code.subject is Subject.SECURITY
    assert code.registry_key == "X.7.133"
    assert EnhancedCode.parse("5.8.1").subject is None
    assert EnhancedCode.parse("4.2.2") == EnhancedCode(4, 2, 2)
    assert len({EnhancedCode.parse("4.2.2"), EnhancedCode(4, 2, 2)}) == 1


def test_codes_survive_pickling_and_copying() -> None:
    # a scan's workers send codes between processes
    import copy
    import pickle

    code = EnhancedCode.parse("5.7.133")
    for again in (pickle.loads(pickle.dumps(code)), copy.deepcopy(code), copy.copy(code)):
        assert again == code and str(again) == "5.7.133" and again.registry_key == "X.7.133"
    reply = ReplyCode(550)
    assert pickle.loads(pickle.dumps(reply)) == reply


def test_enhanced_code_is_immutable() -> None:
    code = EnhancedCode(5, 1, 1)
    with pytest.raises(AttributeError):
        code.class_digit = 4


@given(st.sampled_from([2, 4, 5]), st.integers(0, 999), st.integers(0, 999))
def test_enhanced_code_string_round_trip(klass: int, subject: int, detail: int) -> None:
    code = EnhancedCode(klass, subject, detail)
    assert EnhancedCode.parse(str(code)) == code


@given(st.integers(200, 599))
def test_reply_code_string_round_trip(value: int) -> None:
    assert ReplyCode(str(ReplyCode(value))) == value


def test_classes_and_subjects_are_named_values() -> None:
    import pickle

    from smtpcodes import StatusClass, Subject

    assert repr(Subject.MAILBOX) == "<Subject.MAILBOX: 'mailbox'>"
    assert StatusClass.TRANSIENT.value == "transient" and StatusClass.TRANSIENT.name == "TRANSIENT"
    assert [subject.digit for subject in Subject.members()] == list(range(8))
    assert [status.digit for status in StatusClass.members()] == [2, 3, 4, 5]
    assert pickle.loads(pickle.dumps(Subject.SECURITY)) is Subject.SECURITY
    assert pickle.loads(pickle.dumps(StatusClass.PERMANENT)) is StatusClass.PERMANENT


def test_a_bare_code_loads_no_regular_expression_machinery() -> None:
    """What start-up costs: a bare code imports neither re, enum nor functools (each costs
    milliseconds), nor the word rules, the vendors and the French translations."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    code = (
        "import io, sys\n"
        f"sys.path.insert(0, {str(root)!r})\n"
        "sys.stdout = io.StringIO()\n"
        "from smtpcodes.cli import main\n"
        "main(['explain', '4.2.2'])\n"
        "loaded = [name for name in ('re', 'enum', 'functools', 'smtpcodes._patterns_data',"
        " 'smtpcodes._vendors_data', 'smtpcodes._lang_fr', 'smtpcodes.screen', 're2')"
        " if name in sys.modules]\n"
        "sys.stdout = sys.__stdout__\n"
        "print(loaded)\n"
    )
    done = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True,
                          check=True, timeout=60)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr
    script = (root / "scripts" / "smtpcode").read_text(encoding="utf-8")
    assert "import re" not in script
