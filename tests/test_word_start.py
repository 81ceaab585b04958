"""Patterns rewritten to open on literal characters (app.caseless.word_start and hand-written forms) find what the
patterns as first written find: the same matches, or the same yes/no where they are asked only that, on generated
texts (the patterns' own words, their neighbours, capitals, digits, punctuation and the odd code points İ ı ſ) and
between random offsets."""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from typing import Any

import pytest

from app import dates
from app.caseless import caseless, word_start
from app.checks import alternatives, dateline, roles, weekday
from app.engines import checkworthy, claims, features, summary
from app.facts import ages, durations
from app.facts import document as facts_document
from app.facts.rules import days, scores, totals
from app.facts.rules import durations as rule_durations

_PIECES = [*"abcdefghijklmnopqrstuvwxyz", *"ABCDEFGHIJKLMNOPRSTUVWXYZ", *"0123456789", " ", " ", " ", "  ", "\n", "\t",
           ",", ".", ";", ":", "-", "–", "'", "’", "“", "”", '"', "(", ")", "%", "$", "£", "€", "@", "/", "©", "İ",
           "ı", "ſ", "é", "K"]


def _texts(words: list[str], n: int = 2500, seed: int = 5) -> list[str]:
    """Texts made of `words` (in any case) and single characters, 0 to 14 pieces each."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(0, 14)):
            if rnd.random() < 0.45 and words:
                w = rnd.choice(words)
                parts.append(rnd.choice([w, w.upper(), w.capitalize(), w.title()]))
            else:
                parts.append(rnd.choice(_PIECES))
        out.append("".join(parts))
    return out


def _words_of(alternation: str) -> list[str]:
    """Literal words of a pattern's source (what generated texts are made of), spaces for `\\s+`."""
    plain = re.sub(r"\\s[+*]?", " ", alternation).replace("?", "")
    return [w for w in re.findall(r"[A-Za-z0-9' ’-]+", plain) if w.strip()]


def _same_matches(old: Any, new: Any, texts: list[str]) -> None:
    rnd = random.Random(3)
    for t in texts:
        assert [(m.span(), m.groups()) for m in old.finditer(t)] == [(m.span(), m.groups()) for m in new.finditer(t)], t
        a = rnd.randint(0, len(t))
        b = rnd.randint(a, len(t))
        for method in ("search", "match"):
            x, y = getattr(old, method)(t, a, b), getattr(new, method)(t, a, b)
            assert (x and (x.span(), x.groups())) == (y and (y.span(), y.groups())), (t, a, b)


def _same_answers(old: Callable[[str], object], new: Callable[[str], object], texts: list[str]) -> None:
    assert [t for t in texts if old(t) != new(t)] == []


def test_word_start_groups_alternatives_by_their_first_character() -> None:
    assert word_start("one|two|three|o") == r"o(?<!\w\w)(?:ne|)|t(?<!\w\w)(?:wo|hree)"


@pytest.mark.parametrize("bad", ["(?:a|b)c", "a?b", "a*", "-x", "\\bx", "x|", "é"])
def test_word_start_refuses_an_alternative_that_does_not_open_on_a_literal_word_character(bad: str) -> None:
    with pytest.raises(ValueError):
        word_start(bad)


@pytest.mark.parametrize("alternation", [
    r"one|two|three|thirds?|per ?cent|percent(?:age)?|o", r"Mon|Tue|Wed|Thu|Fri|Sat|Sun", r"1[5-9]|20",
    r"a(?:b|c)|ab|a\|b|a[|]x|b\w+",
])
def test_word_start_finds_what_a_word_boundary_before_the_alternation_finds(alternation: str) -> None:
    texts = _texts([*_words_of(alternation), "ab", "a|b", "bx"], 1500)
    for flags in (0, re.IGNORECASE):
        _same_matches(re.compile(rf"\b(?:{alternation})", flags), re.compile(f"(?:{word_start(alternation)})", flags),
                      texts)
    _same_matches(caseless(rf"\b(?:{alternation})\b"), caseless(rf"(?:{word_start(alternation)})\b"), texts)


