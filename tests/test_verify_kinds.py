"""Kinds of verification fault (issue 14), each with its right value, on small articles of our own."""

from __future__ import annotations

from app.document import Document
from app.document.source import SourceDocument
from app.verify import verify_offline
from app.verify.judge import split_statement
from app.verify.quantities import quantities
from app.verify.text import related, stem

SHIPPING = """Grain shipments rise again

Grain shipments through the port of Westmere rose from 612 000 tonnes in 2022–23 to 745 000 tonnes in 2023–24, the
harbour board said on Friday.

Rainfall in the four upland valleys was 71 percent, 74 percent and 78.5 percent of the long-term average, the
weather service said.
"""

MUSEUM = """Museum reopens after repairs

The Harlow Street museum reopened on Saturday after an 18-month repair of its roof.

The work was paid for by the city council, which gave £1.8 million, and a private donor who gave £400,000.

The museum director, Ines Corby, said visitor numbers had doubled since the reopening.
"""


def _one(statement: str, text: str) -> tuple[str, str]:
    result = verify_offline([statement], [SourceDocument("article", Document(text))])[0]
    return result.label, result.rationale


def test_a_figure_with_a_space_as_thousands_separator_is_read_whole():
    values = [q.value for q in quantities("rose from 612 000 tonnes to 745 000 tonnes") if q.kind == "count"]
    assert values == [612_000.0, 745_000.0]
    assert _one("Grain shipments reached 745,000 tonnes in 2023–24.", SHIPPING)[0] != "contradicted"
    assert _one("Grain shipments were 745 tonnes in 2023–24.", SHIPPING)[0] == "contradicted"


def test_a_range_holds_every_figure_inside_it_and_no_figure_outside_it():
    assert _one("Rainfall in the upland valleys was between 70 and 80 percent of the long-term average.",
                SHIPPING)[0] == "supported"
    outside = [q for q in quantities("between 80 and 90 percent")][0]
    assert (outside.value, outside.high) == (80.0, 90.0)


def test_entirely_is_a_fact_a_second_payer_contradicts():
    label, rationale = _one("The repair was paid for entirely by the city council.", MUSEUM)
    assert label == "contradicted" and "entirely" in rationale
    assert _one("The work was paid for by the city council and a private donor.", MUSEUM)[0] == "supported"


def test_a_statement_in_the_articles_own_words_is_supported():
    label, rationale = _one("The Harlow Street museum reopened on Saturday after an 18-month repair of its roof.",
                            MUSEUM)
    assert label == "supported" and "word for word" in rationale


def test_a_statement_of_several_sentences_is_supported_only_when_each_is():
    assert split_statement("the museum reopened on saturday . visitor numbers had doubled .") == [
        "the museum reopened on saturday", "visitor numbers had doubled ."]
    assert split_statement("Mr. Corby went to the U.S. embassy on Monday.") == [
        "Mr. Corby went to the U.S. embassy on Monday."]
    good = "The museum reopened on Saturday. Visitor numbers have doubled since the reopening, Ines Corby said."
    bad = "The museum reopened on Saturday. The roof repair took 30 months."
    assert _one(good, MUSEUM)[0] == "supported"
    assert _one(bad, MUSEUM)[0] != "supported"


def test_wordnet_synonyms_and_derived_forms_meet():
    assert stem("released") in related(frozenset({stem("freed")}))
    assert stem("killer") in related(frozenset({stem("kill")}))
    assert stem("rose") not in related(frozenset({stem("fell")}))


VENUES = """Town signs and ends contracts

The town signed the gardening contract on April 4, 2025. It cancelled the printing contract on July 9, 2025.

The new library cost $12 million, the town said. The refurbished pool cost $19 million.

A tonne of scrap copper can fetch up to £5,200 at auction. Prices were highest in the winter months.

The school's choir won silver at the regional festival in 2024.
"""


def test_a_verb_from_one_sentence_and_a_date_from_the_next_do_not_make_one_event():
    label, _ = _one("The town cancelled the gardening contract on April 4, 2025.", VENUES)
    assert label != "supported"
    assert _one("The town signed the gardening contract on April 4, 2025.", VENUES)[0] == "supported"


def test_a_figure_belongs_to_its_own_subject():
    assert _one("The refurbished pool cost $12 million.", VENUES)[0] == "contradicted"
    assert _one("The new library cost $12 million.", VENUES)[0] == "supported"


def test_the_same_hedge_on_both_sides_compares_the_figures():
    label, rationale = _one("A tonne of scrap copper can fetch up to £2,500 at auction.", VENUES)
    assert label == "contradicted" and "£5,200" in rationale


def test_another_member_of_a_small_closed_set_is_a_different_value():
    label, rationale = _one("The school's choir won gold at the regional festival in 2024.", VENUES)
    assert label == "contradicted" and "silver" in rationale
    assert _one("Scrap copper prices were highest in the summer months.", VENUES)[0] != "supported"


