"""Verification binds each fact of a statement to its own slot in the passage (issue 14): a name to the
role its preposition gives it, a place to the event the statement speaks of, a figure to its day or case."""

from __future__ import annotations

from app.document import Document
from app.document.source import SourceDocument
from app.verify import verify_offline

FERRY = """Ferry talks to resume in Portmallow

Transport Minister Odile Varga on Monday called for direct negotiations with Kestria to be held in Portmallow next
week, a move the Kestrian side described as welcome.

Officials said any agreement would need approval by both parliaments.
"""


def _label(statement: str, text: str) -> str:
    return verify_offline([statement], [SourceDocument("article", Document(text))])[0].label


def test_a_name_in_another_role_after_the_same_word_is_no_clash():
    # "negotiations with Kestria" names the counterpart, "in Portmallow" the place: "talks in Portmallow"
    # fills the place slot, which the source fills with the same name
    assert _label("Varga proposed talks in Portmallow.", FERRY) == "supported"
    # the same role with another name is still a swap
    assert _label("Varga called for negotiations with Dunbridge.", FERRY) == "contradicted"


POOL = """Town pool extends its hours

The Elmford swimming pool reopened on Tuesday after a summer of repairs costing £900,000.

The council's leisure chief, Dara Quill, said the new hours followed a survey of 1,200 residents. "From next week the
pool will stay open until nine every weekday and until five on Sundays," she said.
"""


def test_a_figure_is_the_one_the_sentence_gives_for_the_statements_day():
    # "nine" is the weekdays' closing hour; the sentence gives Sundays "five"
    assert _label("The pool will stay open until 9pm on Sundays.", POOL) == "contradicted"
    assert _label("The pool will stay open until 5pm on Sundays.", POOL) == "supported"
    assert _label("The pool will stay open until 9pm on weekdays.", POOL) == "supported"


CROSSING = """Ferry link back on the table

Transport Minister Odile Varga said she would speak on Monday with the Kestrian transport chief, Anselm Ruud, to
settle the details. Dunbridge, which lies between the two countries, has hosted several rounds of earlier
negotiations, including a fishing accord signed in 2021.

Officials said any agreement would need approval by both parliaments. The ministry said the talks in Portmallow would
open on Thursday.
"""


def test_a_place_is_bound_to_the_event_the_source_places():
    # the sentence that names Dunbridge speaks of earlier rounds, the one before it of Varga: the source
    # places these talks in Portmallow
    result = verify_offline(["Varga proposed talks in Dunbridge."], [SourceDocument("article", Document(CROSSING))])[0]
    assert result.label == "contradicted"
    assert "Portmallow" in result.rationale
    assert _label("The talks in Portmallow will open on Thursday.", CROSSING) == "supported"
    assert _label("Dunbridge has hosted earlier negotiations.", CROSSING) == "supported"
