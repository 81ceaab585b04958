"""Sources that are not a person speaking in their own name: the outlet or person a report is credited to
('according to …' after the speaker), a document's author, a person's own account, a spokesman for an
organisation named earlier. Each test stands for one kind; the texts are the project's own."""

from __future__ import annotations

from app.document import Document
from app.engines.claims import extract_claims
from tests.speakers import quotation_speaker as _speaker


def test_according_to_after_the_speaker_credits_the_outlet() -> None:
    text = ("\"We will not close the ferry this winter,\" Mayor Ilse Brandvold said, according to the Inchmore "
            "Gazette.")
    assert _speaker(text, "close the ferry") == "Inchmore Gazette"


def test_according_to_after_a_quoted_fragment_credits_the_person_who_told_it() -> None:
    text = ("Halvard Quist told the board the harbour plan was \"dead in the water,\" according to Councillor "
            "Morag Finlay.")
    assert _speaker(text, "dead in the water") == "Morag Finlay"


def test_according_to_a_transcript_leaves_the_speaker() -> None:
    text = "\"The slipway is unsafe,\" Morag Finlay said, according to a transcript of the meeting."
    assert _speaker(text, "slipway is unsafe") == "Morag Finlay"


def test_according_to_in_the_next_sentence_leaves_the_speaker() -> None:
    text = ("Halvard Quist added: \"The ferry runs late every day.\" The cause, according to the Inchmore Ferry "
            "Board, is the weather.")
    assert _speaker(text, "runs late") == "Halvard Quist"


def test_according_to_figures_from_an_organisation_after_the_quotation() -> None:
    text = "Crossings fell \"faster than anyone expected,\" according to figures from the Inchmore Ferry Board."
    assert _speaker(text, "faster than anyone") == "Inchmore Ferry Board"


def test_a_document_filed_by_a_person_is_theirs() -> None:
    text = ("\"The evidence cannot support a prosecution,\" according to a court document filed by county "
            "prosecutor Dale Ferrante.")
    assert _speaker(text, "evidence cannot") == "Dale Ferrante"


def test_a_persons_own_account_is_theirs() -> None:
    text = ("Ruth Agbaje met the developer Halvard Quist in 2019. \"I want the whole quay,\" Quist replied, "
            "according to Agbaje's account.")
    assert _speaker(text, "whole quay") == "Ruth Agbaje"


def test_a_spokesman_for_the_company_speaks_for_the_company_named() -> None:
    text = ("Harlow Freight, an operator of cargo barges, closed two depots on Monday. \"We regret the "
            "losses,\" a spokesman for the company said.")
    assert _speaker(text, "regret the") == "spokesman for Harlow Freight"


def test_a_spokesman_for_the_company_with_no_company_named_stays_unnamed() -> None:
    text = "Barge traffic fell. \"We regret the losses,\" a spokesman for the company said."
    assert _speaker(text, "regret the") == "spokesman"


def test_a_reporting_clause_that_closes_the_sentence_credits_the_outlet() -> None:
    text = ("Asked about the ferry, Mayor Ilse Brandvold said: \"There will always be exceptions,\" the Inchmore "
            "Gazette reported.")
    assert _speaker(text, "always be exceptions") == "Inchmore Gazette"


def test_a_reporting_clause_after_the_object_of_told_is_not_a_source() -> None:
    text = "\"I found the quay empty,\" Halvard Quist, 49, told the Inchmore Gazette."
    assert _speaker(text, "quay empty") == "Halvard Quist"


def test_according_to_without_a_comma_credits_a_named_outlet() -> None:
    text = ("\"The board will appeal,\" ferry spokesman Dale Ferrante said in a statement according to the "
            "Inchmore Gazette.")
    assert _speaker(text, "board will appeal") == "Inchmore Gazette"


def test_according_to_the_rules_is_a_manner_not_a_source() -> None:
    text = "\"We did everything right,\" Morag Finlay said, adding that the board voted according to the rules."
    assert _speaker(text, "everything right") == "Morag Finlay"


def test_the_claim_of_a_sentence_credited_with_according_to_names_the_credited_source() -> None:
    text = ("Halvard Quist said he was \"happy to see\" the ferry saved, according to the Inchmore Gazette. The "
            "board meets again on Friday.")
    start = text.index("happy to see")
    claims = [c for c in extract_claims(Document(text), threshold=0.0) if c.span.start <= start < c.span.end]
    assert [c.speaker for c in claims] == ["Inchmore Gazette"]


def test_as_a_document_put_it_after_the_quotation_is_its_authors() -> None:
    text = ("The first test for a licence is \"a safe hull and a sober skipper,\" as a Harbour Authority memo put "
            "it.")
    assert _speaker(text, "safe hull") == "Harbour Authority"


def test_as_a_named_outlet_noted_before_the_quotation() -> None:
    text = ("But as the Inchmore Gazette newspaper noted in an editorial on Friday, the ferry \"has never once "
            "run on time.\"")
    assert _speaker(text, "never once") == "Inchmore Gazette"


def test_a_time_phrase_ending_in_ago_between_subject_and_verb() -> None:
    text = ("The Harbour Authority less than two weeks ago said for the first time that the slipway was "
            "\"beyond repair.\"")
    assert _speaker(text, "beyond repair") == "Harbour Authority"


def test_according_to_a_named_readout_is_its_authors() -> None:
    text = ("Councillor Morag Finlay spoke with the ferry board \"to discuss the winter timetable,\" according "
            "to a Harbour Authority readout.")
    assert _speaker(text, "winter timetable") == "Harbour Authority"


def test_a_name_after_a_scare_quote_is_not_the_subject_of_the_next_verb() -> None:
    text = ("Morag Finlay criticised Halvard Quist in May.\n\n(Quist's spokeswoman disputed the claim that Quist had "
            "ever \"abandoned\" Finlay, and said he \"still backs her plan for the quay.\")")
    assert _speaker(text, "abandoned") is None
    assert _speaker(text, "still backs") == "spokeswoman of Halvard Quist"


def test_the_issuer_of_a_statement_is_the_source_of_what_it_offers() -> None:
    text = ("The Inchmore Ferry Board released a statement at the start of its meeting on Monday, offering \"a "
            "full apology\" to the island's residents.")
    assert _speaker(text, "full apology") == "Inchmore Ferry Board"



def test_a_group_opening_the_sentence_says_for_whom_it_speaks() -> None:
    text = ("Officials at the Inchmore Harbour Authority, a division of the county council, said the slipway "
            "was \"beyond repair.\"")
    assert _speaker(text, "beyond repair") == "Officials at Inchmore Harbour Authority"


def test_a_group_belongs_to_the_organisation_named_before_it_never_to_a_bare_word_or_an_article() -> None:
    # a sentence capitalises its first word: 'A' is no part of the owner's name, and a lone organisation word
    # ('Island', 'Council') names no owner; a named organisation still does
    owned = "A Harbour Board official said the slipway was \"beyond repair.\""
    assert _speaker(owned, "beyond repair") == "official of Harbour Board"
    for text in ("Island businesses said three days without the ferry would be \"ruinous.\"",
                 "Council officials said the slipway was \"beyond repair.\""):
        speaker = _speaker(text, text.split("\"")[1])
        assert speaker is not None and speaker.split()[-1][:1].islower() and " of " not in speaker, speaker
