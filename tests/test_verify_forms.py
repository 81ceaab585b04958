"""A statement pasted in a machine's form (issue 14, FRANK per origin): tokenised spacing and no capitals are read
as the source writes them, and a place after "in" is the scope a possessive states too. Small articles of our own;
each test fails on the verifier before its fix."""

from __future__ import annotations

from app.document import Document
from app.document.source import SourceDocument
from app.verify import verify_offline
from app.verify.restore import detokenise, recase, restore

COURT = """Shopkeeper fined over ferry tickets

A shopkeeper who sold forged ferry tickets has been fined. Marta Quill, 41, of Dunmore, admitted on Tuesday three
charges of fraud at Kelby Magistrates' Court. Magistrates heard that 12 passengers had been turned away at the
harbour with her tickets.
"""

TRAINING = """Report on training places

A report says the number of training places for young people should double by 2030. Places have fallen for four
years. Westmark's colleges say they cannot meet demand.
"""


def _one(statement: str, text: str) -> tuple[str, str, str]:
    result = verify_offline([statement], [SourceDocument("article", Document(text))])[0]
    return result.label, result.rationale, result.statement


def test_a_tokenised_lower_case_statement_is_read_as_the_source_writes_it():
    # the age after the name is an age once the name has its capitals and the comma its word; it was read
    # as a count of something else and "contradicted" by the 12 passengers
    statement = "marta quill , 41 , of dunmore , admitted on tuesday three charges of fraud ."
    label, rationale, said = _one(statement, COURT)
    assert label == "supported", rationale
    assert said == statement  # the result quotes the statement as given
    # a figure the source does not give is still caught in that form
    assert _one("marta quill , 44 , of dunmore , admitted on tuesday three charges of fraud .", COURT)[0] \
        == "contradicted"


def test_restore_joins_treebank_marks_and_takes_the_sources_capitals():
    sources = [SourceDocument("article", Document(COURT))]
    assert detokenise("she said `` no '' , and he did n't ; it 's $ 5 .") == "she said \"no\", and he didn't; it's $5."
    assert recase("marta quill's tickets were sold in dunmore.", sources) == "Marta Quill's tickets were sold in Dunmore."
    # a word the source writes in lower case keeps it; a statement with any capital is left as it is
    assert recase("the shopkeeper was fined.", sources) == "The shopkeeper was fined."
    assert restore("Marta quill was fined.", sources) == "Marta quill was fined."


def test_a_place_after_in_is_the_scope_a_possessive_states_too():
    # "colleges in Westmark" are "Westmark's colleges": not "the passage speaks of Westmark's ..., not of Westmark"
    label, rationale, _ = _one("Colleges in Westmark say they cannot meet demand.", TRAINING)
    assert label == "supported", rationale


FERRY = """Ferry captain retires

Captain Ines Marlow, 63, of Port Carrow, took her last crossing on Sunday. The mother-of-three joined the ferry line
as a deckhand. Marlow was given command of the Kelby route in 2004 after the line's old captain retired.
"""


def test_a_figure_that_says_who_is_borne_out_where_the_source_describes_that_person():
    # the age set off after the name is given in the first sentence; the fact in the third
    label, rationale, _ = _one("Ines Marlow, 63, was given command of the Kelby route in 2004.", FERRY)
    assert label == "supported", rationale
    assert "characters" in rationale  # where the source gives the age
    # a changed age is found nowhere: not supported
    assert _one("Ines Marlow, 61, was given command of the Kelby route in 2004.", FERRY)[0] != "supported"
    # an age the source sets off after another name is not hers
    assert _one("Ines Marlow, 58, was given command of the Kelby route in 2004.",
                FERRY.replace("after the line's old captain retired", "after Tom Reddy, 58, retired"))[0] \
        != "supported"
    # a description word for word ("the mother-of-three"), and not a changed one
    assert _one("The mother-of-three was given command of the Kelby route in 2004.", FERRY)[0] == "supported"
    assert _one("The mother-of-four was given command of the Kelby route in 2004.", FERRY)[0] != "supported"


def test_treebank_quotes_open_and_close_without_making_a_sentence():
    # ``word''by: the closing marks join the quoted word, and the word after them starts no sentence
    assert detokenise("it was ``appalled''by reports , a `` big chance''of being") == \
        'it was "appalled" by reports, a "big chance" of being'
    assert recase('it is "appalled" by reports', []) == 'It is "appalled" by reports'


HARBOUR = """Harbour Road plans

The council approved a new cycle lane on Harbour Road on Monday after a long debate. Shopkeepers on the road
warned that the building works would cut their takings over the summer.
"""


def test_a_loose_paraphrase_is_not_pieced_together_from_two_sentences():
    # the council approved the lane, the shopkeepers warned of lost takings: a loose paraphrase that needs both
    # sentences ("Shopkeepers approved ...") was supported 0.72
    label, rationale, _ = _one("Shopkeepers approved the new cycle lane on Harbour Road, fearing a summer of lost "
                               "takings.", HARBOUR)
    assert label != "supported", rationale
    # a loose paraphrase of one sentence still is
    label, rationale, _ = _one("Local traders said that the works on the road would cut their summer takings.",
                               HARBOUR)
    assert label == "supported", rationale


