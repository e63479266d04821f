"""French: the catalogs complete and fresh, French typography, and the language reaching the
library, the command line and its JSON."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import smtpcodes
from smtpcodes.cli import main
from smtpcodes.lang import from_environment, resolve, word

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))

import catalog  # noqa: E402  (tools/, after the path is set)

NARROW = "\u202f"


@pytest.mark.parametrize("name", list(catalog.CATALOGS))
def test_every_string_is_translated_fresh_and_keeps_codes_and_typography(name: str) -> None:
    """Untranslated, fuzzy, stale (translated from other English), a code or placeholder
    lost, or French typography broken: each fails here, with the place to fix."""
    problems = catalog.problems("fr", name)
    assert not problems, f"{len(problems)} problems, first: " + "\n".join(problems[:15])


def _catalog_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                  messages: list[catalog.Message]) -> None:
    monkeypatch.setattr(catalog, "LOCALE", tmp_path)
    monkeypatch.setitem(catalog.CATALOGS, "sample",
                        lambda: iter([("place/a", "The mailbox is full", "here"),
                                      ("place/b", "Try again later", "here")]))
    (tmp_path / "fr").mkdir()
    catalog.write_po(tmp_path / "fr" / "sample.po", "fr", messages)


def test_a_changed_english_string_makes_its_translation_fuzzy_then_fail(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _catalog_from(tmp_path, monkeypatch, [
        catalog.Message("place/a", "The mailbox is full", "La boîte est pleine"),
        catalog.Message("place/b", "Try again later!", f"Réessayez plus tard{NARROW}!"),
    ])
    assert catalog.problems("fr", "sample") == [
        "sample.po place/b: stale (translated from other English)"]
    updated = catalog.merged("fr", "sample")
    assert [(m.context, m.fuzzy, m.previous) for m in updated] == [
        ("place/a", False, ""), ("place/b", True, "Try again later!")]
    catalog.write_po(tmp_path / "fr" / "sample.po", "fr", updated)
    assert catalog.read_po(tmp_path / "fr" / "sample.po")[1].fuzzy
    assert catalog.problems("fr", "sample") == [
        "sample.po place/b: fuzzy (the English changed; check the translation)"]
    # the reader is shown the English rather than French made for other English
    module = catalog.render_module("fr")
    assert "'place/a': 'La boîte est pleine'" in module and "place/b" not in module


def test_a_hash_that_does_not_match_its_english_is_stale(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    message = catalog.Message("place/a", "The mailbox is full", "La boîte est pleine")
    _catalog_from(tmp_path, monkeypatch, [message, catalog.Message(
        "place/b", "Try again later", "Réessayez plus tard")])
    path = tmp_path / "fr" / "sample.po"
    text = path.read_text(encoding="utf-8").replace(catalog.source_hash("The mailbox is full"),
                                                    "0123456789ab")
    path.write_text(text, encoding="utf-8")
    assert catalog.problems("fr", "sample") == [
        "sample.po place/a: stale (translated from other English)"]


def test_untranslated_strings_and_lost_codes_fail(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _catalog_from(tmp_path, monkeypatch, [
        catalog.Message("place/a", "The mailbox is full", ""),
        catalog.Message("place/b", "Try again later", "Réessayez plus tard"),
    ])
    assert catalog.problems("fr", "sample") == ["sample.po place/a: untranslated"]
    lost = catalog.Message("x", "Send 550 5.1.1 after EHLO to {host} (see RFC 5321)",
                           "Envoyez 550 après HELO à {hôte} (voir la RFC 5321)")
    assert catalog.translation_faults(lost) == [
        "keeps '5.1.1' unchanged", "keeps 'EHLO' unchanged", "keeps '{host}' unchanged"]


def test_french_typography_is_checked() -> None:
    assert catalog.typography(f"Attention{NARROW}: la boîte est pleine{NARROW}!") == []
    assert catalog.typography("« boîte pleine »") != []
    assert catalog.typography(f"«{NARROW}boîte pleine{NARROW}»") == []
    assert catalog.typography("Attention : la boîte") != []
    assert catalog.typography("Attention: la boîte") != []
    assert catalog.typography('le serveur dit "user unknown"') != []
    # not punctuation: a time, an address, code
    assert catalog.typography("à 10:30, voir https://example.org/a?b `MAIL FROM:<>`") == []


def test_the_shipped_french_uses_french_quotes_and_spaces() -> None:
    from smtpcodes import _lang_fr

    texts = list(_lang_fr.TEXT.values())
    assert len(texts) > 2000
    assert sum(NARROW in text for text in texts) > 500
    outside_code = [re.sub(r"`[^`]*`", "", text) for text in texts]
    assert not [text for text in outside_code if '"' in text or "\u201c" in text]


@pytest.mark.parametrize(("environment", "expected"), [
    ({}, "en"),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "en_US.UTF-8", "LC_MESSAGES": "fr_CA.UTF-8"}, "fr"),
    ({"LANG": "fr_FR.UTF-8", "LC_ALL": "en_GB.UTF-8"}, "en"),
    ({"LANG": "de_DE.UTF-8", "LANGUAGE": "de:fr:en"}, "fr"),
    ({"LANG": "C", "LANGUAGE": "fr"}, "en"),  # gettext ignores LANGUAGE in the C locale
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "ja_JP.UTF-8"}, "en"),
])
def test_the_language_comes_from_the_environment_as_gettext_reads_it(
        environment: dict[str, str], expected: str) -> None:
    assert from_environment(environment) == expected


def test_languages_are_named_as_people_write_them() -> None:
    assert resolve("fr") == resolve("FR") == resolve("fr_FR.UTF-8") == resolve("fr-CA") == "fr"
    with pytest.raises(smtpcodes.SMTPCodeError, match="'de' is not available; expected one of"):
        resolve("de")


def test_explain_in_french_keeps_keys_and_vocabulary_in_english() -> None:
    english = smtpcodes.explain("550 5.2.2 Mailbox full")
    french = smtpcodes.explain("550 5.2.2 Mailbox full", lang="fr")
    assert french.summary == (
        "La boîte aux lettres du destinataire est pleine et le message a été refusé")
    assert french.summary != english.summary and french.meaning != english.meaning
    data = french.as_dict()
    assert data["lang"] == "fr" and english.as_dict()["lang"] == "en"
    assert data.keys() == english.as_dict().keys()
    assert (data["class"], data["decision"], data["remedy"]) == (
        "permanent", "do_not_retry", english.remedy)
    reason = data["reason"]
    assert isinstance(reason, dict) and reason["name"] == "mailboxfull"
    assert english.reason is not None and reason["title"] != english.reason.title


def test_set_language_is_the_default_until_changed() -> None:
    smtpcodes.set_language("fr")
    assert smtpcodes.get_language() == "fr"
    assert smtpcodes.explain("4.2.2").lang == "fr"
    assert smtpcodes.explain("4.2.2", lang="en").lang == "en"
    smtpcodes.set_language("en")
    assert smtpcodes.explain("4.2.2").lang == "en"


def test_warnings_and_notes_are_said_in_french() -> None:
    french = smtpcodes.explain("250 5.1.1", lang="fr")
    english = smtpcodes.explain("250 5.1.1")
    assert len(french.warnings) == len(english.warnings) == 1
    assert french.warnings[0] != english.warnings[0]
    assert "250" in french.warnings[0] and "5.1.1" in french.warnings[0]
    assert english.reply.warnings[0] == english.warnings[0]  # the Reply itself stays English


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_the_command_line_speaks_french_with_lang(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["--lang", "fr", "explain", "550", "5.2.2"], capsys)
    assert status == 0
    assert word("What it means", "fr") in out and "What it means" not in out
    assert "La boîte aux lettres du destinataire est pleine" in out
    status, after, _ = run(["explain", "--lang=fr", "550", "5.2.2"], capsys)
    assert after == out
    status, out, _ = run(["explain", "550", "5.2.2", "--json", "--lang", "fr"], capsys)
    assert json.loads(out)["lang"] == "fr"


def test_an_unknown_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["--lang", "de", "explain", "550"], capsys)
    assert (status, out) == (2, "")
    assert "--lang 'de': expected one of en, fr" in err


def test_the_locale_chooses_the_language_of_a_real_process() -> None:
    import os

    env = {key: value for key, value in os.environ.items()
           if key not in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")}
    french = subprocess.run([sys.executable, "-m", "smtpcodes", "explain", "5.2.2"],
                            env={**env, "LANG": "fr_FR.UTF-8"}, capture_output=True,
                            text=True, check=True, timeout=60, encoding="utf-8")
    english = subprocess.run([sys.executable, "-m", "smtpcodes", "explain", "5.2.2"],
                             env={**env, "LANG": "C.UTF-8", "LANGUAGE": "fr"},
                             capture_output=True, text=True, check=True, timeout=60,
                             encoding="utf-8")
    assert "boîte aux lettres" in french.stdout
    assert "What it means" in english.stdout


def test_help_is_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "fr", "explain", "--help"])
    out = capsys.readouterr().out
    assert out.startswith(word("usage: ", "fr")) and word("usage: ", "fr") != "usage: "
    assert word("print JSON only", "fr") in out


def test_list_gives_french_summaries(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(["list", "--lang", "fr", "--code", "X.2.2", "--json"], capsys)
    entry = json.loads(out)[0]
    english = smtpcodes.lookup("X.2.2")
    assert entry["lang"] == "fr" and entry["code"] == "X.2.2"
    assert entry["title"] == english.title  # the registry's title is a name, kept
    assert entry["summary"] != english.summary
    assert entry["by_class"]["5"]["summary"].startswith("La boîte aux lettres")
    assert status == 0
    _, out, _ = run(["list", "--lang", "fr", "--kind", "reason", "--json"], capsys)
    reasons = json.loads(out)
    assert all(reason["lang"] == "fr" for reason in reasons)
    _, out, _ = run(["list", "--lang", "fr", "--class", "5", "--kind", "detail"], capsys)
    assert "X.2.2" in out and "boîte" in out


@pytest.mark.parametrize("page", ["index.rst", "guide.rst"])
def test_the_french_pages_follow_french_typography(page: str) -> None:
    """The hand-written French pages: their prose (not code, not literals) obeys the same
    typography as the catalogs."""
    import docutils.core
    from docutils import nodes

    source = (ROOT / "docs" / "fr" / page).read_text(encoding="utf-8")
    tree = docutils.core.publish_doctree(
        source, settings_overrides={"report_level": 5, "halt_level": 5})
    faults = []
    for paragraph in tree.findall(nodes.paragraph):
        if isinstance(paragraph.parent, nodes.system_message):
            continue
        skipped = nodes.literal | nodes.reference | nodes.problematic
        prose = "".join(node.astext() for node in paragraph.findall(nodes.Text)
                        if not isinstance(node.parent, skipped))
        faults += catalog.typography(prose)
    assert not faults, faults[:5]


def test_errors_are_said_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(["--lang", "fr", "explain", "hello"], capsys)
    assert (status, out) == (1, "")
    assert err.startswith("smtpcode: aucun code SMTP trouvé dans 'hello'")
    with pytest.raises(SystemExit) as exited:
        main(["--lang", "fr", "list", "--nosuch"])
    err = capsys.readouterr().err
    assert exited.value.code == 2
    assert word("usage: ", "fr") in err and word("unrecognized arguments: %s", "fr") % (
        "--nosuch") in err
    # the library itself keeps English for programs that catch its errors
    with pytest.raises(smtpcodes.NoCodeFoundError, match="no SMTP code found in 'hello'"):
        smtpcodes.explain("hello", lang="fr")


def test_an_ehlo_reply_is_read_in_french() -> None:
    from smtpcodes.cli.ehlo import ehlo_text
    from smtpcodes.smtp.ehlo import read_ehlo

    # the EHLO reply of the Postfix in examples/session.txt, with AUTH offered in clear
    reply = ("250-mail.example.org\n250-SIZE 10240000\n250-AUTH PLAIN LOGIN\n250-VRFY\n"
             "250 ENHANCEDSTATUSCODES\n")
    reading = read_ehlo(reply, tls=False)
    french, english = ehlo_text(reading, lang="fr"), ehlo_text(reading, lang="en")
    assert word("Findings", "fr") in french and "Findings" not in french
    assert "mots de passe" in french or "mot de passe" in french
    assert "password" in english
    data = reading.as_dict("fr")
    assert data["lang"] == "fr"
    assert all(finding["severity"] in ("high", "medium", "info") for finding in data["findings"])
    assert "password" not in json.dumps(data, ensure_ascii=False)


def test_the_scan_report_headings_are_french(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    log = str(ROOT / "examples" / "maillog")
    page = tmp_path / "report.html"
    status, out, _ = run(["--lang", "fr", "scan", "--html", str(page), log], capsys)
    assert status == 0
    assert word("== Your outgoing mail: what other servers refused or delayed ==", "fr") in out
    assert "Your outgoing mail" not in out
    assert word("Bounced, expired and deferred, by reason", "fr") in out
    # the figures too, with French plurals (0 and 1 in the singular) and units
    assert word("Lines: {count} = ", "fr").format(count=32) in out
    assert word("{count} deferral", "fr").format(count=1) in out
    assert word("{count} hold", "fr").format(count=0) in out and "0 holds" not in out
    assert "2,4 " + word("KiB", "fr") in out and "1\u202f001 " + word("bytes", "fr") in out
    html = page.read_text(encoding="utf-8")
    assert '<html lang="fr">' in html and word("Mail log summary", "fr") in html


def test_argparse_speaks_english_again_after_a_french_run(
        capsys: pytest.CaptureFixture[str]) -> None:
    for lang, expected in (("fr", word("unrecognized arguments: %s", "fr") % "--x"),
                           ("en", "unrecognized arguments: --x")):
        with pytest.raises(SystemExit):
            main(["--lang", lang, "list", "--x"])
        assert expected in capsys.readouterr().err, lang


def test_client_errors_and_retry_advice_in_french() -> None:
    """What a program that sends mail gets: the failure that carries no reply, the refused
    recipients and the retry decision, each in the language asked for."""
    timeout = smtpcodes.explain_error(TimeoutError("timed out"), lang="fr")
    assert isinstance(timeout, smtpcodes.NotFromServer) and timeout.kind == "timeout"
    assert timeout.summary == word("No answer in time: the connection or the server was too"
                                   " slow, or a firewall dropped the packets", "fr")
    assert timeout.summary != smtpcodes.explain_error(TimeoutError("timed out")).summary
    refused = smtpcodes.explain_recipients(
        {"bob@example.com": (550, b"5.1.1 <bob@example.com>: Recipient address rejected")},
        lang="fr")
    assert refused["bob@example.com"].lang == "fr"
    decision = smtpcodes.when_to_retry("452 4.2.2 Mailbox full", lang="fr")
    assert decision.retry and decision.why.startswith("un échec temporaire")
