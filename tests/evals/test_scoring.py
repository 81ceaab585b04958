"""The scorers, on hand-made responses (plain dicts) against a fixture file."""

from __future__ import annotations

from pathlib import Path

import pytest

from app import stats
from app.evals import scoring
from app.evals.fixtures import Fixture, load_fixture

DATA = Path(__file__).resolve().parent / "data" / "mini"


@pytest.fixture(scope="module")
def ferry() -> Fixture:
    return load_fixture(DATA / "northport-ferry.yaml")


def span(text: str, quote: str, shift: int = 0, grow: int = 0) -> dict:
    """A span dict over `quote`, moved by `shift` and lengthened by `grow` characters."""
    start = text.index(quote) + shift
    end = start + len(quote) + grow
    return {"start": start, "end": end, "text": text[start:end]}


def claim(text: str, quote: str, speaker: str | None = None, **kw) -> dict:
    return {"id": "c", "text": quote, "span": span(text, quote, **kw), "speaker": speaker, "type": "event",
            "sentence_id": 0, "checkworthy": 0.5}


def flag(text: str, a: str, b: str) -> dict:
    return {"id": "x", "type": "numeric", "a": {"spans": [span(text, a)]}, "b": {"spans": [span(text, b)]},
            "explanation": "", "confidence": 0.5, "found_by": "test"}


def perfect(fx: Fixture) -> dict:
    t = fx.text
    return {
        "document": {"sha256": "", "sentences": 9},
        "summary": {"text": "The Northport ferry is back: 212 passengers rode the first crossing, harbour master "
                            "Ines Costa said.", "key_points": []},
        "claims": [claim(t, c.quote, c.speaker) for c in fx.claims],
        "contradictions": [flag(t, "The ferry first sailed in 1998", "its 30th year of service")],
        "meta": {"engine": "offline"},
    }


def test_perfect_response_scores_full_marks(ferry):
    score = scoring.score_fixture(ferry, perfect(ferry), ["supported", "contradicted", "not_found"], 120)
    x, c, s, v = score.contradictions, score.claims, score.summary, score.verify
    assert (x.tp, x.fp, x.fn) == (1, 0, 0)
    assert c.recall == 1.0 and c.speaker_accuracy == 1.0 and c.ungrounded == 0 and c.leaked == 0
    assert s.coverage == 1.0 and not s.over_length and s.invented_numbers == [] and s.leaks == []
    assert v is not None and v.balanced_accuracy == 1.0 and v.correct == 3
    assert score.knowledge_errors is None  # not scored: the public Claim carries no verdict


def test_empty_response_scores_nothing(ferry):
    score = scoring.score_fixture(ferry, {"claims": [], "contradictions": [], "summary": None}, None, 120)
    x, c, s = score.contradictions, score.claims, score.summary
    assert (x.tp, x.fp, x.fn) == (0, 0, 1)
    assert x.missed == [{"id": "X1", "type": "numeric", "a": ["The ferry first sailed in 1998"],
                            "b": ["its 30th year of service"]}]
    assert c.recall == 0.0 and c.speaker_accuracy is None and c.missed == ["C1", "C2", "C3", "C4"]
    assert s.coverage == 0.0 and not s.present
    assert score.verify is None


def test_a_failed_call_scores_as_an_empty_response(ferry):
    assert scoring.score_fixture(ferry, None, None, 120).claims.hit == 0


def test_off_by_one_spans(ferry):
    t, quote = ferry.text, ferry.claims[1].quote  # "The first crossing carried 212 passengers"
    gold = [{"id": "C2", "span": scoring.locate(t, quote), "speaker": None}]
    just_after = claim(t, quote, shift=len(quote), grow=-len(quote) + 5)  # starts where the quote ends
    just_before = claim(t, quote, shift=-5, grow=-len(quote))            # ends where the quote starts
    last_char = claim(t, quote, shift=len(quote) - 1, grow=-len(quote) + 5)  # shares one character
    assert scoring.score_claims([just_after, just_before], gold, t).hit == 0
    assert scoring.score_claims([last_char], gold, t).hit == 1


def test_a_span_over_the_whole_article_hits_nothing(ferry):
    t = ferry.text
    assert len(t) > scoring.MAX_HIT_CHARS
    whole = {"id": "c", "text": "everything", "span": {"start": 0, "end": len(t), "text": t}, "speaker": None}
    gold = [{"id": c.id, "span": scoring.locate(t, c.quote), "speaker": c.speaker} for c in ferry.claims]
    result = scoring.score_claims([whole], gold, t)
    assert result.hit == 0 and result.ungrounded == 0
    x = scoring.score_contradictions(
        [{"a": {"spans": [whole["span"]]}, "b": {"spans": [whole["span"]]}}],
        [{"id": "X1", "a": [scoring.locate(t, "1998")], "b": [scoring.locate(t, "30th")]}], [])
    assert (x.tp, x.fp) == (0, 1)


