"""app.caseless: a case-insensitive pattern searched over the lower-cased text finds what re.IGNORECASE finds."""

from __future__ import annotations

import re
import string
import sys

import pytest

from app.caseless import caseless

UNSAFE = {"\u0130", "\u0131", "\u017f"}  # İ ı ſ: the module docstring's three


# Made when a test asks (not when the module is collected: every pytest-xdist worker collects it, one runs these)
@pytest.fixture(scope="module")
def every_code_point() -> str:
    return "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)


@pytest.fixture(scope="module")
def cased(every_code_point: str) -> list[str]:
    """The code points that lower-casing changes."""
    return [c for c in every_code_point if c.lower() != c]


def test_lower_casing_keeps_offsets_for_every_code_point_but_dotted_capital_i(cased: list[str]) -> None:
    assert {c for c in cased if len(c.lower()) != 1} == {"\u0130"}


def test_ignorecase_matches_a_letter_exactly_where_lower_casing_gives_it_but_for_the_three(
        every_code_point: str, cased: list[str]) -> None:
    for c in re.findall("[a-z]", every_code_point, re.IGNORECASE):
        if c in UNSAFE:
            continue
        letters = [x for x in string.ascii_lowercase if re.fullmatch(x, c, re.IGNORECASE)]
        assert letters == [c.lower()], c
    for c in cased:
        lower = c.lower()
        if lower != c and lower in string.ascii_lowercase and c not in UNSAFE:
            assert re.fullmatch(lower, c, re.IGNORECASE), c


@pytest.mark.parametrize("cls", [r"\w", r"\d", r"\s", r"[^a-z]"])
def test_character_classes_answer_alike_for_a_code_point_and_its_lower_case(cls: str, cased: list[str]) -> None:
    one_to_one = [c for c in cased if len(c.lower()) == 1]
    pattern = re.compile(cls, re.IGNORECASE)
    plain = re.compile(cls)
    assert [c for c in one_to_one if bool(pattern.fullmatch(c)) != bool(plain.fullmatch(c.lower()))] == []


TEXTS = [
    "THE Mayor SAID on Monday that 40 Percent of homes WERE razed, a record since 2019.",
    "Officials said the toll rose to three hundred; “It’s terrible,” he told Reuters.",
    "İstanbul talks: ISTANBUL hosted them, the ſtory goes, with ı dotless.",  # the unsafe three: the slow path
    "Kelvin \u212a sign, ÉCOLE, straße STRASSE, Ωmega, ǅungla",
    "",
    "one", "One of the largest", "ONE HUNDRED", "twice — and THRICE", "per cent", "PER  CENT",
]
PATTERNS = [
    r"\b(?:one|two|three|hundred|percent|per cent|twice|thrice)(?:-\w+)?\b",
    r"\b(?:said|says|told|reported)\b|\baccording to\b",
    r"\b\w{3,}ed\b",
    r"^(?:the|officials|kelvin)\b",
    r"(?i)\b(?:mayor|toll|talks)\b",
    r"\bk\w*",
    r"\bstr\w+",
    r"",
    r"x*",
    r"\b(?P<n>one|three|40)\s+(?P<Unit>percent|hundred)\b",  # named groups: the names are not text
]


@pytest.mark.parametrize("pattern", PATTERNS)
def test_search_match_fullmatch_and_finditer_agree_with_ignorecase(pattern: str) -> None:
    ours = caseless(pattern)
    theirs = re.compile(pattern, re.IGNORECASE)

    def same(a: re.Match[str] | None, b: re.Match[str] | None) -> bool:
        return (a is None and b is None) or (a is not None and b is not None and a.span() == b.span()
                                             and a.group(0) == b.group(0) and a.string is b.string)

    for text in TEXTS:
        for pos in (0, 1, 5):
            assert same(ours.search(text, pos), theirs.search(text, pos)), (pattern, text, pos)
            assert same(ours.match(text, pos), theirs.match(text, pos)), (pattern, text, pos)
            assert same(ours.fullmatch(text, pos), theirs.fullmatch(text, pos)), (pattern, text, pos)
            assert [(m.span(), m.group(0)) for m in ours.finditer(text, pos)] == \
                [(m.span(), m.group(0)) for m in theirs.finditer(text, pos)], (pattern, text, pos)


def test_a_pattern_with_capitals_or_cased_letters_beyond_ascii_is_searched_as_written() -> None:
    for pattern in (r"[A-Z]\w+", r"caf[ée]", r"(?-i:Said)"):
        ours = caseless(pattern)
        assert ours.search("the CAFÉ Said") is not None
        assert [m.group(0) for m in ours.finditer("the CAFÉ Said")] == \
            [m.group(0) for m in re.finditer(pattern, "the CAFÉ Said", re.IGNORECASE)]


def test_a_named_group_keeps_the_fast_path_and_its_groups() -> None:
    ours = caseless(r"\b(?P<hedge>about|nearly)\s+(?P<N>\d+)\s+(?P<unit>years?)\s+ago\b")
    assert ours._cs is not None  # the group names' capitals do not send it to the slow path
    m = ours.search("It opened ABOUT 40 Years ago.")
    assert m is not None and m.groupdict() == {"hedge": "ABOUT", "N": "40", "unit": "Years"}
    assert caseless(r"(?P<w>a)(?P=w)")._cs is None  # a backreference by name is searched as written
    assert caseless(r"(?P<w>a)(?P=w)").search("aA") is not None
