"""Sources that are not a person speaking in their own name: the outlet or person a report is credited to
('according to …' after the speaker), a document's author, a person's own account, a spokesman for an
organisation named earlier. Each test stands for one kind; the texts are the project's own."""

from __future__ import annotations

from app.quotations import quotations


def _speaker(text: str, fragment: str) -> str | None:
    start = text.index(fragment)
    found = [q for q in quotations(text) if any(s <= start < e for s, e in q.spans)]
    assert found, f"no quotation covers {fragment!r}"
    return found[0].speaker


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
