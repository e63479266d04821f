"""classify() and explain(): class, subject, decision and words, for every kind of input."""

from __future__ import annotations

import pytest

import smtpcodes
from smtpcodes import EnhancedCode, StatusClass, Subject, classify, explain


@pytest.mark.parametrize(
    ("value", "status_class", "subject"),
    [
        ("4.2.2", StatusClass.TRANSIENT, Subject.MAILBOX),
        ("5.2.2", StatusClass.PERMANENT, Subject.MAILBOX),
        ("550", StatusClass.PERMANENT, Subject.MAIL_SYSTEM),
        (550, StatusClass.PERMANENT, Subject.MAIL_SYSTEM),
        ("354", StatusClass.INTERMEDIATE, Subject.MAIL_SYSTEM),
        ("221", StatusClass.SUCCESS, Subject.NETWORK),
        ("500", StatusClass.PERMANENT, Subject.PROTOCOL),
        ("2.0.0", StatusClass.SUCCESS, Subject.OTHER),
        ("550 5.7.1 Relay denied", StatusClass.PERMANENT, Subject.SECURITY),
        (EnhancedCode(4, 4, 1), StatusClass.TRANSIENT, Subject.NETWORK),
        ("5.8.1", StatusClass.PERMANENT, None),
        ("5.7.133", StatusClass.PERMANENT, Subject.SECURITY),
    ],
)
def test_classify(value: object, status_class: StatusClass, subject: Subject | None) -> None:
    result = classify(value)
    assert result.status_class is status_class
    assert result.subject is subject


def test_classify_accepts_a_reply() -> None:
    reply = smtpcodes.parse("451 4.7.1 Greylisted")
    result = classify(reply)
    assert result.reply is reply
    assert result.decision == "retry_later"
    assert result.is_transient and not result.is_permanent


def test_decisions() -> None:
    assert classify("250").decision == "done"
    assert classify("354").decision == "continue"
    assert classify("5.1.1").decision == "do_not_retry"


def test_unregistered_is_flagged_not_refused() -> None:
    result = classify("571")
    assert not result.registered
    assert result.status_class is StatusClass.PERMANENT
    assert classify("550 5.1.1").registered


def test_bad_input_type() -> None:
    with pytest.raises(TypeError):
        classify(5.5)


def test_explain_speaks_for_the_class() -> None:
    transient = explain("4.2.2")
    permanent = explain("5.2.2")
    detail = smtpcodes.lookup("X.2.2")
    assert isinstance(detail, smtpcodes.DetailEntry)
    assert transient.meaning == detail.by_class[4].meaning
    assert permanent.meaning == detail.by_class[5].meaning
    assert transient.summary == detail.by_class[4].summary
    assert permanent.summary == detail.by_class[5].summary
    assert transient.summary != permanent.summary
    assert transient.action != permanent.action
    assert transient.who


def test_a_success_is_not_summed_up_as_a_problem() -> None:
    detail = smtpcodes.lookup("X.1.0")
    assert isinstance(detail, smtpcodes.DetailEntry)
    explanation = explain("250 2.1.0 Ok")
    assert explanation.summary == detail.by_class[2].summary
    assert explanation.summary != detail.summary
    assert "problem" not in explanation.summary.lower()
    assert explanation.as_dict()["summary"] == explanation.summary


def test_summary_without_class_advice_comes_from_the_reply_code() -> None:
    explanation = explain("250 5.1.1 Ok")  # the classes disagree: the reply code decides
    assert explanation.summary == smtpcodes.lookup("250").summary


def test_explain_json_contract() -> None:
    data = explain("550 5.1.1 User unknown").as_dict()
    assert data["input"] == "550 5.1.1 User unknown"
    assert data["basic"] == {
        "code": 550,
        "title": "Requested action not taken: mailbox unavailable",
        "rfcs": ["RFC821", "RFC2821", "RFC5321", "RFC7505"],
        "summary": smtpcodes.lookup("550").summary,
        "commands": list(smtpcodes.lookup(550).commands),
    }
    enhanced = data["enhanced"]
    assert isinstance(enhanced, dict)
    assert enhanced["code"] == "5.1.1"
    assert enhanced["title"] == "Bad destination mailbox address"
    assert enhanced["rfcs"] == ["RFC3463"]
    assert data["class"] == "permanent"
    assert data["subject"] == "addressing"
    assert isinstance(data["summary"], str) and data["summary"]
    assert data["warnings"] == []


def test_explain_unregistered_codes_have_null_titles() -> None:
    data = explain("571 5.7.133 no").as_dict()
    basic, enhanced = data["basic"], data["enhanced"]
    assert isinstance(basic, dict) and isinstance(enhanced, dict)
    assert basic["title"] is None and basic["rfcs"] == []
    assert enhanced["title"] is None and enhanced["rfcs"] == []
    assert data["class"] == "permanent" and data["subject"] == "security"
    assert data["summary"] and data["warnings"]


def test_explain_enhanced_only_and_basic_only() -> None:
    assert explain("4.2.2").as_dict()["basic"] is None
    assert explain("421").as_dict()["enhanced"] is None


def test_lookup() -> None:
    assert smtpcodes.lookup("550").title.startswith("Requested action not taken")
    assert smtpcodes.lookup("5.1.1").code == "X.1.1"
    assert smtpcodes.lookup("X.1.1").code == "X.1.1"
    assert smtpcodes.lookup("X.7.YYY").kind == "subject"
    assert smtpcodes.lookup("X.7.XXX").kind == "subject"
    assert smtpcodes.lookup("5.XXX.YYY").kind == "class"
    with pytest.raises(smtpcodes.UnknownCodeError) as error:
        smtpcodes.lookup("5.7.133")
    assert "'5.7.133'" in str(error.value)
    with pytest.raises(smtpcodes.MalformedCodeError):
        smtpcodes.lookup("6.1.1")
    with pytest.raises(smtpcodes.MalformedCodeError):
        smtpcodes.lookup("X.Y.Z")


def test_every_error_is_a_value_error() -> None:
    for error in (
        smtpcodes.MalformedCodeError, smtpcodes.UnknownCodeError, smtpcodes.NoCodeFoundError,
    ):
        assert issubclass(error, smtpcodes.SMTPCodeError)
        assert issubclass(error, ValueError)
