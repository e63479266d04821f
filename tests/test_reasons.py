"""Reasons read from words and codes: the shipped rules checked by their own examples, real
replies from several servers and languages, user rules, both sides' advice, totality.

Real replies below come from sisimai/set-of-emails (BSD 2-Clause; the path after the colon
is the bounce file) unless another source is named beside them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import smtpcodes
from smtpcodes.reasons import reason_entries, shipped, vendor_entries
from smtpcodes.regexsyntax import branches
from smtpcodes.rulecheck import check_pattern, check_vendors
from smtpcodes.rules import Pattern
from smtpcodes.wording import normalize

SHIPPED = shipped()


@pytest.mark.parametrize("pattern", SHIPPED.patterns.patterns, ids=lambda pattern: pattern.id)
def test_every_shipped_rule_passes_its_examples_and_near_misses(pattern: Pattern) -> None:
    """A rule whose example reads as another reason, or whose near-miss matches, fails;
    so do two rules of different reasons tied on one example."""
    assert check_pattern(SHIPPED, pattern) == []


def test_every_vendor_example_gets_its_entry_and_reason() -> None:
    assert check_vendors(SHIPPED) == []


def test_every_rule_names_where_its_wording_was_seen() -> None:
    for pattern in SHIPPED.patterns.patterns:
        assert pattern.sources, pattern.id
        assert pattern.checked, pattern.id
        assert pattern.examples and pattern.near_misses, pattern.id


def test_no_expression_goes_back_over_the_whole_text() -> None:
    """An unanchored ``.*`` or ``.+`` lets a search read the rest of the text again from
    every place its first words stand, so a long text repeating them costs the square of its
    length (bench/parse_scaling.py). A gap is bounded (``.{0,60}?``), or kept from crossing
    the first part again, or the rule is an ordered list of phrases. Expressions anchored
    at the start run once and may read the whole text."""
    unbounded = re.compile(r"(?<!\\)\.[*+]")
    expressions = [(rule.id, rule.words[0]) for rule in SHIPPED.patterns.patterns
                   if rule.kind == "regex"]
    expressions += [(vendor.id, token) for vendor in vendor_entries()
                     for token in (*vendor.tokens, *(code.token for code in vendor.codes))
                     if token]
    offending = [(name, branch) for name, expression in expressions
                 for branch in branches(expression)
                 if not branch.startswith("^") and unbounded.search(branch)]
    assert offending == []


def test_the_vocabulary_has_sisimai_names_and_both_sides_advice() -> None:
    names = {entry.name for entry in reason_entries()}
    for name in ("userunknown", "mailboxfull", "emailtoolarge", "blocked", "spamdetected",
                 "norelaying", "authfailure", "requireptr", "ratelimited", "hostunknown",
                 "expired", "networkerror", "suspend", "rejected", "vacation", "undefined"):
        assert name in names
    for entry in reason_entries():
        assert entry.title and entry.summary and entry.meaning, entry.name
        assert entry.sender and entry.receiver and entry.sender != entry.receiver, entry.name
    aliases = {alias: entry.name for entry in reason_entries() for alias in entry.aliases}
    assert aliases["mesgtoobig"] == "emailtoolarge"
    assert aliases["speeding"] == "ratelimited"


@pytest.mark.parametrize(
    ("text", "expected", "rule"),
    [
        # sisimai/set-of-emails:maildir/bsd/lhost-activehunter-01.eml
        ("550 sorry, no mailbox here by that name (#5.1.1 - chkusr)", "userunknown", None),
        # sisimai/set-of-emails:maildir/bsd/lhost-amazonses-21.eml (a generic 5.7.1)
        ("554 5.7.1 <kijitora@example.com>: Relay access denied", "norelaying", "pattern"),
        # sisimai/set-of-emails:maildir/bsd/lhost-amazonses-14.eml
        ("554 5.7.1 <a8-95.smtp-out.amazonses.com[203.0.113.22]>: Client host rejected: blocked"
         " using mail.neko.example.org; Please see http://mail.neko.example.org/rbl/?ip="
         "203.0.113.22 to send.", "blocked", "pattern"),
        # sisimai/set-of-emails:maildir/bsd/lhost-dragonfly-05.eml
        ("550 5.7.26 <authfailure@libsisimai.net>: Recipient address rejected: Multiple"
         " authentication checks failed", "authfailure", None),
        # sisimai/set-of-emails:maildir/bsd/lhost-amazonses-18.eml
        ("550 5.4.4 Invalid domain", "hostunknown", "code"),
    ],
)
def test_real_replies(text: str, expected: str, rule: str | None) -> None:
    found = smtpcodes.reason(text)
    assert found is not None and found.name == expected
    assert rule is None or found.evidence.rule == rule
    if rule == "pattern":
        assert found.evidence.words and found.evidence.sources


def test_a_text_without_any_code_still_gets_its_reason() -> None:
    # sisimai/set-of-emails:maildir/bsd/lhost-domino-03.eml (no code at all)
    found = smtpcodes.reason("Error transferring to neko22.example.org; Ma ximum hop count"
                             " exceeded.  Message probably in a routing loop.")
    assert found is not None and found.name in ("networkerror", "systemerror")


def test_a_number_outside_the_reply_code_grammar_does_not_decide() -> None:
    # Exim log lines pasted with a count in front (github.com/ix-ai/smtp/issues/12): "277" is
    # no reply code a server sends, so it must not read as a delivery; the words decide.
    line = "277   == ************@gmail.com R=dnslookup defer (-1): host lookup did not complete"
    found = smtpcodes.reason(line)
    assert found is not None and found.name == "networkerror"
    # pixelpark/postfix-logsums:test/mail.log.gz, line 99: a standard 250 still decides
    delivered = smtpcodes.reason(
        "250 2.0.0 from MTA(smtp:[127.0.0.1]:10025): 250 2.0.0 Ok: queued as 4PbC4z6W5Qz3tG3")
    assert delivered is not None and delivered.name == "delivered"


def test_generic_codes_never_decide_alone() -> None:
    assert smtpcodes.reason("550 5.7.1") is None
    assert smtpcodes.explain("5.7.1").reason is None
    assert smtpcodes.explain("550").reason is None


def test_a_specific_code_decides_even_without_words() -> None:
    full = smtpcodes.explain("4.2.2")
    assert full.reason is not None and full.reason.name == "mailboxfull"
    assert full.remedy == "let_retry" and not full.hard_bounce
    gone = smtpcodes.explain("5.1.1")
    assert gone.reason is not None and gone.reason.name == "userunknown"
    assert gone.remedy == "suppress_recipient" and gone.hard_bounce
    assert gone.scope == "recipient"


@pytest.mark.parametrize(
    ("text", "expected", "lang"),
    [
        # Orange: sisimai/set-of-emails:maildir/bsd/rhost-franceptt-01.eml (the code says
        # 5.1.1 and the words agree)
        ("550 5.1.1 Adresse d au moins un destinataire invalide. Invalid recipient. OFR_416"
         " [416]", "userunknown", "fr"),
        # Exchange in French: sisimai/set-of-emails:maildir/bsd/lhost-exchange2007-06.eml
        ("L'adresse de messagerie que vous avez entrée est introuvable. Vérifiez l'adresse de"
         " messagerie du destinataire et essayez de renvoyer le message.", "userunknown", "fr"),
        # La Poste: sisimai/set-of-emails:maildir/bsd/rhost-franceptt-05.eml
        ("550 5.5.0 Le compte du destinataire est bloque. The recipient account is blocked."
         " LPN007_426", "suspend", "fr"),
        # web.de: rjbs/Mail-DeliveryStatus-BounceParser:t/corpus/quota-6.msg
        ("550 <fred.bloggs@web.de> Benutzer hat zuviele Mails auf dem Server.", "mailboxfull",
         "de"),
        # Exchange in German: github.com/corona-warn-app/cwa-quicktest-onboarding/issues/47
        ("Das Postfach des Empfängers ist voll und kann zurzeit keine Nachrichten annehmen.",
         "mailboxfull", "de"),
        # latinmail.com: cfortune/PHP-Bounce-Handler:eml/44.eml
        ("550 <sachp@latinmail.com>: Destinatario desconocido o mailbox lleno", "userunknown",
         "es"),
    ],
)
def test_french_spanish_german_replies(text: str, expected: str, lang: str) -> None:
    found = smtpcodes.reason(text)
    assert found is not None and found.name == expected
    if found.evidence.rule == "pattern":
        rule = next(p for p in SHIPPED.patterns.patterns if p.id == found.evidence.id)
        assert rule.lang == lang


def test_every_language_has_rules() -> None:
    languages = {pattern.lang for pattern in SHIPPED.patterns.patterns}
    assert {"en", "fr", "es", "de"} <= languages


def test_accents_case_blanks_and_continuations_do_not_matter() -> None:
    assert normalize("Boîte du destinataire  PLEINE") == normalize("boite du destinataire pleine")
    joined = normalize("550-5.1.1 The email account that you tried to reach does not exist."
                       " Please try 550-5.1.1 double-checking")
    split = normalize("550-5.1.1 The email account that you tried to reach does not exist."
                      " Please try\n550-5.1.1 double-checking")
    assert joined == split
    assert "<address>" in normalize("550 <bob@example.com>: no")
    assert "<ip>" in normalize("client [192.0.2.1] refused")


ADDRESS_AND_IP_PIECES = [
    "bob@example.com", "<a.b+c@x-y.org>", "<>", "@", "192.0.2.1", "[10.0.0.1]:25",
    "2001:db8::1", "fe80:1:2:3:4", "::1", "12:30:45", "ab:cd", "x1.2.3.4", "1.2.3.4.5", "é",
    "said:", "a", ".", ":", " ", "  ", "\t", "\u00a0",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(ADDRESS_AND_IP_PIECES), max_size=12))
def test_addresses_and_ips_are_replaced_as_a_search_of_the_whole_text_would(
    pieces: list[str],
) -> None:
    """normalize searches only the words that hold an "@", a "<>", or a dot or colon placed
    as in an IP address; that finds what searching the whole folded text finds."""
    from smtpcodes import wording

    text = "".join(pieces)
    whole = wording._IP.sub(wording.IP, wording._ADDRESS.sub(wording.ADDRESS, wording.fold(text)))
    assert normalize(text) == whole


def test_a_user_rule_takes_precedence_over_the_shipped_ones(tmp_path: Path) -> None:
    # A real Postfix reply (sisimai/set-of-emails:maildir/bsd/lhost-amazonses-21.eml) that a
    # site decides to read its own way.
    text = "554 5.7.1 <kijitora@example.com>: Relay access denied"
    before = smtpcodes.reason(text)
    assert before is not None and before.name == "norelaying"
    rules_file = tmp_path / "mine.toml"
    rules_file.write_text(
        '[[pattern]]\nid = "our-relay-means-policy"\nreason = "policyviolation"\n'
        'phrase = "relay access denied"\nsources = ["our own servers"]\n'
        f'examples = [{json.dumps(text)}]\nnear_misses = ["554 5.7.1 Service unavailable"]\n',
        encoding="utf-8",
    )
    rules = smtpcodes.load_rules(rules_file)
    found = smtpcodes.reason(text, rules=rules)
    assert found is not None and found.name == "policyviolation"
    assert found.evidence.rule == "user-pattern" and found.evidence.id == "our-relay-means-policy"
    explained = smtpcodes.explain(text, rules=rules)
    assert explained.reason is not None and explained.reason.name == "policyviolation"


def test_a_bad_rules_file_is_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[[pattern]]\nid = "x"\nreason = "nosuchreason"\nphrase = "a"\n',
                   encoding="utf-8")
    with pytest.raises(smtpcodes.RuleError, match="nosuchreason"):
        smtpcodes.load_rules(bad)
    bad.write_text("not toml [", encoding="utf-8")
    with pytest.raises(smtpcodes.SMTPCodeError, match="not valid TOML"):
        smtpcodes.load_rules(bad)
    result = subprocess.run([sys.executable, "-m", "smtpcodes", "rules", "check", str(bad)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert str(bad) in result.stderr


def test_rules_check_runs_the_examples(tmp_path: Path) -> None:
    good = tmp_path / "good.toml"
    good.write_text(
        '[[pattern]]\nid = "acme-storage"\nreason = "mailboxfull"\n'
        'phrase = "storage exhausted"\nsources = ["acme MX"]\n'
        'examples = ["552 storage exhausted for this user"]\n'
        'near_misses = ["552 message too big"]\n', encoding="utf-8")
    ok = subprocess.run([sys.executable, "-m", "smtpcodes", "rules", "check", str(good)],
                        capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    wrong = tmp_path / "wrong.toml"
    wrong.write_text(good.read_text(encoding="utf-8").replace(
        '"552 message too big"', '"552 storage exhausted, again"'), encoding="utf-8")
    failed = subprocess.run([sys.executable, "-m", "smtpcodes", "rules", "check", str(wrong)],
                            capture_output=True, text=True, check=False)
    assert failed.returncode == 1 and "near-miss" in failed.stderr


def test_receiver_side_advice_differs_from_sender_side() -> None:
    # sisimai/set-of-emails:maildir/bsd/lhost-amazonses-14.eml
    text = ("554 5.7.1 <a8-95.smtp-out.amazonses.com[203.0.113.22]>: Client host rejected:"
            " blocked using mail.neko.example.org")
    sender = smtpcodes.explain(text)
    receiver = smtpcodes.explain(text, side="receiver")
    assert sender.reason is not None and sender.reason.name == "blocked"
    assert sender.action != receiver.action
    assert receiver.action == sender.reason.entry.receiver
    assert sender.as_dict()["side"] == "sender" and receiver.as_dict()["side"] == "receiver"
    with pytest.raises(smtpcodes.SMTPCodeError, match="side"):
        smtpcodes.explain(text, side="postmaster")


def test_an_unregistered_vendor_code_is_explained_from_the_vendor() -> None:
    # Microsoft's DMARC reject, as Exchange Online words it (learn.microsoft.com, NDR list)
    text = ("550 5.7.509 Access denied, sending domain example.com does not pass DMARC"
            " verification and has a DMARC policy of reject.")
    explained = smtpcodes.explain(text)
    assert explained.vendor is not None and explained.vendor.id == "microsoft"
    assert explained.reason is not None and explained.reason.name == "authfailure"
    assert explained.remedy == "fix_sender_setup"
    assert "Microsoft" in explained.summary and "IANA" in explained.summary


def test_json_carries_reason_remedy_scope_vendor() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "explain", "--json",
         "554 5.7.1 <kijitora@example.com>: Relay access denied"],
        capture_output=True, text=True, check=True)
    data = json.loads(result.stdout)
    reason = data["reason"]
    assert reason["name"] == "norelaying"
    assert {"name", "title", "summary", "hard_bounce", "evidence"} <= reason.keys()
    assert reason["evidence"]["rule"] == "pattern" and reason["evidence"]["sources"]
    assert data["remedy"] and "scope" in data and data["hard_bounce"] is False
    assert data["vendor"] is None and data["side"] == "sender" and data["lang"] == "en"


def test_vendor_json_has_the_contract_fields() -> None:
    text = ("550 5.7.509 Access denied, sending domain example.com does not pass DMARC"
            " verification and has a DMARC policy of reject.")
    vendor = smtpcodes.explain(text).as_dict()["vendor"]
    assert isinstance(vendor, dict)
    assert {"id", "name", "meaning", "url", "verified"} <= vendor.keys()


def test_list_shows_reasons_and_vendors() -> None:
    run = [sys.executable, "-m", "smtpcodes", "list"]
    reasons = json.loads(subprocess.run([*run, "--kind", "reason", "--json"],
                                        capture_output=True, text=True, check=True).stdout)
    assert {item["name"] for item in reasons} == {entry.name for entry in reason_entries()}
    vendors = json.loads(subprocess.run([*run, "--kind", "vendor", "--json"],
                                        capture_output=True, text=True, check=True).stdout)
    assert {item["id"] for item in vendors} == {vendor.id for vendor in vendor_entries()}
    one = subprocess.run([*run, "--code", "userunknown"], capture_output=True, text=True,
                         check=True).stdout
    assert one.startswith("userunknown")


def test_a_bare_code_loads_no_word_rules() -> None:
    code = (
        "import sys, contextlib, io\n"
        "from smtpcodes.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    main(['explain', '4.2.2'])\n"
        "print(sorted(m for m in sys.modules if m in ('smtpcodes._patterns_data',"
        " 'smtpcodes._vendors_data', 'smtpcodes.wording')))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "[]"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_reason_is_total(text: str) -> None:
    found = smtpcodes.reason(text)
    assert found is None or found.name in {entry.name for entry in reason_entries()}


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200))
def test_reason_of_bytes_is_total(data: bytes) -> None:
    found = smtpcodes.reason(data)
    assert found is None or isinstance(found, smtpcodes.Reason)


def test_retry_advice_for_temporary_failures_names_its_source() -> None:
    temporary = smtpcodes.explain("4.2.2")
    assert temporary.retry and all("rfc5321" in source for _, source in temporary.retry)
    assert smtpcodes.explain("5.2.2").retry == ()
    # Yahoo's deferral: sisimai/set-of-emails:maildir/bsd/lhost-opensmtpd-13.eml;
    # Yahoo publishes its own retry advice.
    yahoo = smtpcodes.explain(
        "421 4.7.0 [TSS04] Messages from 192.0.2.25 temporarily deferred due to unexpected"
        " volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes")
    assert yahoo.vendor is not None and yahoo.vendor.id == "yahoo"
    assert len(yahoo.retry) == 3
    assert yahoo.as_dict()["retry"][2]["source"]


def test_an_unknown_vendor_id_is_a_clear_error() -> None:
    with pytest.raises(smtpcodes.SMTPCodeError, match=r"'nosuchmail'.*google"):
        smtpcodes.explain("550 5.7.1 Access denied", vendor="nosuchmail")
    result = subprocess.run(
        [sys.executable, "-m", "smtpcodes", "explain", "--vendor", "nosuchmail", "550 5.7.1 x"],
        capture_output=True, text=True, check=False)
    assert result.returncode == 1 and "nosuchmail" in result.stderr
    assert result.stdout == "" and "Traceback" not in result.stderr
