"""The screen: one RE2 pass must name every rule and vendor sign that matches a text.

The screen may name more than match (each is then searched with ``re``), never fewer: a
rule it missed would silently change a reason. These tests compare it with searching
every rule one by one, on the data's own real texts, on texts made of the rules' words,
and on long hostile texts.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from smtpcodes.reasons import shipped
from smtpcodes.rules import Context, Pattern, RuleSet
from smtpcodes.screen import Screen, looked_for, widened
from smtpcodes.wording import normalize

DATA = Path(__file__).resolve().parent.parent / "data"
KNOWLEDGE = shipped()
RULES = KNOWLEDGE.patterns.patterns
VENDORS = KNOWLEDGE.vendors.vendors
RULE_SCREEN = Screen(rule.screen_regex() for rule in RULES)
SEARCHES = [rule.search for rule in RULES]
TOKENS = [token for vendor in VENDORS for token in vendor.tokens]
TOKEN_SCREEN = Screen(TOKENS)


def _real_texts() -> list[str]:
    """Every real reply quoted in the data: rule examples and near-misses, vendor examples."""
    texts: list[str] = []
    for path in sorted((DATA / "patterns").glob("*.toml")):
        for record in tomllib.loads(path.read_text(encoding="utf-8")).get("pattern", []):
            for field in ("examples", "near_misses"):
                value = record.get(field, [])
                texts += [value] if isinstance(value, str) else value
    for path in sorted((DATA / "vendors").glob("*.toml")):
        for code in tomllib.loads(path.read_text(encoding="utf-8")).get("code", []):
            texts += code.get("examples", [])
    return texts


REAL = [normalize(text) for text in _real_texts()]
#: every Unicode code point but the surrogates
ALL_CHARACTERS = "".join(chr(code) for code in range(0x110000) if not 0xD800 <= code < 0xE000)
#: the words of every phrase rule, and the literal words of the regex rules
WORDS = sorted({word for rule in RULES for phrase in rule.words
                for word in re.findall(r"[a-z<>'/.-]{2,}", phrase)})


def _misses(screen: Screen, searches: Sequence[Callable[[str], object]], text: str) -> list[int]:
    """The places whose own search matches the text but which the screen did not name."""
    named = set(screen.find(text))
    return [place for place, search in enumerate(searches)
            if place not in named and search(text) is not None]


def test_the_data_has_real_texts_and_words() -> None:
    assert len(REAL) > 500 and len(WORDS) > 300


def test_every_rule_matching_a_real_text_is_named() -> None:
    missed = {RULES[place].id for text in REAL for place in _misses(RULE_SCREEN, SEARCHES, text)}
    assert not missed


def test_every_vendor_token_matching_a_real_text_is_named() -> None:
    compiled = [re.compile(token).search for token in TOKENS]
    missed = {TOKENS[place] for text in REAL for place in _misses(TOKEN_SCREEN, compiled, text)}
    assert not missed


def test_the_screen_names_few_rules_beyond_those_that_match() -> None:
    # Not a correctness matter, but the reason the screen exists: a text should not send
    # most rules to their own search.
    named = sum(len(RULE_SCREEN.find(text)) for text in REAL)
    matching = sum(1 for text in REAL for rule in RULES if rule.search(text) is not None)
    assert matching <= named < 2 * matching


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=30),
       st.sampled_from([" ", ": ", ", ", "-", "", " <address> ", " 550 5.7.1 "]))
def test_texts_made_of_the_rules_words(words: list[str], glue: str) -> None:
    text = normalize(glue.join(words))
    assert not _misses(RULE_SCREEN, SEARCHES, text)


@pytest.mark.parametrize("text", [
    # a long run of the words many rules need, in every order
    " ".join(WORDS) * 40,
    # words the look-arounds of rules exclude, then what they look for
    ("sender " * 5000) + "user unknown " + ("sender verify " * 5000) + "dmarc policy",
    ("dmarc " * 20000) + "fail",
    "é" * 5000 + " mailbox full " + "日本語" * 5000,
])
def test_long_hostile_texts_lose_no_match(text: str) -> None:
    # a long text must not make the automaton give up and name nothing
    text = normalize(text)
    assert not _misses(RULE_SCREEN, SEARCHES, text)


@pytest.mark.parametrize(("regex", "wider"), [
    (r"(?<!sender )\baccess denied\b", "access denied"),
    (r"^(?!.*\bsender\b).*\bunknown user\b", "^.*unknown user"),
    (r"\bspf\b(?:(?!\bspf\b).){0,60}?\bfail", r"spf(?:.){0,60}fail"),
    (r"[\w.-]+@x", r"[\w\p{L}\p{N}.-]+@x"),
    (r"\d{3} \w", r"\p{Nd}{3} [\w\p{L}\p{N}]"),
    (r"x{2,5}?y{,4}", r"x{2,5}y{0,4}"),
    (r"a\{2\}[{}]", r"a\{2\}[{}]"),
    (r"[^\]]x(?=y)", r"[^\]]x"),
    # "{}" is two plain characters in Python, not a repetition
    (r"a{}b{,2}", r"a{}b{0,2}"),
    # in a negated class RE2's own \w is narrower, so the class leaves more outside
    (r"[^\w\s]+", r"[^\w\s]+"),
    (r"\s[\s,]", r"[\s\v\p{Z}\x{1c}-\x{1f}\x{85}][\s\v\p{Z}\x{1c}-\x{1f}\x{85},]"),
])
def test_widened_keeps_every_match(regex: str, wider: str) -> None:
    assert widened(regex) == wider


@pytest.mark.parametrize(("regex", "text"), [
    (r"\bmailbox\b", "la boîte mailbox été"),
    (r"\w+ quota", "ユーザー quota"),
    (r"(?<=x)y{2,3}\b", "xyy é"),
    (r"\d+ messages", "٣ messages"),
])
def test_widened_matches_where_python_does(regex: str, text: str) -> None:
    assert re.search(regex, text) is not None
    assert Screen([regex]).find(text) == [0]


@pytest.mark.parametrize("regex", [
    r"\w", r"\d", r"\s", r"\W", r"\D", r"\S", r"[\w.-]", r"[\d:]", r"[^\w]", r"[^\d\s]",
])
def test_widened_classes_hold_every_character_python_s_do(regex: str) -> None:
    # Every code point Python's class matches, one after the other: the widened class,
    # repeated, must match them all.
    import re2

    matched = "".join(re.findall(regex, ALL_CHARACTERS))
    assert matched
    assert re2.fullmatch(f"(?:{widened(regex)})*", matched) is not None


def test_expressions_too_large_together_are_all_tried() -> None:
    # Twenty copies of a thousand Unicode letters in a row overflow RE2's memory budget:
    # the screen then names every expression, and each one's own search decides.
    screen = Screen([r"\w" * 1000] * 20 + ["mailbox full"])
    assert screen.find("nothing") == list(range(21))


def test_an_expression_re2_refuses_is_tried_on_every_text() -> None:
    # A back-reference: RE2 cannot read it, so the screen names it for every text and
    # Python's own search decides.
    echo = Pattern(id="echo", reason="syntaxerror", kind="regex", words=(r"\b(\w+) \1\b",))
    plain = Pattern(id="plain", reason="mailboxfull", kind="phrase", words=("mailbox full",))
    rules = RuleSet([echo, plain])
    context = Context()
    assert [match.pattern.id for match in rules.matches("said said", context)] == ["echo"]
    assert [match.pattern.id for match in rules.matches("mailbox full", context)] == ["plain"]
    assert rules.matches("nothing here", context) == []


@pytest.mark.parametrize(("regex", "part"), [
    # what a rule requires, past its look-arounds and unbounded stretches
    (r"^(?!.*\bsender\b).*\buser unknown\b", "user unknown"),
    (r"mailbox.*full", "mailbox"),
    (r"quota.*\bexceeded\b", "exceeded"),
    # a group around unbounded items: what each of its branches requires
    (r"^(?:.*\bno such user\b|.*\bunknown mailbox)", "(?:no such user|unknown mailbox)"),
    (r"a.*bb|ccc", "(?:bb|ccc)"),
    # short repetitions stay; long or unbounded ones end a part
    (r"1(?<!\w1)[0-9]{9}-x", "1[0-9]{9}-x"),
    (r"x{0,80}yz", "yz"),
    (r"\bbl0\d{2}\b", r"bl0\p{Nd}{2}"),
    (r"\x41+bc", "bc"),
    (r"(?i)abc.*d", "(?i)abc"),
])
def test_looked_for_is_a_part_every_match_holds(regex: str, part: str) -> None:
    assert looked_for(regex) == part


@pytest.mark.parametrize("regex", [r".*", r"\w+", r"a|.*", r"(?x)a b", r"x*"])
def test_an_expression_without_a_bounded_part_is_tried_on_every_text(regex: str) -> None:
    assert looked_for(regex) is None
    assert Screen([regex]).find("anything") == [0]


_ATOMS = ["a", "b", "ab", " ", "é", r"\b", r"\w", r"\d", r"\s", "[ab]", "[^a]", ".", "(?:a|bb)",
          "(?:a.*b)", "(?<!a)", "(?=b)", "^", "$", r"\.", "1"]
_QUANTIFIERS = ["", "", "", "?", "*", "+", "{2}", "{1,3}", "{0,12}", "*?"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(_ATOMS), st.sampled_from(_QUANTIFIERS)),
                         min_size=1, max_size=6), min_size=1, max_size=3),
       st.text(alphabet="ab 1.é\n", max_size=30))
def test_the_screen_names_every_expression_that_matches(
        branches: list[list[tuple[str, str]]], text: str) -> None:
    # Random expressions of the forms rules use: whenever Python's re finds a match, the
    # screen must name the expression.
    regex = "|".join("".join(atom + (quantifier if not atom.startswith(("(?<", "(?=", "\\b",
                                                                         "^", "$")) else "")
                             for atom, quantifier in branch) for branch in branches)
    if re.search(regex, text) is not None:
        assert Screen([regex]).find(text) == [0], (regex, looked_for(regex))
