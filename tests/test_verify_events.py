"""Facts a paraphrase must keep (issue 14): what happened to a figure, whom a slot word names, and words the
stemmer must keep apart. Small articles of our own; each test fails on the verifier before its fix."""

from __future__ import annotations

from app.document import Document
from app.document.source import SourceDocument
from app.verify import verify_offline
from app.verify.text import stem

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
