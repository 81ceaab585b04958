"""Numbers as news writes them (app.facts.numbers): the forms read, with their values, and the ones that are not."""

from __future__ import annotations

import pytest

from app.facts.numbers import NumberMention, fmt, fmt_money, read_numbers, words_value


def one(text: str) -> NumberMention:
    found = read_numbers(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize(("text", "printed", "value"), [
    ("exports of 934,000 tonnes", "934,000", 934_000),
    ("exports of 816 000 tonnes", "816 000", 816_000),           # space grouping
    ("exports of 816\u00a0000 tonnes", "816\u00a0000", 816_000),  # no-break space
    ("exports of 816\u2009000 tonnes", "816\u2009000", 816_000),  # thin space
    ("exports of 1 234 567 tonnes", "1 234 567", 1_234_567),
    ("a rate of 12.4", "12.4", 12.4),
    ("Sixteen men were shown", "Sixteen", 16),
    ("twenty-five people", "twenty-five", 25),
    ("a hundred and ten homes", "a hundred and ten", 110),
    ("two thousand fans", "two thousand", 2000),
    ("a dozen eggs", "a dozen", 12),
    ("1.2 million people", "1.2 million", 1_200_000),
])
def test_counts(text: str, printed: str, value: float) -> None:
    n = one(text)
    assert (n.text, n.value, n.kind) == (printed, value, "number")


@pytest.mark.parametrize(("text", "value", "currency"), [
    ("will cost £14.2 million", 14_200_000, "GBP"),
    ("a £48m budget", 48_000_000, "GBP"),
    ("a $1.2 billion deal", 1_200_000_000, "USD"),
    ("worth 12.4 million euros", 12_400_000, "EUR"),
    ("a US$5bn fund", 5_000_000_000, "USD"),
    ("up to 50p a litre", 0.5, "GBP"),
    ("€4bn", 4_000_000_000, "EUR"),
])
def test_money(text: str, value: float, currency: str) -> None:
    n = one(text)
    assert (n.kind, n.value, n.currency) == ("money", value, currency)


@pytest.mark.parametrize(("text", "value"), [
    ("One in five restaurants", 0.2), ("1 in 4 adults", 0.25), ("four out of five voters", 0.8),
    ("a third of the cost", 1 / 3), ("two-thirds of members", 2 / 3), ("three quarters of voters", 0.75),
    ("half of them", 0.5),
])
def test_shares(text: str, value: float) -> None:
    n = one(text)
    assert n.kind == "share" and n.value == pytest.approx(value)


@pytest.mark.parametrize(("text", "value", "unit"), [
    ("about 40% of", 40, "percent"), ("40 per cent", 40, "percent"), ("40 percent", 40, "percent"),
    ("3 percentage points", 3, "pp"),
])
def test_percentages(text: str, value: float, unit: str) -> None:
    n = one(text)
    assert (n.kind, n.value, n.unit) == ("percent", value, unit)


@pytest.mark.parametrize(("text", "low", "high", "kind"), [
    ("five to six people", 5, 6, "number"), ("5-6 years", 5, 6, "number"), ("two or three", 2, 3, "number"),
    ("between 80 and 90 per cent", 80, 90, "percent"), ("80 to 90 percent", 80, 90, "percent"),
    ("£5m to £6m", 5e6, 6e6, "money"), ("in 2012-13", 2012, 2013, "year"), ("the late 1980s", 1986, 1989, "year"),
    ("dozens of people", 24, 144, "number"),
])
def test_ranges(text: str, low: float, high: float, kind: str) -> None:
    n = one(text)
    assert (n.low, n.high, n.kind, n.is_range) == (low, high, kind, True)


@pytest.mark.parametrize(("text", "hedge", "bound"), [
    ("about 1,200 residents", "about", "approx"), ("at least 30 people", "at least", "min"),
    ("more than 1,000 victims", "more than", "min"), ("up to 20kg", "up to", "max"),
    ("nearly 70 years", "nearly", "max"), ("an estimated 5,000", "an estimated", "approx"),
    ("30-odd players", "odd", "approx"), ("40-plus", "plus", "min"), ("12 or so", "or so", "approx"),
])
def test_hedges(text: str, hedge: str, bound: str) -> None:
    n = one(text)
    assert (n.hedge, n.bound) == (hedge, bound)


def test_a_hedge_opens_the_interval() -> None:
    assert one("at least 30").interval() == (30, float("inf"))
    assert one("exactly 30").interval() == (30, 30)
    lo, hi = one("about 100").interval(0.1)
    assert lo == pytest.approx(90) and hi == pytest.approx(110)


@pytest.mark.parametrize(("text", "first", "second"), [
    ("Rangers won 2-1 at home", 2, 1), ("quick tries made it 24-10", 24, 10), ("the 1-1 draw", 1, 1),
    ("a goalless draw with Kilmarnock", 0, 0),
])
def test_scores(text: str, first: float, second: float) -> None:
    n = one(text)
    assert (n.kind, n.value, n.second) == ("score", first, second)


def test_units_and_years() -> None:
    assert one("20kg").unit == "kg"
    assert one("375 sq km").unit == "km2"
    assert one("shot three times").unit == "times"
    assert one("shot twice").value == 2
    assert one("in 1991").kind == "year"
    assert one("the 21st century").kind == "ordinal"
    assert one("third-placed Valencia").kind == "ordinal"


@pytest.mark.parametrize("text", [
    "no one came", "a man said", "Someone left", "May 1 500", "the halfway line", "anyone", "an attack",
])
def test_not_numbers(text: str) -> None:
    assert [n for n in read_numbers(text) if n.kind != "year" and n.value != 1] == []
    assert all(n.text != "1 500" for n in read_numbers(text))


def test_a_change_is_two_numbers_not_a_range() -> None:
    values = [n.value for n in read_numbers("rose from 80 to 100")]
    assert values == [80, 100] and not any(n.is_range for n in read_numbers("rose from 80 to 100"))


def test_votes_are_two_numbers() -> None:
    assert [n.value for n in read_numbers("voted 8 to 4")] == [8, 4]


def test_offsets_index_the_text_given() -> None:
    text = "Prefix. Exports: 816 000 tonnes."
    (n,) = read_numbers(text, 8)
    assert text[n.start:n.end] == "816 000"


def test_words_value() -> None:
    assert words_value("ninety-nine") == 99
    assert words_value("three hundred thousand") == 300_000
    assert words_value("five six") is None
    assert words_value("apple") is None


def test_formatting() -> None:
    assert fmt(20000) == "20,000" and fmt(12.5) == "12.5"
    # past 2**53 a float's exact value has digits nobody wrote: print its shortest decimal form instead
    assert fmt(1e30) == "1" + ",000" * 10
    assert fmt(12345678901234567890.0) == "12,345,678,901,234,567,000"
    assert fmt(-3.0) == "-3" and fmt(0.25) == "0.25"
    assert fmt_money(14_200_000, "GBP") == "£14.2 million"


def test_space_grouped_figures_in_a_change_over_fiscal_years() -> None:
    # the kind of shared/cases F18: space grouping, fiscal-year ranges, a change that is not a range
    text = "Grain shipments rose from 512 000 tonnes in 2018–19 to 604 000 tonnes in 2019–20."
    found = [(n.text, n.kind, n.low, n.high) for n in read_numbers(text)]
    assert found == [("512 000", "number", 512_000, 512_000), ("2018–19", "year", 2018, 2019),
                     ("604 000", "number", 604_000, 604_000), ("2019–20", "year", 2019, 2020)]


def test_a_list_of_percentages_against_a_range() -> None:
    # the kind of shared/cases F20: every figure of a list lies inside "between 70 and 80 percent"
    (rng,) = read_numbers("between 70 and 80 percent")
    figures = [n for n in read_numbers("71 percent, 74.5 percent and 79 percent") if n.kind == "percent"]
    assert len(figures) == 3 and all(rng.low <= n.value <= rng.high for n in figures)
    assert not any(rng.low <= n.value <= rng.high for n in read_numbers("above 90 percent"))


def test_figures_past_a_float_keep_their_digits() -> None:
    from decimal import Decimal

    from app.facts.numbers import FLOAT_MAX, exactly_apart, fmt_figure

    huge = one("a debt of " + "1" + "0" * 400 + " pounds")
    assert huge.kind == "money" and huge.value == FLOAT_MAX and huge.figure == Decimal(10) ** 400
    assert fmt_figure(huge) == "10,000,000,…,000 (401 digits)"
    near = one("1" + "0" * 20 + "1" + " people")
    far = one("1" + "0" * 21 + " people")
    assert near.value == far.value and exactly_apart(near, far)  # a float cannot tell them apart
    assert fmt_figure(near) == "1,000,000,000,000,000,000,001"
    assert one("£" + "1" * 20 + "m").figure == Decimal("1" * 20) * 10**6
    assert one("12.4 people").exact is None and not exactly_apart(one("about 12"), one("12"))
    assert one("9" * 5000 + " people").figure == Decimal("9" * 5000)  # past Python's 4,300-digit int limit


def test_a_count_past_a_float_is_compared_and_printed_exactly() -> None:
    from app.document import Document
    from app.facts.rules.counts import rule_counts

    def found(first: str, second: str) -> list[str]:
        doc = Document(f"A fire at the mill killed {first} people on Monday, police said. Crews worked all night. "
                       f"The fire killed {second} people, the mayor said.")
        return [f.explanation for f in rule_counts(doc)]

    big = "1" + "0" * 400
    assert found(big, big) == []
    (said,) = found(big, "15")
    assert "10,000,000,…,000 (401 digits) against 15" in said
    (said,) = found("1" + "0" * 20 + "1", "1" + "0" * 21)
    assert "1,000,000,000,000,000,000,001 against 1,000,000,000,000,000,000,000" in said
