"""Facts a paraphrase must keep (issue 14): what happened to a figure, whom a slot word names, and words the
stemmer must keep apart. Small articles of our own; each test fails on the verifier before its fix."""

from __future__ import annotations

from app.document import Document
from app.document.source import SourceDocument
from app.verify import verify_offline
from app.verify.judge import repeated
from app.verify.text import stem, tokens

STORM = """Storm brings down power lines

High winds tore through the valley towns of Brindle and Oakhurst overnight on Tuesday, bringing down power lines and
closing the coast road, the county emergency office said.

A falling tree struck a parked van in Oakhurst, injuring two people and damaging a shop front. Crews had restored
power to most homes by Wednesday morning.
"""

CUP = """Rovers look ahead to the final

Harbourside Rovers were beaten by Millbrook Athletic in last month's league game, but have the chance to lift a
trophy when they face Castleton in the Shield final on 14 May.
"""

COUNCIL = """Council budget agreed

The council agreed on Monday to spend £2.1 million more on care for elderly residents next year, paid for by cutting
the budget for road repairs.
"""


def _one(statement: str, text: str) -> tuple[str, str]:
    result = verify_offline([statement], [SourceDocument("article", Document(text))])[0]
    return result.label, result.rationale


def test_what_happened_to_a_figure_is_a_fact_of_the_statement():
    # the source's "two people" were injured: "killing two people" is not borne out, and the rationale
    # quotes the source's verb with its span
    label, rationale = _one("A falling tree struck a parked van in Oakhurst, killing two people.", STORM)
    assert label != "supported"
    assert "injuring two" in rationale and "characters" in rationale
    # the source's own verb, or a synonym of it, is still supported
    assert _one("A falling tree struck a parked van in Oakhurst, injuring two people.", STORM)[0] == "supported"
    assert _one("A falling tree struck a parked van in Oakhurst, wounding two people.", STORM)[0] == "supported"


def test_only_the_first_name_after_a_slot_word_fills_it():
    # "face Castleton in the Shield final": a statement naming another opponent names the wrong one, even
    # though that name ("Millbrook") and the final's name ("Shield") stand in the same sentence
    label, rationale = _one("Harbourside Rovers will face Millbrook in the Shield final on 14 May.", CUP)
    assert label == "contradicted" and "Castleton" in rationale
    assert _one("Harbourside Rovers will face Castleton in the Shield final on 14 May.", CUP)[0] == "supported"


def test_short_words_that_a_crude_stemmer_would_merge_are_kept_apart():
    assert stem("care") != stem("car")
    assert stem("cared") == stem("caring") == stem("care")
    assert stem("cars") == stem("car")
    assert _one("The council agreed to spend £2.1 million more on cars for elderly residents next year.",
                COUNCIL)[0] != "supported"
    assert _one("The council agreed to spend £2.1 million more on care for elderly residents next year.",
                COUNCIL)[0] == "supported"


FERRY = """Ferry talks to resume in Portmallow

Ms Varga's call for talks in Portmallow was welcomed by the Kestrian side on Tuesday.

Officials said any agreement would need approval by both parliaments. Ms Varga's brother lives in Dunbridge.
"""


def test_a_name_that_owns_the_statements_own_act_is_its_doer():
    # "Varga's call for talks" is Varga calling for talks
    assert _one("Varga called for talks in Portmallow.", FERRY)[0] == "supported"
    # "Varga's brother lives in Dunbridge" is not Varga living there
    assert _one("Varga lives in Dunbridge.", FERRY)[0] != "supported"


VISIT = """Minister cancels plant visit

The energy minister has cancelled a trip to the Corran Bay plant on Friday after the regulator's comments.
"""


def test_called_off_is_cancelling_not_calling_for():
    assert {t.stem for t in tokens("He called off the trip")} >= {stem("cancelled")}
    assert stem("proposed") not in {t.stem for t in tokens("He called off the trip")}
    assert _one("The energy minister called off a Friday trip to the Corran Bay plant.", VISIT)[0] == "supported"