def test_capitalised_words_and_names_as_first_written() -> None:
    texts = _texts(["Mr", "Mrs", "Ms", "Miss", "Dr", "Prof", "Sir", "Dame", "de", "van", "Ortiz", "Dana", "It's",
                    "O'Neil", "’s", "s", "or", "the", "Jo Ann"], 3000)
    _same_matches(re.compile(r"(?<![\w'’])[A-Z][\w'’.-]*"), features._CAP, texts)
    _same_matches(re.compile(r"(?:\b(?:Mr|Mrs|Ms|Miss|Dr|Prof|Sir|Dame)\.?\s+[A-Z][\w’'-]+"
                             r"|\b[A-Z][a-z][\w’'-]*(?:\s+(?:de|van|von|der|da|di|al|bin|le|la)?\s*[A-Z][\w’'-]+)+)"),
                  facts_document._NAME_RUN, texts)
    _same_matches(re.compile(r"\b([A-Z][\w’'-]*?)(?:[’']s)?\b"), facts_document._CAPITALISED, texts)
    _same_matches(re.compile(r"(?<![\w’'-])(?P<x>(?:[A-Z][\w’'-]*+\s+){0,3}[A-Z][\w’'-]*+)\s+or\s+(?:the\s+)?"
                             r"(?P<q>(?:[\w’'-]+\s+){1,2}?)(?P=x)\b"), alternatives._SELF_ALTERNATIVE,
                  [*texts, *(f"{t} or the {t}" for t in texts[:500]), *(f"{t} or {t} {t}" for t in texts[500:1000])])


def test_word_lists_as_first_written() -> None:
    relative = "|".join(sorted(map(re.escape, dateline._RELATIVE), key=len, reverse=True))
    _same_matches(caseless(rf"\b({relative})\s*[,(–—-]?\s*(?:on\s+)?"), dateline._PATTERN,
                  _texts([*dateline._RELATIVE, "on", "this", "last"]))
    split = (r"\b(?:split|divided|broken down|comprising|made up of|consisting of|shared out|allocated)\b"
             r"(?:\s+(?:into|as|between|among))?")
    _same_matches(re.compile(split), totals._SPLIT, _texts([*_words_of(split), "into", "as"]))
    asked: list[tuple[Any, Any, str]] = [  # (as first written, as now, the words texts are made of), asked yes or no
        (caseless(rf"\b(?:{durations._START_VERBS.replace('was ', '')})\s+(?:in|on)\b"), durations._START_HINT,
         durations._START_VERBS + "|in|on"),
        (caseless(r"\b(?:years?|months?)\b|\bin its\b"), durations._STRETCH_HINT, "years|months|in its"),
        (re.compile(rf"\b(?:{roles._ROLE_NOUNS})\s+[A-Z]"), roles._ROLE_HINT, roles._ROLE_NOUNS),
        (re.compile(r"\b(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)"), weekday._WEEKDAY, "Mon|Tue|Wed|Thu|Fri|Sat|Sun|Monday"),
        (re.compile(r"\b(?:1[5-9]|20)\d\d\b"), days._YEAR_WORD, "1999|2015|15|209|1"),
        (re.compile(r"\bsince\b|\bfor\b|\bin\b"), rule_durations._SINCE_FOR_IN, "since|for|in|fort|inside"),
        (caseless(r"\b(?:i|we)" + checkworthy._FIRST_VIEW + r"|\blet['’]s\b|\blet me\b|\bin my (?:view|opinion)\b|"
                  r"\bi['’]m (?:proud|running|glad|a |grateful|not)"), checkworthy._FIRST_PERSON,
         "i|we|i'm|we’re|think|will|let's|let me|in my view|proud|going to|won't|don’t think|a "),
    ]
    for old, new, words in asked:
        texts = _texts(_words_of(words) + ["s", "ed"])
        rnd = random.Random(9)
        for t in texts:
            a = rnd.randint(0, len(t))
            assert bool(old.search(t)) == bool(new.search(t)), t
            assert bool(old.search(t, a)) == bool(new.search(t, a)), (t, a)


def test_split_hints_answer_as_the_one_pattern_did() -> None:
    day = re.compile(r"(?i:day|night|tomorrow|tonight|morning|evening|afternoon)|Jan|Feb|Mar|Apr|May|Jun|Jul|"
                     r"Aug|Sep|Oct|Nov|Dec|\d{4}-\d\d")
    texts = _texts(["day", "night", "tomorrow", "Jan", "jan", "Dec", "2019-05", "201-05", "morning", "-year-old",
                    "born", "Born", "borne", "goalless", "nil", "3-1", "2 – 0"])
    _same_answers(lambda t: bool(day.search(t)), lambda t: dates._day_hint(t, 0, len(t)), texts)
    age = re.compile(r"\d|-year-old|[Bb]orn\b")
    _same_answers(lambda t: bool(age.search(t)), lambda t: bool(ages._HINT_DIGIT.search(t) or ages._HINT.search(t)),
                  texts)
    score = re.compile(r"\d\s?[-–]\s?\d|goalless|scoreless|nil")
    _same_answers(lambda t: bool(score.search(t)),
                  lambda t: bool(scores._SCORE_DIGITS.search(t) or scores._SCORE_WORDS.search(t)), texts)


