"""The fast search form of a rule's expression must find exactly what the expression finds.

A rule compiled in its fast form (:mod:`smtpcodes.fastsearch`) must match the same texts,
at the same places, with the same words: the evidence a reading shows comes from that
match. These tests compare both forms on the data's real texts, on the labelled corpus
when it is present, and on random expressions of the shapes rules use.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpcodes.fastsearch import fast_branches, literal_first, search_branches
from smtpcodes.reasons import shipped
from smtpcodes.rules import Pattern, phrase_regex
from smtpcodes.wording import normalize

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "replies.jsonl"
RULES = shipped().patterns.patterns
VENDORS = shipped().vendors.vendors
TOKENS = sorted({token for vendor in VENDORS for token in vendor.tokens}
                | {code.token for vendor in VENDORS for code in vendor.codes if code.token})


def _texts() -> list[str]:
    """The rules' real texts (examples and near-misses), and the corpus's, normalised."""
    texts = [text for rule in RULES for text in (*rule.examples, *rule.near_misses)]
    if CORPUS.exists():
        with CORPUS.open(encoding="utf-8") as handle:
            texts += [json.loads(line)["text"] for line in handle if line.strip()]
    return [normalize(text) for text in texts]


TEXTS = _texts()


@pytest.mark.parametrize(("regex", "fast"), [
    (r"\bmailbox (?:is )?full\b", r"mailbox (?<=\bmailbox )(?:is )?full\b"),
    # a repeated character stays after the moved check
    (r"\bfails? to pass spf\b", r"fail(?<=\bfail)s? to pass spf\b"),
    # look-behinds move with the boundary
    (r"(?<!relay )\baccess denied\b", r"access denied(?<=(?<!relay )\baccess denied)\b"),
    # a group of alternatives each opening with characters: each takes the checks
    (r"\b(?:failed|over quota)\b", r"(?:failed(?<=\bfailed)|over quota(?<=\bover quota))\b"),
    # branches apart; one already opening with characters is left as it is
    (r"\bspf fail|spf\.pobox\.com", r"spf fail(?<=\bspf fail)|spf\.pobox\.com"),
])
def test_literal_first_moves_the_checks_after_the_characters(regex: str, fast: str) -> None:
    assert literal_first(regex) == fast


@pytest.mark.parametrize("regex", [
    r"^(?!.*\bsender\b).*\buser unknown\b",  # anchored: nothing to skip to
    r"\b(?:recipient )?domain",  # an optional group first: no characters every match opens with
    r"\b\w+ full",
    r"(?x)\b mailbox",  # verbose: blanks are not characters to look for
    r"(?i)\bmailbox",
])
def test_other_expressions_stay_as_written(regex: str) -> None:
    assert literal_first(regex) == regex


def test_the_data_has_texts() -> None:
    assert len(TEXTS) > 1000


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_finds_the_same_words_in_its_fast_form(rule: Pattern) -> None:
    expressions = ([rule.words[0]] if rule.kind == "regex"
                   else [phrase_regex(phrase) for phrase in rule.words])
    for expression in expressions:
        written, fast = re.compile(expression), re.compile(literal_first(expression))
        for text in TEXTS:
            expected, found = written.search(text), fast.search(text)
            assert (found and found.span()) == (expected and expected.span()), (expression, text)


@pytest.mark.parametrize("token", TOKENS)
def test_every_vendor_token_finds_the_same_words_in_its_fast_form(token: str) -> None:
    written, fast = re.compile(token), re.compile(literal_first(token))
    for text in TEXTS:
        expected, found = written.search(text), fast.search(text)
        assert (found and found.span()) == (expected and expected.span()), (token, text)


def test_most_rules_gain_a_fast_form() -> None:
    changed = [rule.id for rule in RULES if rule.kind != "regex"
               or literal_first(rule.words[0]) != rule.words[0]]
    assert len(changed) > len(RULES) * 2 // 3


_ATOMS = ["a", "b", "ab", " ", "é", "1", r"\.", r"\ ", r"\b", r"\w", "[ab]", ".", "(?:a|bb)",
          "(?:ab|b a)", "(?:a.*b)", "(?<!a)", "(?<!b )", "(?<=a)", "(?=b)", "(?!a)", "^", "$"]
_QUANTIFIERS = ["", "", "", "?", "*", "+", "{2}", "{0,3}", "*?"]
_ZERO_WIDTH = ("(?<", "(?=", "(?!", "\\b", "^", "$")


@settings(max_examples=500, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(_ATOMS), st.sampled_from(_QUANTIFIERS)),
                         min_size=1, max_size=6), min_size=1, max_size=3),
       st.text(alphabet="ab 1.é\n", max_size=30))
def test_random_expressions_find_the_same_in_their_fast_form(
        branches: list[list[tuple[str, str]]], text: str) -> None:
    regex = "|".join("".join(atom + ("" if atom.startswith(_ZERO_WIDTH) else quantifier)
                             for atom, quantifier in branch) for branch in branches)
    fast = literal_first(regex)
    expected, found = re.search(regex, text), re.search(fast, text)
    assert (found and found.span()) == (expected and expected.span()), (regex, fast)
    apart = search_branches(fast_branches(regex), text)
    assert (apart and apart.span()) == (expected and expected.span()), regex


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.id)
def test_every_rule_searched_branch_by_branch_finds_the_words_of_its_expression(
        rule: Pattern) -> None:
    """A rule's search (its branches apart, each only where its opening characters stand)
    gives the words the expression as written finds."""
    expressions = ([rule.words[0]] if rule.kind == "regex"
                   else [phrase_regex(phrase) for phrase in rule.words])
    written = [re.compile(expression) for expression in expressions]
    for text in TEXTS:
        words: list[str] = []
        position = 0
        for expression in written:
            match = expression.search(text, position)
            if match is None:
                words = []
                break
            words.append(match.group(0))
            position = match.end()
        assert rule.search(text) == (" … ".join(words) if words else None), (rule.id, text)


@pytest.mark.parametrize(("regex", "openings"), [
    (r"\bspf fail|spf\.pobox\.com", [("spf fail",), ("spf.pobox.com",)]),
    (r"\b(?:blocked|denied) by spf\b", [("blocked", "denied")]),
    (r"\bfails? to pass", [("fail",)]),
    (r"^(?!.*\bsender\b).*\buser unknown\b", [()]),
    (r"(a)\1|b", [()]),  # a reference back to a group: the expression stays whole
])
def test_each_branch_opens_with_the_characters_found(
        regex: str, openings: list[tuple[str, ...]]) -> None:
    assert [found for found, _ in fast_branches(regex)] == openings
