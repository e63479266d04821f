"""parse(): codes found in any text, with every line kept, evidence and warnings."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import smtpcodes
from smtpcodes import EnhancedCode, MalformedCodeError, NoCodeFoundError, SMTPCodeError, parse

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REAL_REPLIES = json.loads((FIXTURES / "real_replies.json").read_text(encoding="utf-8"))


def test_bare_codes() -> None:
    assert parse("4.2.2").enhanced == EnhancedCode(4, 2, 2)
    assert parse("4.2.2").basic is None
    assert parse("550").basic == 550
    assert parse("550").enhanced is None
    assert parse(" 5.1.1\n").format == "code"


@pytest.mark.parametrize("text", ["6.1.1", "5.1", "5.1.1000", "1000", "650", "199"])
def test_malformed_bare_codes_are_errors(text: str) -> None:
    with pytest.raises(MalformedCodeError):
        parse(text)


def test_reply_line() -> None:
    reply = parse("550 5.1.1 <a@b>: Recipient address rejected")
    assert (reply.basic, str(reply.enhanced)) == (550, "5.1.1")
    assert reply.lines == ("550 5.1.1 <a@b>: Recipient address rejected",)
    assert reply.warnings == ()
    assert reply.message == "<a@b>: Recipient address rejected"


def test_multi_line_reply_keeps_every_line() -> None:
    text = "250-mail.example.com\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n250 DSN\r\n"
    reply = parse(text)
    assert reply.basic == 250
    assert reply.lines == ("250-mail.example.com", "250-PIPELINING", "250-SIZE 10240000", "250 DSN")
    assert reply.warnings == ()


def test_bytes_and_crlf() -> None:
    reply = parse(b"451 4.7.1 Greylisted, try again\r\n")
    assert (reply.basic, str(reply.enhanced)) == (451, "4.7.1")
    assert reply.lines == ("451 4.7.1 Greylisted, try again",)


def test_invalid_utf8_is_replaced_and_counted() -> None:
    reply = parse(b"550 5.1.1 Unbekannter Empf\xe4nger")
    assert reply.basic == 550
    assert any("not valid UTF-8" in warning for warning in reply.warnings)


def test_basic_decides_when_classes_disagree() -> None:
    reply = parse("250 5.1.1 odd")
    assert any("reply code decides" in warning for warning in reply.warnings)
    assert smtpcodes.classify(reply).status_class is smtpcodes.StatusClass.SUCCESS


def test_enhanced_code_on_intermediate_reply_is_flagged() -> None:
    reply = parse("354 2.0.0 go ahead")
    assert any("intermediate" in warning for warning in reply.warnings)


def test_basic_code_not_associated_with_the_detail_is_a_note() -> None:
    reply = parse("421 5.2.2 mailbox full")
    assert any("registry pairs X.2.2 with 552" in note for note in reply.notes)
    # the classes disagree: that is wrong, a warning
    assert any("disagree" in warning for warning in reply.warnings)


def test_ordinary_replies_carry_no_warning() -> None:
    # Gmail's and Microsoft's everyday replies: an unusual pairing, or a provider's own code,
    # is a note, never a warning
    for text in ("421 4.7.0 Try again later, closing connection.",
                 "452 4.2.2 The email account that you tried to reach is over quota.",
                 "550 5.7.509 Access denied, sending domain example.com does not pass DMARC"):
        reply = parse(text)
        assert reply.warnings == (), text
        assert reply.notes, text


def test_unregistered_codes_classify_by_digits() -> None:
    reply = parse("571 5.7.133 Delivery not authorized")
    assert reply.basic == 571
    assert str(reply.enhanced) == "5.7.133"
    assert any("571" in warning and "RFC" in warning for warning in reply.warnings)
    assert any("5.7.133" in note for note in reply.notes)
    assert any("5.8.1" in warning for warning in parse("5.8.1").warnings)


def test_no_code_is_an_error_that_quotes_the_text() -> None:
    with pytest.raises(NoCodeFoundError) as error:
        parse("Hello world")
    assert "'Hello world'" in str(error.value)
    assert isinstance(error.value, ValueError)


def test_status_field_generic_code_gives_way_to_the_diagnostic() -> None:
    text = "Action: failed\nStatus: 5.0.0\nDiagnostic-Code: smtp; 550 5.1.1 <a@b>: user unknown"
    reply = parse(text)
    assert (reply.basic, str(reply.enhanced)) == (550, "5.1.1")
    sources = {str(candidate.code): candidate.source for candidate in reply.candidates}
    assert sources["5.0.0"] == "dsn"


def test_evidence_names_the_substring() -> None:
    reply = parse("host x said: 452 4.5.3 Too many recipients")
    evidence = reply.evidence(reply.basic)
    assert evidence is not None
    assert reply.lines[evidence.line][evidence.start : evidence.end] == "452"
    assert evidence.source == "said"


@pytest.mark.parametrize("record", REAL_REPLIES, ids=lambda record: record["id"])
def test_real_replies(record: dict[str, str | None]) -> None:
    """Real replies, with their source in the fixture (see fixtures/README.md)."""
    text = str(record["text"])
    if record["basic"] is None and record["enhanced"] is None:
        with pytest.raises(NoCodeFoundError):
            parse(text)
        return
    reply = parse(text)
    basic = None if reply.basic is None else str(reply.basic)
    enhanced = None if reply.enhanced is None else str(reply.enhanced)
    if record["basic"] is not None:
        assert basic == record["basic"]
    if record["enhanced"] is not None:
        assert enhanced == record["enhanced"]


@settings(max_examples=300)
@given(st.one_of(st.text(), st.binary()))
def test_parse_is_total(data: str | bytes) -> None:
    try:
        reply = parse(data)
    except SMTPCodeError:
        return
    assert reply.basic is not None or reply.enhanced is not None
    assert isinstance(reply.lines, tuple)


@settings(max_examples=300)
@given(
    st.lists(
        st.sampled_from(
            ["550", "5.1.1", " ", "-", ".", "4", "2", "\n", "said:", "[", "]", "x", "0"]
        ),
        max_size=20,
    ).map("".join)
)
def test_parse_is_total_on_code_like_text(text: str) -> None:
    with contextlib.suppress(SMTPCodeError):
        parse(text)


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(
            [
                "220 mx\n",
                "EHLO me\n",
                "250-A\n",
                "250 B\n",
                "DATA\n",
                "354 go\n",
                ".\n",
                "RCPT TO:<a@b>\n",
                "550 5.1.1 no\n",
                "x\n",
                "S: ",
                "C: ",
                "\r\n",
                "4.2.2 ",
            ]
        ),
        max_size=25,
    ).map("".join)
)
def test_transcripts_and_explanations_are_total(text: str) -> None:
    try:
        replies = smtpcodes.parse_all(text)
        explanation = smtpcodes.explain(text)
    except SMTPCodeError:
        return
    assert replies
    assert all(reply.basic is not None or reply.enhanced is not None for reply in replies)
    assert explanation.summary
    assert explanation.as_dict()["class"] in ("success", "intermediate", "transient", "permanent")


@pytest.mark.parametrize(("text", "basic", "enhanced"), [
    # Python's smtplib and aiosmtplib show a refusal as a tuple: the code, then the quoted reply.
    # Real exceptions pasted into issues: github.com/ae-utbm/sith/issues/91,
    # github.com/namshi/docker-smtp/issues/77, github.com/FeeiCN/Cobra/issues/377,
    # github.com/frappe/frappe/pull/8514.
    ("SMTPRecipientsRefused: {'ludovic.farine@utbm.fr': (550, b'5.1.1 <ludovic.farine@utbm.fr>:"
     " Recipient address rejected: User unknown in local recipient table')}", 550, "5.1.1"),
    ("smtplib.SMTPRecipientsRefused: (550, b'relay not permitted')", 550, None),
    ("smtplib.SMTPRecipientsRefused: {'a1nquan@meili-inc.com': (550, 'Mailbox not found or access"
     " denied')}", 550, None),
    ("SMTPRecipientsRefused: {u'admin@example.com': (501, '5.1.5 Recipient address reserved by RFC"
     " 2606')}", 501, "5.1.5"),
])
def test_python_exception_tuples_give_their_reply_code(
        text: str, basic: int, enhanced: str | None) -> None:
    reply = parse(text)
    assert reply.basic == basic
    assert (str(reply.enhanced) if reply.enhanced else None) == enhanced


def test_a_number_and_a_comma_are_no_reply_code() -> None:
    with pytest.raises(SMTPCodeError):
        parse("limits (550, 551 and 552) apply")