def test_summary_credit_and_caption_lines_as_first_written() -> None:
    credit = caseless(
        r"(?:contributed to (?:this|the) (?:report|story|article)|all rights reserved|©\s*\w|https?://|www\.|@\w{3,}|"
        r"(?<=\S)@\S+\.\w+|"
        r"\b(?:(?:additional )?reporting by\b|(?:written|edited|compiled|produced) by\b|copyright\b|"
        r"this (?:story|article|report) (?:has been|was|is being) (?:updated|corrected|amended)|"
        r"editor['’]s note\b|the views expressed\b|originally (?:appeared|published)\b|"
        r"(?:is|are) (?:supported|sponsored|presented|brought to you) by\b|in (?:partnership|association) with\b|"
        r"(?:follow|find) (?:him|her|them|us|@?\w+) on (?:twitter|facebook|instagram|x)\b|on twitter\b))")
    caption = caseless(
        r"(?i)\((?:(?:second |far |bottom |top |centre |center )?(?:left|right)|centre|center|above|below|"
        r"pictured|inset|top|bottom|file(?: photo| picture| image| pic)?|circled|front|back|main|foreground|"
        r"background)\)|,\s*(?:left|right|centre|center)\s*(?:,|and\b)|"
        r"\bpictured\b|\((?:shown|seen|also pictured|pictured)[^)]{0,20}\)|\b(?:seen|shown|pictured) "
        r"(?:here|above|below)\b|\b(?:photo|photograph|picture|image|credit)s?\s*:")
    words = ["contributed to this report", "all rights reserved", "©", "http://", "www.", "@abc", "a@b.c", "x@",
             "reporting by", "additional reporting by", "written by", "copyright", "editor's note", "on twitter",
             "follow us on facebook", "find her on x", "is sponsored by", "in association with", "(left)", "(file photo)",
             "(second left)", ", right,", ", centre and", "pictured", "(shown here)", "seen above", "photos:",
             "credit :", "this story was updated", "originally published"]
    texts = _texts(words, 4000)
    _same_answers(lambda t: bool(credit.search(t)), lambda t: bool(summary._CREDIT.search(t)), texts)
    _same_answers(lambda t: bool(caption.search(t)), lambda t: bool(summary._CAPTION.search(t)), texts)


def test_figures_and_claim_kinds_as_first_written() -> None:
    figure = caseless(rf"\d|%|[$€£¥]|\b(?:{features._NUMBER_WORDS})(?:-\w+)?\b")

    def old_figures(text: str) -> list[str]:
        return [m.group(0) for m in figure.finditer(text)
                if not (m.group(0).lower() == "one" and features._ONE_PRONOUN.match(text, m.start()))]

    number = caseless(r"\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|dozen|hundred|thousand|million|"
                      r"billion|half|third|quarter)\b")
    stat = caseless(r"%|percent|per cent|\$|€|£|\bmillion\b|\bbillion\b|(?<![\d,.])[,.]*+\d[\d,.]*+\s*+(?:people|"
                    r"homes|votes|tonnes|tons|km|miles|mm|cm|inches|degrees|points|cases|deaths|jobs)")
    predict = caseless(r"\b(?:will|is expected to|are expected to|expected to|is set to|are set to|plans? to|"
                       r"forecasts?|predicts?|projected to|is likely to|are likely to|would likely)\b")
    opinion = caseless(r"\b(?:tragically|unfortunately|fortunately|clearly|surely|arguably|we believe|"
                       r"in my view|best|worst|should|must)\b")
    quote = re.compile(r"[“\"]")

    def old_kind(text: str, attributed: bool) -> str:
        if attributed and quote.search(text):
            return "quote"
        if stat.search(text):
            return "statistic"
        if predict.search(text):
            return "prediction"
        if opinion.search(text) and not number.search(text) and not attributed:
            return "opinion"
        return "event"

    texts = _texts([*_words_of(features._NUMBER_WORDS), "twenty-5", "one of", "one thing", "3,000 people", ",5 homes",
                    "1.2.3 km", "5 jobs", "per cent", "million", "will", "plans to", "is set to", "should", "best",
                    "in my view", "we believe", "ones", "wills"], 5000)
    _same_answers(old_figures, features.figures, texts)
    _same_answers(lambda t: (old_kind(t, False), old_kind(t, True)),
                  lambda t: (claims._kind(t, False), claims._kind(t, True)), texts)