PARDONS = """Pardons motion

The justice minister said she would ask the assembly to pass a motion on Tuesday to pardon men convicted under the
repealed law. Campaigners welcomed the plan.
"""


def test_a_plan_is_not_told_as_done():
    # the source asks the assembly to pass the motion: "has passed" turns a plan into a fact
    label, rationale, _ = _one("The assembly has passed a motion to pardon men convicted under the repealed law.",
                               PARDONS)
    assert label != "supported", rationale
    assert "planned" in rationale and "pass" in rationale
    # the same words as a plan are borne out, and the act once the source tells it as done
    assert _one("The minister will ask the assembly to pass a motion to pardon men convicted under the repealed law.",
                PARDONS)[0] == "supported"
    done = PARDONS.replace("said she would ask the assembly to pass", "said the assembly had passed")
    label, rationale, _ = _one("The assembly has passed a motion to pardon men convicted under the repealed law.",
                               done)
    assert label == "supported", rationale


TRUST = """Harbour talks

Mayor Lena Ortiz of Brackwater met Piet Vos, chairman of the Dunmore Harbour Trust, on Friday to discuss the winter
ferry timetable.
"""

PRIZE = """Prize for painter

Painter Ada Brun has won the Kelby Prize for her harbour series. The prize was first awarded in 1961.

The gallery that hosts the prize reopened in 2024 after a long closure.
"""


def test_names_in_the_passage_do_not_bear_out_what_is_said_of_them():
    # every name is in the sentence, but not "sued": the statement's names alone covered most of its weight
    label, rationale, _ = _one("Brackwater mayor Lena Ortiz sued Piet Vos of the Dunmore Harbour Trust.", TRUST)
    assert label != "supported", rationale
    assert "what the statement says of them" in rationale
    label, rationale, _ = _one("Brackwater mayor Lena Ortiz met Piet Vos of the Dunmore Harbour Trust.", TRUST)
    assert label == "supported", rationale


def test_a_relative_year_is_not_borne_out_by_any_printed_year():
    # "this year's" is not the 1961 of the prize's first award, in an article that speaks of 2024
    label, rationale, _ = _one("Painter Ada Brun has won this year's Kelby Prize.", PRIZE)
    assert label != "supported", rationale
    assert "this year's" in rationale
    # the article's latest year, moved by the phrase, bears it out
    dated = PRIZE.replace("won the Kelby Prize", "won the 2024 Kelby Prize")
    label, rationale, _ = _one("Painter Ada Brun has won this year's Kelby Prize.", dated)
    assert label == "supported", rationale
    label, rationale, _ = _one("Painter Ada Brun won last year's Kelby Prize.", dated.replace("2024 Kelby", "2023 Kelby"))
    assert label == "supported", rationale


CLUB = """Defender faces ban

Harbourside defender Tomas Ek could face a lengthy ban after video footage emerged appearing to show him pushing a
steward. No more than 40 per cent of the club's members voted in the board election. Players protested after the
sacking on Monday of Managing Director Ruth Alder.
"""


def test_a_negative_word_as_a_noun_or_a_bound_denies_nothing():
    # "a lengthy ban after video footage emerged" denies neither the footage nor what it shows
    label, rationale, _ = _one("Video footage emerged appearing to show Tomas Ek pushing a steward.", CLUB)
    assert label == "supported", rationale
    # "no more than 40 per cent" bounds a figure; the members still voted
    label, rationale, _ = _one("Only 40 per cent of the club's members voted in the board election.", CLUB)
    assert label == "supported", rationale
    # a real denial still is one
    assert _one("Tomas Ek was not shown pushing a steward.", CLUB)[0] != "supported"


def test_a_name_with_its_title_is_the_same_name_in_the_slot():
    # "the sacking on Monday of Managing Director Ruth Alder" names Ruth Alder after "sacking of", with her title
    label, rationale, _ = _one("Players protested after the sacking of Ruth Alder.", CLUB)
    assert label == "supported", rationale
    assert _one("Players protested after the sacking of Anna Moss.", CLUB)[0] != "supported"


CARE = """Care homes review

Older residents of care homes in the county are being asked about their quality of life, the county's care
commissioner said on Monday.
"""


def test_who_says_it_is_a_fact_of_the_statement():
    # the statement ends by naming who says it: a watchdog the source never mentions
    label, rationale, _ = _one("Older residents of care homes are being asked about their quality of life, a "
                               "watchdog has said.", CARE)
    assert label != "supported", rationale
    assert "watchdog" in rationale
    label, rationale, _ = _one("Older residents of care homes are being asked about their quality of life, the "
                               "commissioner has said.", CARE)
    assert label == "supported", rationale


TAX = """Council tax review

The council tax has had built-in problems "from day one", the commission said. Its chair called the system "unfair
to those on low and fixed incomes".
"""


def test_words_in_quotation_marks_are_the_sources_words():
    # a quotation the source never gives ("serious problems") is not borne out by a paraphrase of it
    label, rationale, _ = _one('The council tax has had "serious problems" from day one, the commission said.', TAX)
    assert label != "supported", rationale
    assert "serious problems" in rationale
    # the source's own words, with a word left out, are
    label, rationale, _ = _one('The chair called the system "unfair to those on fixed incomes".', TAX)
    assert label == "supported", rationale