def test_all_before_a_count_restates_the_count_and_a_bound_outside_every_value_contradicts():
    assert _one("Rainfall in all four upland valleys was above 80 percent of the long-term average.",
                SHIPPING)[0] == "contradicted"


CLUB = """Club names new chief

Rovers announced on Monday that Dana Pell will leave Ashford Town to become chief executive of Rovers.
The plan to rebuild the stand was drawn up by architect Omar Vale, 41.
"""


def test_a_name_in_the_slot_of_another_is_a_swap_and_the_rationale_gives_the_sources_name_and_span():
    label, rationale = _one("Dana Pell will leave Ashford Town to become chief executive of Chelsea.", CLUB)
    assert label == "contradicted" and "“Rovers”" in rationale
    start = CLUB.index("Rovers.")
    assert f"characters {start}–{start + 6}" in rationale
    assert _one("The plan to rebuild the stand was drawn up by Paul Drury.", CLUB)[0] != "supported"
    assert _one("Dana Pell will leave Ashford Town to become chief executive of Rovers.", CLUB)[0] == "supported"


def test_a_contradicting_figure_is_quoted_with_its_span():
    label, rationale = _one("The refurbished pool cost $12 million.", VENUES)
    start = VENUES.index("$19 million")
    assert label == "contradicted" and f"“$19 million” (characters {start}–{start + 11})" in rationale


TABLE = """League round-up

Ashby remain fourth in the league table after the draw. Coach Lena Hart's brother ran the marathon in
under three hours.
"""


def test_another_ordinal_word_is_a_different_place():
    label, rationale = _one("The draw leaves Ashby fifth in the league table.", TABLE)
    assert label == "contradicted" and "fourth" in rationale


def test_a_name_used_only_as_a_possessor_is_someone_else():
    label, rationale = _one("Coach Lena Hart ran the marathon in under three hours.", TABLE)
    assert label == "not_found" and "Hart's" in rationale


LIBRARY = """Longer library hours

Weekday opening hours at the Harlow Street library will be extended from Monday, the county council said.

Councillor Iona Petrie said the change followed complaints from commuters. "A library that shuts at five is no use to
anyone with a job," she said. "From Monday it will stay open until eight every weekday and until three on Saturdays."

The flood barrier along the river was approved on Tuesday night after a long debate.

The scheme, which will cost £14.2 million, was backed by 9 votes to 4. Work starts in June.

Ferry passengers reached 6.2 million last year, up from 4.9 million in 2019.

The ferry company was founded in 1950. Its first boat was bought from a Norwegian yard.

A new terminal opened in 1998 on the north quay. The old terminal had been in use since 1911.
"""


def test_a_time_moved_to_another_case_is_contradicted():
    # the hour of the old closing time, said of the weekdays the next sentence gives another hour
    label, rationale = _one("Iona Petrie said the library would close at five on weekdays.", LIBRARY)
    assert label == "contradicted" and "“eight”" in rationale
    assert _one("The library will stay open until eight on weekdays.", LIBRARY)[0] == "supported"


def test_a_time_of_day_is_a_figure():
    assert [(q.kind, q.value) for q in quantities("it closes at 7pm")] == [("clock", 19 * 60)]
    assert [(q.kind, q.value) for q in quantities("shuts at five on weekdays")] == [("clock", 5 * 60)]
    assert [q.kind for q in quantities("at five schools")] == ["count"]
    text = "The reading room now closes at 7pm on weekdays, the library said."
    assert _one("The reading room closes at 5pm on weekdays.", text)[0] == "contradicted"
    assert _one("The reading room closes at seven on weekdays.", text)[0] == "supported"


def test_a_subject_named_in_the_sentence_before_its_back_reference_is_one_fact():
    # "The scheme, which will cost ..." opens the paragraph after the one that names the barrier
    assert _one("The barrier will cost £14.2 million.", LIBRARY)[0] == "supported"
    assert _one("The library will cost £14.2 million.", LIBRARY)[0] != "supported"


def test_a_figure_too_large_for_a_float_is_still_a_figure():
    label, rationale = _one("Work on the barrier starts in June and costs 10^400 pounds.",
                            "Work on the barrier starts in June and costs 5 pounds.")
    assert label == "contradicted" and "5 pounds" in rationale
    huge = "1" + "0" * 400
    assert _one(f"Work on the barrier costs {huge} pounds.", "Work on the barrier costs 5 pounds.")[0] \
        == "contradicted"
    assert _one(f"Work on the barrier costs {huge} pounds.", f"Work on the barrier costs {huge} pounds.")[0] \
        == "supported"


def test_the_year_after_a_figure_in_millions_is_read():
    assert [q.kind for q in quantities("up from 4.9 million in 2019")] == ["count", "year"]
    assert _one("Ferry passengers numbered 4.9 million in 2018.", LIBRARY)[0] == "contradicted"