def test_has_name_is_whether_names_finds_one() -> None:
    texts = _texts(["The", "the", "He", "Mr", "Gordon", "It's", "O'Neil", "Ortiz.", "’s", "said", "And"], 3000)
    _same_answers(lambda t: bool(features.names(t)), features.has_name, texts)


def test_durations_read_only_where_their_words_are_as_everywhere() -> None:
    """The word prefilters of read_durations hide nothing: the same mentions as the patterns searched everywhere."""
    def everywhere(text: str) -> list[durations.DurationMention]:
        saved = durations._NEEDS
        durations._NEEDS = {k: ("",) for k in saved}  # "" is found in every window
        try:
            return durations.read_durations(text)
        finally:
            durations._NEEDS = saved

    texts = _texts(["for", "in", "the past", "two", "years", "decades", "a few", "months", "century", "centuries",
                    "weeks", "ago", "since", "Since", "1990", "its", "third", "2nd", "anniversary", "season", "birthday",
                    "nearly", "AGO", "YEARS"], 4000)
    _same_answers(everywhere, durations.read_durations, texts)


def test_age_patterns_as_first_written_and_the_words_their_matches_hold() -> None:
    """ages._NAME opens on its first capital (same matches as `(?:_CAP\\s+){0,3}_CAP`), and every match of a pattern
    holds the text read_ages looks for before searching it ('-year-old', '(', 'orn')."""
    first = rf"(?P<name>(?:{ages._CAP}\s+){{0,3}}{ages._CAP})"
    words = ["Dana", "Ortiz", "Mc", "Donald", "Smith's", "Smith’s", ", ", "45", "(45)", "(aged 7)", "who is now 30",
             "aged", "the", "a", "twenty-one", "-year-old", "his", "The", "born in", "Born", "1970", "May", "man"]
    texts = _texts(words, 4000)
    for pattern in (ages._AFTER_NAME, ages._PAREN, ages._NAME_THE_AGE):
        _same_matches(re.compile(pattern.pattern.replace(ages._NAME, first)), pattern, texts)
    for pattern, held in ((ages._PAREN, "("), (ages._NAME_THE_AGE, "-year-old"), (ages._AGE_BEFORE_NAME, "-year-old"),
                          (ages._DESCRIPTIVE, "-year-old"), (ages._BORN, "orn")):
        assert all(held in m.group(0) for t in texts for m in pattern.finditer(t))


def test_date_patterns_hold_what_the_readers_look_for_first() -> None:
    """find_dates and read_days search a pattern only where the window holds what every match of it holds."""
    words = ["Monday", "Tue.", "Sunday, ", "June", "Sept.", "May", "Jan", "1", "21st", "of", "the", "2025", ", 2019",
             "2025-06-01", "T10", "earlier", "later", "on", "in the day on", "today", "Today", "this morning",
             "yesterday evening", "the day before yesterday", "last night", "tonight", "last", "next", "’s", "night"]
    texts = _texts(words, 5000)
    held: list[tuple[Any, Callable[[str], bool]]] = [
        (dates._MDY, lambda m: bool(dates._DAY_HINT_MONTHS.search(m))),
        (dates._DMY, lambda m: bool(dates._DAY_HINT_MONTHS.search(m))),
        (dates._ISO, lambda m: bool(dates._DAY_HINT_ISO.search(m))),
        (dates._SAME_DAY_RE, lambda m: "earlier" in m or "later" in m),
        (dates._RELATIVE_RE, lambda m: any(w in m.lower() for w in dates._RELATIVE_NEEDS)),
        (dates._WEEKDAY_RE, lambda m: "day" in m),
    ]
    for pattern, holds in held:
        assert [m.group(0) for t in texts for m in pattern.finditer(t) if not holds(m.group(0))] == []
