"""Which claims the offline engine reports, how check-worthy it scores them, and that each reads alone
(issue 15)."""

from __future__ import annotations

import pytest

from app.document import Document
from app.engines.checkworthy import HAND_WEIGHTS, checkworthiness, features, score, weights
from app.engines.claims import extract_claims
from app.engines.features import quote_balance
from training.checkworthy.train import auc, calibration, own_sentences, vector


def _claims(text: str):
    return extract_claims(Document(text))


# -- check-worthiness: the kinds of sentence a fact-checker picks --------------------------------------

@pytest.mark.parametrize("text", [
    "Break-ins up 85 percent.",                                                    # a short statistic
    "Rents are rising at 9 percent.",                                              # a short statistic
    "The council spent hundreds of thousands of pounds on consultants.",           # figures in words
    "When she took office, the county faced a trillion-dollar pension gap.",       # 'trillion' in a compound
    "He has vetoed more housing bills than any mayor in the city's history.",     # a measured comparison
    "Moreno opposed the annexation of Tarvia.",                                     # a name that opens the sentence
    "He voted against school meal funding last spring.",                           # a record, no figure, no name
])
def test_sentences_a_fact_checker_would_pick_are_claims(text):
    claims = _claims(text)
    assert claims, text
    assert max(c.checkworthy for c in claims) >= 0.5


@pytest.mark.parametrize("text", [
    "It's called \"Build Harwick Better.\"",                                        # a slogan, not a quotation
    "One thing I've noticed on the trail is how long the queues are at every rally.",  # an anecdote
    "Thank you all for coming out tonight.",                                        # address
    "I believe our best days are still ahead of us.",                               # belief
    "What will the council do about the potholes?",                                 # question
])
def test_sentences_with_nothing_to_check_score_low(text):
    assert all(c.checkworthy < 0.5 for c in _claims(text))


def test_a_slogan_is_not_a_quotation_with_a_speaker():
    assert checkworthiness('It\'s called "Build Harwick Better."', attributed=False) < 0.5
    assert features('It\'s called "Build Harwick Better."')["deed"] == 0  # 'It' is nobody


def test_the_learnt_weights_beat_the_hand_weights_on_the_held_out_quarter_and_are_calibrated():
    held = [(t, y) for i, (t, y, _) in enumerate(own_sentences()) if i % 4 == 3]
    xs = [vector(t) for t, _ in held]
    ys = [y for _, y in held]
    learnt = [score(x, weights()) for x in xs]
    assert auc(learnt, ys) > auc([score(x, HAND_WEIGHTS) for x in xs], ys)
    _, table = calibration(learnt, ys)
    low = [share for rng, n, share in table if rng == "0.0-0.2"]
    high = [share for rng, n, share in table if rng == "0.8-1.0"]
    assert low and low[0] <= 0.2
    assert high and high[0] >= 0.8


# -- claims an editor can read alone ---------------------------------------------------------------

def test_a_quotation_over_two_sentences_is_one_claim_with_balanced_quotes():
    text = ('The union\'s organiser, Duncan Rennie, said crews had worked twelve-hour shifts for months. '
            '"Our members are exhausted," he said. "They are not asking for more money. '
            'They are asking to see their families."')
    claims = _claims(text)
    assert all(quote_balance(c.text) == 0 for c in claims), [c.text for c in claims]
    joined = [c for c in claims if "more money" in c.text]
    assert len(joined) == 1 and "see their families" in joined[0].text
    assert joined[0].speaker == "Duncan Rennie"


def test_a_clause_is_cut_only_where_a_clause_begins():
    text = ("Ridgeway alleges that Corland did not honour the harvest truce, while Corland insists that "
            "Ridgeway used the pause to move 4,000 troops.")
    claims = _claims(text)
    assert not any(c.text.rstrip(" ,").endswith(("while", "and", "but")) for c in claims)
    assert [c.speaker for c in claims] == ["Ridgeway", "Corland"]
    assert claims[1].text.startswith("Corland insists")


def test_no_claim_ends_on_an_appositive_fragment():
    text = ("Governor Ilsa Varga on Monday called for talks with the rail unions to be held in Harwick this "
            "Friday, a move union leader Tomas Brenner described as \u201ca first step\u201d even as he "
            "insisted that the strike would go ahead.")
    claims = _claims(text)
    assert claims
    assert not any(c.text.rstrip(" ,.").endswith("a move") for c in claims)
    assert all(quote_balance(c.text) == 0 for c in claims)
    assert "Tomas Brenner" in {c.speaker for c in claims}  # the quoted words keep their speaker



def test_a_second_speaker_inside_a_clause_gets_the_words_after_the_comma_and_no_claim_overlaps_another():
    # the two speakers' claims used to share the sentence's first clause (one span inside the other): an
    # editor's page highlighted those words twice, with two speakers
    text = ("Governor Ilsa Varga on Monday called for talks with the rail unions to be held in Harwick this "
            "Friday, a move union leader Tomas Brenner described as \u201ca first step\u201d even as he "
            "insisted that the strike would go ahead.")
    claims = _claims(text)
    assert [c.speaker for c in claims] == ["Ilsa Varga", "Tomas Brenner"]
    first, second = claims
    assert first.span.end <= second.span.start
    assert second.span.text.startswith("a move union leader Tomas Brenner") and second.span.text.endswith("ahead.")
    assert second.text == text  # read as the whole sentence: the clause alone does not say what the move was


def test_no_two_claims_of_the_bundled_articles_overlap():
    from tests.conftest import ROOT

    seen = 0
    for path in sorted((ROOT / "evals" / "fixtures").glob("*.txt")) + [ROOT / "examples" / "istanbul-talks.txt"]:
        spans = sorted((c.span.start, c.span.end) for c in _claims(path.read_text(encoding="utf-8")))
        seen += len(spans)
        for (_, end), (start, _) in zip(spans, spans[1:]):
            assert end <= start, (path.name, spans)
    assert seen > 100


def test_the_features_read_at_most_a_claims_length():
    # a 90,000-character run of opening quotation marks is read as its first 600 characters, so the
    # quotation patterns stay linear
    long = '"a ' * 30000
    assert features(long) == features(long[:600])