def test_sentences_far_apart_are_never_pooled_into_one_fact():
    # "founded in 1950" and "opened ... on the north quay" are two sentences, paragraphs apart
    assert _one("The ferry company opened on the north quay in 1950.", LIBRARY)[0] != "supported"
    # the sentence after, which goes on from the first ("Its first boat"), may complete it
    assert _one("The ferry company, founded in 1950, bought its first boat from a Norwegian yard.",
                LIBRARY)[0] == "supported"


def test_an_unsaid_span_of_time_or_distance_is_a_missing_fact():
    assert [q.kind for q in quantities("for several years")] == ["duration"]
    assert _one("The old terminal had been in use for several years.",
                "The old terminal had been in use on the north quay.")[0] == "not_found"
    assert _one("The car was found a few miles from the home.", "The car was found in a pond nearby.")[0] \
        != "supported"


def test_a_general_word_meets_the_sources_specific_one_but_not_another_kind():
    text = ("Speaking to reporters, Priya Anand, who runs a bakery at the foot of the bridge, said the debate "
            "over the closure had gone on for years.")
    assert stem("store") in related(frozenset({stem("bakery")}))
    assert stem("discussion") in related(frozenset({stem("debate")}))
    assert _one("Priya Anand runs a store at the foot of the bridge.", text)[0] == "supported"
    assert _one("Priya Anand runs a hardware store at the foot of the bridge.", text)[0] != "supported"


def test_a_race_time_is_one_duration_not_three_figures():
    assert [(q.kind, q.value) for q in quantities("won in 2:21:05, her second title")] == [("duration", 8465.0)]
    text = "In the women's race, Hanna Lind won in 2:21:05, her second title in the city."
    assert _one("Fewer than 25,000 runners finished the race.", text)[0] != "supported"


COURT = """Bail granted

Lena Hartley, 31, appeared before a magistrate at Easton Magistrates Court on Monday. The magistrate said Hartley's
offer to repay the money persuaded him to grant bail.

Paris Saint-Germain were beaten 3-1 at home on Wednesday, and the club's coach said the win over Paris gave his
players belief. The council's extra spending power next year rises to £75m once its reserves are included.
"""


def test_a_name_that_opens_a_reported_clause_or_owns_the_next_word_fills_no_slot():
    # "the magistrate said Hartley's offer": Hartley is not the magistrate's court
    assert _one("The magistrate said Hartley's offer to repay the money persuaded him to grant bail.",
                COURT)[0] == "supported"


def test_initials_name_what_the_source_spells_out():
    from app.verify.judge import _acronym_of

    assert _acronym_of("PSG", "Paris Saint Germain") and _acronym_of("CPS", "Crown Prosecution Service")
    assert not _acronym_of("PSG", "Paris") and not _acronym_of("Paris", "Paris")


def test_once_before_a_clause_is_a_conjunction_not_a_count():
    assert [q.kind for q in quantities("rises to £75m once its reserves are included")] == ["money"]
    assert [q.unit for q in quantities("he was shot once in the leg") if q.kind == "count"] == ["times"]


def test_a_lead_in_points_reads_the_same_hyphenated_or_not():
    a, b = quantities("a 12-point lead")[0], quantities("12 points clear")[0]
    assert (a.kind, a.value) == (b.kind, b.value) == ("pp", 12.0)
    text = ("Harbourside stay top\n\nHarbourside beat Westfield 2-0 on Saturday and have a 12-point lead at the top "
            "of the table.\n")
    assert _one("Harbourside have a lead of 12 points at the top of the table.", text)[0] == "supported"
    assert _one("Harbourside have a lead of 15 points at the top of the table.", text)[0] == "contradicted"


def test_a_name_the_article_gives_elsewhere_may_stand_in_a_passage_that_says_all_the_rest():
    text = ("Pool plan approved\n\nHarwick council approved a new pool on Monday after a long debate about costs.\n\n"
            "Councillors heard from residents for two hours. Builders will start work in the spring. The new pool "
            "will open in June next year and cost £3 million.\n")
    assert _one("The new Harwick pool will open in June next year and cost £3 million.", text)[0] == "supported"
    # a name the source never uses is still an added fact
    assert _one("The new Kelby pool will open in June next year and cost £3 million.", text)[0] != "supported"


def test_a_figure_said_of_a_case_the_same_sentence_gives_another_figure_is_contradicted():
    # "until eight every weekday and until three on Saturdays": 8pm belongs to the weekdays
    label, rationale = _one("The library will stay open until 8pm on Saturdays.", LIBRARY)
    assert label == "contradicted" and "“three”" in rationale
    assert _one("The library will stay open until three on Saturdays.", LIBRARY)[0] == "supported"