def test_the_600_character_limit_is_inclusive():
    assert scoring.hits((0, 600), (599, 700))
    assert not scoring.hits((0, 601), (599, 700))
    assert not scoring.hits(None, (0, 10)) and not scoring.hits((0, 10), None)


def test_a_claim_whose_span_text_does_not_match_is_ungrounded(ferry):
    t = ferry.text
    good = claim(t, ferry.claims[1].quote)
    wrong_text = claim(t, ferry.claims[1].quote)
    wrong_text["span"] = {**wrong_text["span"], "text": "The first crossing carried 300 passengers"}
    no_span = {"id": "c3", "text": "a claim", "span": None}
    past_the_end = {"id": "c4", "text": "x", "span": {"start": len(t) - 2, "end": len(t) + 5, "text": t[-2:]}}
    result = scoring.score_claims([good, wrong_text, no_span, past_the_end], [], t)
    assert result.ungrounded == 3 and result.ungrounded_claims == [1, 2, 3]


def test_a_contradiction_on_a_tolerated_passage_is_not_a_false_positive(ferry):
    t = ferry.text
    odd = flag(t, "four times a day until October", "twice a day in winter")
    unrelated = flag(t, "$14 million", "$6 for adults")
    response = {**perfect(ferry), "contradictions": [odd]}
    x = scoring.score_fixture(ferry, response, None, 120).contradictions
    assert (x.tp, x.fp, x.fn, x.tolerated) == (0, 0, 1, 1)
    response["contradictions"] = [odd, unrelated]
    x = scoring.score_fixture(ferry, response, None, 120).contradictions
    assert x.fp == 1 and x.false_positives[0]["a"] == ["$14 million"]


def test_matching_is_one_to_one_and_either_way_round(ferry):
    t = ferry.text
    gold = [{"id": "X1", "a": [scoring.locate(t, "1998")], "b": [scoring.locate(t, "30th")]},
            {"id": "X2", "a": [scoring.locate(t, "1998")], "b": [scoring.locate(t, "$14 million")]}]
    reversed_x1 = flag(t, "30th", "1998")
    both = {"a": {"spans": [span(t, "1998")]}, "b": {"spans": [span(t, "30th"), span(t, "$14 million")]}}
    # the first flag could take X1 or X2; the maximum matching gives X1 to the second flag and X2 to it
    x = scoring.score_contradictions([both, reversed_x1], gold, [])
    assert (x.tp, x.fp, x.fn) == (2, 0, 0)
    x = scoring.score_contradictions([reversed_x1, flag(t, "1998", "30th")], gold, [])
    assert (x.tp, x.fp, x.fn, x.duplicates) == (1, 1, 1, 1)


def test_a_false_alarm_is_any_false_positive_on_a_clean_control():
    bakery = load_fixture(DATA / "bakery-award.yaml")
    t = bakery.text
    response = {"claims": [], "contradictions": [flag(t, "founded in 2010", "third year running")], "summary": None}
    score = scoring.score_fixture(bakery, response, None, 120)
    assert score.contradictions.false_alarm and score.contradictions.fp == 1
    clean = scoring.score_fixture(bakery, {**response, "contradictions": []}, None, 120)
    totals = scoring.totals([score, clean], [{"error": None}, {"error": None}])
    assert totals["contradictions"]["false_alarm_rate"] == 0.5
    assert totals["contradictions"]["precision"] == 0.0 and totals["contradictions"]["recall"] is None


def test_speaker_is_judged_on_the_claim_that_overlaps_most(ferry):
    t = ferry.text
    quote = ferry.claims[2].quote  # Ines Costa's quote
    gold = [{"id": "C3", "span": scoring.locate(t, quote), "speaker": "Ines Costa"}]
    small = claim(t, "harbour master Ines Costa", "Tom Reyes")
    large = claim(t, quote, "Ms. Costa")
    assert scoring.score_claims([small, large], gold, t).speaker_accuracy == 1.0
    assert scoring.score_claims([claim(t, quote, "Tom Reyes"), small], gold, t).speaker_accuracy == 0.0


@pytest.mark.parametrize(("gold", "predicted", "same"), [
    ("Vladimir Putin", "Mr. Putin", True),
    ("Vladimir Putin", "putin", True),
    ("Putin", "President Vladimir Putin", True),
    ("the harbour authority", "Northport harbour authority", True),
    ("Ukraine", "Ukraine's foreign ministry", True),
    ("Ines Costa", "Tom Reyes", False),
    ("Ines Costa", None, False),
    ("Ng", "Young", False),
])
def test_same_speaker(gold, predicted, same):
    assert scoring.same_speaker(gold, predicted) is same


def test_leakage_by_boilerplate_line_or_leak_term(ferry):
    t = ferry.text
    lines = [s for line in ferry.boilerplate for s in scoring.line_spans(t, line)]
    assert [t[s:e] for s, e in lines] == ["Share", "READ MORE: Airport Expansion Delayed Again"]
    on_furniture = claim(t, "READ MORE: Airport")
    by_term = {**claim(t, ferry.claims[0].quote), "text": "The airport ferry resumed service."}
    clean = claim(t, ferry.claims[0].quote)
    result = scoring.score_claims([on_furniture, by_term, clean], [], t, lines, ferry.leak_terms)
    assert result.leaked_claims == [0, 1]