SENTENCE = """Man jailed for harassment

Deacon, of Millbrae, was jailed for 16 weeks and had previously been found guilty of harassment after a trial.
As well as being jailed, he was banned indefinitely from contacting his former partner.
"""


def test_a_verb_is_no_other_value_of_a_noun_slot():
    # "jailed" (a verb) does not fill the slot "prison" with another kind of institution
    label = _one("As well as a 16-week prison term, Deacon was banned indefinitely from contacting his former "
                 "partner.", SENTENCE)[0]
    assert label != "contradicted"


DERBY = """Wanderers focus on the derby

Coach Ilse Brandt has told her players to forget Saturday's 2-0 win in the Breton capital and think only of
Sunday's derby against Harrow Vale.

Wanderers beat Stade Kermor in Rennes to reach the last eight.
"""


def test_a_place_or_opponent_the_article_names_elsewhere_may_be_said_in_other_words():
    # the passage says "the Breton capital"; the article names Rennes elsewhere
    assert _one("Brandt told her players to forget Saturday's win in Rennes and think of the derby against "
                "Harrow Vale.", DERBY)[0] == "supported"
    # who did it is checked by name: a subject the passage does not name is not borne out
    assert _one("Kermor told her players to forget Saturday's win and focus on the derby against Harrow Vale.",
                DERBY)[0] != "supported"


CAREER = """Winger signs for Sharks

His record in the semi-professional league was remarkable - 143 tries in 158 appearances - and the club's coach says
he will be given freedom to attack.
"""


def test_the_same_exact_figure_may_count_its_thing_in_other_words():
    # "158 matches" where the source says "158 appearances": the noun is the source's in other words
    assert _one("His record in the semi-professional league was 143 tries in 158 matches.", CAREER)[0] == "supported"
    # another figure is still no match, and a figure the passage gives for a noun the statement uses is
    # not moved to another noun
    assert _one("His record in the semi-professional league was 143 tries in 168 matches.", CAREER)[0] != "supported"
    assert _one("His record in the semi-professional league was 158 tries in 143 matches.", CAREER)[0] != "supported"


PRIZE = """Painter wins the Harwick prize

Ruth Alder has won this year's Harwick painting prize, the judges announced on Saturday, for a canvas of the Isle of
Skerra at dusk. The chicken farm she painted last year was shortlisted.
"""


def test_a_statement_that_says_a_phrase_twice_in_a_row_is_not_judged():
    label, rationale = _one("Ruth Alder has won this year's Harwick painting painting prize.", PRIZE)
    assert label == "not_found" and "twice" in rationale and "painting painting" in rationale
    assert _one("Ruth Alder painted the Isle of Isle of Skerra at dusk.", PRIZE)[0] == "not_found"
    assert repeated("The judges called it “bold” and “bold”, the chair said.") is not None
    # English says some things twice on purpose, and a name may repeat itself
    assert repeated("More and more visitors came, and the queues grew longer and longer.") is None
    assert repeated("She moved to New York, New York in 2010.") is None
    assert _one("Ruth Alder has won this year's Harwick painting prize.", PRIZE)[0] == "supported"


PUNISHED = """Club punished after abandoned match

Dunmore have been hit with a stadium ban following the abandonment of Saturday's cup tie against Kelso Rovers.
"""


def test_a_negative_verb_used_as_a_noun_denies_nothing():
    # "a stadium ban following the abandonment": the ban is a noun; the tie was abandoned
    assert _one("Dunmore were given a stadium ban after Saturday's abandoned cup tie against Kelso Rovers.",
                PUNISHED)[0] != "contradicted"
    assert _one("Dunmore were given a stadium ban after Saturday's cup tie against Kelso Rovers was not abandoned.",
                PUNISHED)[0] != "supported"
