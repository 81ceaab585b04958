"""A wrong name is worse than none: the source of a quotation is never a place, a sentence's opening adverb, the
object of a preposition or of the reporting verb, or the noun a passive participle describes. Each test stands
for one kind; the texts are the project's own."""

from __future__ import annotations

from tests.speakers import quotation_speaker as _speaker


def test_the_agent_of_a_passive_participle_is_the_source() -> None:
    text = ("The harbour board blocked the ferry budget because of \"poison pill\" clauses added by Councillors "
            "for the Inchmore Party.")
    assert _speaker(text, "poison pill") == "Councillors for Inchmore Party"


def test_the_agent_of_a_passive_participle_named_after_by() -> None:
    text = "The budget failed over the \"unworkable\" terms added by Morag Finlay at the last meeting."
    assert _speaker(text, "unworkable") == "Morag Finlay"


def test_said_by_phone_keeps_the_subject() -> None:
    text = "\"The slipway is unsafe,\" Morag Finlay said by phone on Monday."
    assert _speaker(text, "slipway is unsafe") == "Morag Finlay"


def test_an_adverb_after_a_quotation_that_ended_the_sentence_is_no_name() -> None:
    text = ("Halvard Quist called the plan \"a gift to the richer villages.\" Likewise, a study from the left-leaning "
            "harbour trust had this to say about the ferry plan: \"Families at the top would gain most.\"")
    assert _speaker(text, "Families at the top") is None


def test_a_state_abbreviation_after_a_city_is_no_person() -> None:
    text = ("At a conference that month in Aspen, Colo., the harbour chief ended her speech by quoting a poet: "
            "\"Every obstacle yields to effort.\"")
    assert _speaker(text, "Every obstacle") is None


def test_a_name_after_on_before_a_participle_is_where_not_who() -> None:
    text = ("Morag Finlay answered the question from the board on Inchmore Radio writing, \"The ferry stays.\"")
    assert _speaker(text, "The ferry stays") == "Morag Finlay"


def test_the_object_of_told_before_a_colon_is_no_source() -> None:
    text = ("The ferry board met on Monday. Halvard Quist later Thursday told Inchmore Radio: \"The slipway is "
            "safe and the ferry will run.\"")
    assert _speaker(text, "The slipway is safe") == "Halvard Quist"


def _claim_speakers(text: str, fragment: str) -> list[str | None]:
    from app.document import Document
    from app.engines.claims import extract_claims

    start = text.index(fragment)
    return [c.speaker for c in extract_claims(Document(text)) if c.span.start <= start < c.span.end]


def test_a_second_speaker_after_a_closing_quotation_mark_and_a_conjunction_gets_their_clause() -> None:
    text = ("Halvard Quist accuses the ferry board of \"dragging its feet\" and Morag Finlay says the board is "
            "\"losing the trust of every village,\" part of a row over the harbour budget.")
    assert _claim_speakers(text, "losing the trust") == ["Morag Finlay"]
    assert _claim_speakers(text, "dragging its feet") == ["Halvard Quist"]


def test_a_possessive_in_a_phrase_before_the_next_name_is_that_names() -> None:
    from app.facts.people import people

    text = ("With Mayor Piet Arnold by her side, Ingrid Halvorsen opened the ferry on Sunday. Arnold, a former "
            "harbour pilot, had close ties to Governor Tomas Brandt. But on Sunday he finally backed the plan. "
            "\"The ferry stays,\" he said.")
    arnold = next(p for p in people(text) if p.name == "Piet Arnold")
    assert arnold.gender != "f"
    assert _speaker(text, "The ferry stays") == "Piet Arnold"


def test_as_for_a_name_makes_it_the_topic_a_pronoun_takes_up() -> None:
    text = ("Councillor Piet Arnold and Mayor Tomas Brandt spoke at the harbour on Sunday.\n\n"
            "Brandt warned against a late vote. \"It would be a disaster,\" the mayor said.\n\n"
            "As for Arnold, he said he is not worried. \"The ferry will run, I think,\" he said.")
    assert _speaker(text, "The ferry will run") == "Piet Arnold"