def test_summary_length_leaks_and_invented_numbers(ferry):
    summary = {"text": "The ferry returned after a pause; 212 passengers and 1,300 cars crossed. Airport news. "
                       "It cost $14 million."}
    s = scoring.score_summary(summary, [{"id": "K", "must": [["FERRY"], ["resum", "return"]]}], ferry.text,
                              10, ferry.leak_terms)
    assert s.coverage == 1.0
    assert s.invented_numbers == ["1300"]
    assert s.leaks == ["Airport"] and s.over_length and s.words == 18


def test_numbers_fold_thousands_separators():
    assert scoring.numbers("412,000 items, 3.5 percent, 2,5 and 1998.") == {"412000", "3.5", "2.5", "1998"}


def test_key_point_needs_every_group():
    assert scoring.covered("Putin offered talks in Istanbul", [["Putin", "Kremlin"], ["Istanbul"], ["talk"]])
    assert not scoring.covered("Putin offered talks", [["Putin"], ["Istanbul"]])
    assert scoring.covered("Erdoğan’s offer", [["Erdoğan's"]])  # typographic apostrophes fold


def test_verify_balanced_accuracy_and_confusion():
    gold = ["supported", "supported", "contradicted", "not_found"]
    v = scoring.score_verify(gold, ["supported", "not_found", "not_found", None])
    # supported: 1 of 2 right; not supported: 2 of 2 judged not supported, but the failed call counts wrong
    assert v.supported_recall == 0.5 and v.not_supported_recall == 0.5 and v.balanced_accuracy == 0.5
    assert v.confusion["contradicted"]["not_found"] == 1 and v.confusion["supported"]["supported"] == 1
    assert v.correct == 1


def test_html_quotes_are_looked_up_in_the_extracted_text():
    museum = load_fixture(DATA / "museum-roof.yaml")
    extracted = ("City Museum Closes for Roof Repairs\n\nThe City Museum will close for six months from May 1 so "
                 "that its leaking roof can be replaced, the director said.\n\nThe repairs will cost €3.2 million.")
    quote = "The repairs will cost €3.2 million"
    response = {"document": {"text": extracted}, "claims": [claim(extracted, quote)], "contradictions": []}
    score = scoring.score_fixture(museum, response, None, 120)
    assert score.claims.hit == 1 and score.claims.missed == ["C1", "C2", "C4"]
    # C1 is found (the page's no-break space is a space here); C2, C4 and both sides of X1 were lost
    assert len(score.lost_quotes) == 4
    assert "Councillor Mark Evans said the council had approved the money unanimously." in score.lost_quotes
    assert score.contradictions.fn == 1
    assert score.summary.max_words == 10


def test_totals_are_micro_averages(ferry):
    full = scoring.score_fixture(ferry, perfect(ferry), ["supported", "contradicted", "not_found"], 120)
    empty = scoring.score_fixture(ferry, {}, [None, None, None], 120)
    t = scoring.totals([full, empty], [{"error": None, "seconds": 1.0, "schema_valid": True, "input_tokens": 10},
                                       {"error": "UpstreamError: x", "seconds": None}])
    assert t["claims"]["recall"] == 0.5 and t["claims"]["hit"] == 4
    assert t["contradictions"]["precision"] == 1.0 and t["contradictions"]["recall"] == 0.5
    assert t["contradictions"]["f1"] == 0.6667
    assert t["summary"]["key_point_coverage"] == 0.5
    assert t["verify"]["balanced_accuracy"] == 0.5 and t["verify"]["statements"] == 6
    assert t["run"]["ok"] == 1 and t["run"]["errors"] == 1 and t["run"]["input_tokens_per_article"] == 5.0


def test_a_contradiction_quoting_furniture_is_counted_as_leaked(ferry):
    t = ferry.text
    lines = [s for line in ferry.boilerplate for s in scoring.line_spans(t, line)]
    on_promo = flag(t, "READ MORE: Airport Expansion", "$14 million")
    x = scoring.score_contradictions([on_promo, flag(t, "1998", "30th")], [], [], lines)
    assert x.leaked == 1 and x.fp == 2


def test_balanced_accuracy_is_the_mean_recall_of_the_sides_that_have_items():
    assert stats.balanced_accuracy(1, 2, 3, 4) == 0.625
    assert stats.balanced_accuracy(2, 2, 0, 0) == 1.0  # no negatives: the positives' recall alone
    assert stats.balanced_accuracy(0, 0, 0, 0) is None


def test_the_report_shape_of_a_fixture_score(ferry):
    score = scoring.score_fixture(ferry, perfect(ferry), None, 120).as_dict()
    assert list(score) == ["id", "html", "clean_control", "lost_quotes", "contradictions", "claims", "summary",
                           "knowledge_errors", "verify"]
    assert score["contradictions"]["matched"] == {"x": "X1"} and score["verify"] is None