def test_as_for_a_possessive_is_no_topic() -> None:
    text = ("Councillor Piet Arnold spoke on Sunday. Mayor Tomas Brandt listened.\n\n"
            "As for Arnold's slip over the budget, Brandt found comic relief in it. \"I needed a laugh,\" he said.")
    assert _speaker(text, "I needed a laugh") == "Tomas Brandt"


def test_the_subject_of_a_that_clause_is_reported_not_reporting() -> None:
    text = ("Halvard Quist elaborated in a column for the Inchmore Gazette that councillors pledged to the mayor "
            "may still switch sides, even those who did so before the vote.")
    assert _claim_speakers(text, "may still switch") != ["councillors"]


def test_a_name_before_said_and_a_time_word_is_still_a_name() -> None:
    from app.facts.people import people

    text = ("Piet Arnold spoke at the harbour.\n\nArnold said late Wednesday that he would back the ferry, although "
            "he tweeted that he \"rejects the mayor's latest plan.\"")
    arnold = next(p for p in people(text) if p.name == "Piet Arnold")
    assert [m.start for m in arnold.mentions if m.text == "Arnold"] == [text.index("Arnold said")]
    assert _speaker(text, "rejects the mayor") == "Piet Arnold"


def test_a_pronoun_is_never_the_subject_that_has_it_as_its_object() -> None:
    text = ("Piet Arnold may be harder to ignore. After Councillor Tomas Brandt accused him of bias, he warned, "
            "\"If they play that card with respect to me, that will be fair game.\"")
    assert _speaker(text, "If they play") == "Piet Arnold"


def test_a_noun_of_saying_nearer_the_quotation_than_any_verb_names_its_owner() -> None:
    text = ("Mayor Ingrid Halvorsen on Thursday blamed the board for making an issue out of Councillor Piet "
            "Arnold’s claim that the ferry \"lost money every winter,\" saying the figures were old.")
    assert _speaker(text, "lost money every winter") == "Piet Arnold"


def test_his_before_a_noun_of_saying_is_the_nearest_fitting_name() -> None:
    text = ("Mayor Tomas Brandt spoke first. As the meeting went on and Councillor Piet Arnold stood by his comment "
            "Monday that \"the harbour hates us,\" Brandt tried again to calm the room.")
    assert _speaker(text, "the harbour hates us") == "Piet Arnold"


def test_del_with_its_full_stop_is_a_delegates_title() -> None:
    from app.facts.people import people

    text = ("Members said the panel might be damaged. \"This is a waste of time,\" said Del. Ingrid Halvorsen of the "
            "Harbour Islands. The actor Benicio Del Toro watched.")
    assert _speaker(text, "This is a waste") == "Ingrid Halvorsen"
    names = {p.name for p in people(text)}
    assert "Del" not in names and "Benicio Del Toro" in names


def test_a_pronoun_after_a_sentence_opened_by_an_unknown_name_is_no_one_rather_than_the_last_speaker() -> None:
    text = ("Councillor Piet Arnold opened the meeting. \"The ferry stays,\" he said.\n\n"
            "Halvorsen dodged the question. \"It will either run or it will not,\" he said.")
    assert _speaker(text, "The ferry stays") == "Piet Arnold"
    assert _speaker(text, "either run") is None


def test_a_name_after_an_office_of_title_is_a_person_not_an_organisations_tail() -> None:
    from app.facts.people import people

    text = ("Former Secretary of State Ingrid Halvorsen spoke, and Chief of Staff Piet Arnold wrote to her. "
            "The Harbour Center for Ferry Studies agreed.")
    names = {p.name for p in people(text)}
    assert {"Ingrid Halvorsen", "Piet Arnold"} <= names
    assert not any("Staff" in n or "State" in n or "Ferry Studies" in n for n in names)


def test_a_pronoun_is_no_one_when_a_name_of_unknown_gender_comes_before_one_known_to_fit() -> None:
    text = ("Councillor Ingrid Halvorsen and her husband arrived early. Walter Quist kept quiet, but Halvorsen "
            "pushed on with the plan.\n\n\"This is a choice between the ferry and the bridge,\" she said at a "
            "meeting.")
    assert _speaker(text, "This is a choice") is None
