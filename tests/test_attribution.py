"""Who is quoted: the quotation model (app.quotations) and the speakers it gives claims.

Each test stands for one kind of attribution fault; the texts are the project's own.
"""

from __future__ import annotations

import pytest

from app.document import Document
from app.engines.claims import extract_claims
from app.quotations import quotations
from app.reporting_verbs import is_reporting_verb


def _speaker_of(text: str, fragment: str) -> str | None:
    """The speaker of the claim that covers `fragment` (every claim kept, whatever its score)."""
    start = text.index(fragment)
    claims = [c for c in extract_claims(Document(text), threshold=0.0) if c.span.start <= start < c.span.end]
    assert claims, f"no claim covers {fragment!r}"
    return claims[0].speaker


def _quote(text: str, fragment: str):
    start = text.index(fragment)
    found = [q for q in quotations(text) if any(s <= start < e for s, e in q.spans)]
    assert found, f"no quotation covers {fragment!r}"
    return found[0]


def test_a_word_inside_the_quotation_is_never_its_speaker() -> None:
    text = ("Councillor Ines Marrow, who chairs the finance panel, opposed the toll. \"Nobody has asked the "
            "drivers,\" she said. \"People will go round by the old road.\"\n\n"
            "\"You've heard the numbers,\" Mr Tobin replied.")
    assert _speaker_of(text, "Nobody has asked") == "Ines Marrow"
    assert _speaker_of(text, "People will go") == "Ines Marrow"
    assert _speaker_of(text, "You've heard") == "Tobin"


def test_a_name_quoted_by_the_speaker_is_not_the_speaker() -> None:
    text = ("“We all know the story. Petra Lund said last year she wanted the mill shut,” Osman told the "
            "workers.\n\n“She said it twice.”")
    assert _quote(text, "Petra Lund said").speaker == "Osman"
    assert _quote(text, "She said it twice").speaker == "Osman"  # the next paragraph goes on


def test_the_subject_of_reported_speech_is_not_the_speaker() -> None:
    text = "Foreign Minister Anneli Varga said Estmark expects “a full refund before the summer.”"
    assert _speaker_of(text, "a full refund") == "Anneli Varga"


def test_honorific_without_full_stop_resolves_to_the_full_name() -> None:
    text = ("Councillor Tam Rudd spoke against the plan. Council leader Ada Fenwick spoke for it.\n\n"
            "Mr Rudd said his group would ask for a review.\n\nMs Fenwick said the vote was historic.")
    assert _speaker_of(text, "his group would ask") == "Tam Rudd"
    assert _speaker_of(text, "the vote was historic") == "Ada Fenwick"


def test_title_words_never_become_the_name() -> None:
    text = ('"The numbers are sliding," said Unionist strategist Mara Quell. "It will be close."\n\n'
            "Local MSP Iona Pratt said both sides should meet.")
    assert _speaker_of(text, "The numbers are sliding") == "Mara Quell"
    assert _speaker_of(text, "It will be close") == "Mara Quell"
    assert _speaker_of(text, "both sides should meet") == "Iona Pratt"


def test_a_firm_name_is_not_a_person_and_a_relative_clause_keeps_its_subject() -> None:
    text = ("Surveyors from the practice Dunmore & Keane, who drew the plans, said the wall would hold.\n\n"
            "The first visitor was Ailsa Grant, 81, who said she had waited a decade.")
    assert _speaker_of(text, "the wall would hold") != "Keane"
    assert _speaker_of(text, "she had waited") == "Ailsa Grant"


def test_dash_line_after_and_colon_line_before() -> None:
    text = ("The board confirmed the appointment on Thursday.\n\n"
            "“She knows the network better than anyone.” —Commissioner Lyle Brennan\n\n"
            "And from Chairwoman Oda Sund:\n\n"
            "“Her record speaks for itself.”")
    assert _quote(text, "She knows the network").speaker == "Lyle Brennan"
    assert _quote(text, "Her record speaks").speaker == "Oda Sund"


def test_two_people_with_one_surname_stay_apart() -> None:
    text = ("Mayor Helga Voss and Councillor Dieter Voss, who are not related, clashed on Monday.\n\n"
            "“We will not raise the rates,” Mayor Voss said.\n\n"
            "Councillor Voss said the city faced a $4 million gap.")
    assert _speaker_of(text, "We will not raise") == "Helga Voss"
    assert _speaker_of(text, "faced a $4 million gap") == "Dieter Voss"


def test_transcript_labels_give_the_speaker_of_their_paragraph() -> None:
    text = ("Transcript\n\nODRIN (on camera): Locals call this the \"black hole\". The pit grew by 9 metres last "
            "year, according to the survey.\n\nPASK: Could it reach the village?\n\n"
            "ODRIN: Geologists told us it could by 2031.")
    assert _speaker_of(text, "The pit grew by 9 metres") == "Odrin"
    assert _speaker_of(text, "Could it reach") == "Pask"
    assert _speaker_of(text, "Geologists told us") == "Odrin"


def test_adjacent_quotations_keep_their_own_cues() -> None:
    text = ("“The roof is sound,” Vera Holm said as she came down. “The drains are clear.” "
            "“Will the school open on Monday?” parent governor Ivo Pask asked.")
    assert _quote(text, "The drains are clear").speaker == "Vera Holm"
    assert _quote(text, "Will the school open").speaker == "Ivo Pask"


def test_colon_after_an_appositive_and_a_colon_paragraph() -> None:
    text = ("In a letter to the Courier, her campaign manager, Rolf Berne, said: “Anna Lisle believes in the "
            "plan. She has always backed it.”\n\nLisle's opponent Hale continued:\n\n"
            "“Ask Anna Lisle where the money goes. Ask her twice.”")
    assert _quote(text, "Anna Lisle believes").speaker == "Rolf Berne"
    assert _quote(text, "Ask Anna Lisle where").speaker == "Hale"


def test_a_quotation_over_two_paragraphs_reopens_without_closing() -> None:
    text = ("“The first part of the plan is the bridge,” said engineer Tove Aalto. “It opens in May.\n\n"
            "“The second part is the tunnel, and that will take longer.”\n\nThe council meets on Friday.")
    q = _quote(text, "The second part")
    assert q.speaker == "Tove Aalto" and len(q.spans) == 2
    assert _quote(text, "It opens in May") == q


def test_reporting_verbs_outside_a_short_list_in_any_tense() -> None:
    for word in ("asks", "jabbed", "quipped", "charged", "exclaimed", "retorted", "tweeted", "replies", "said",
                 "told", "writes", "wrote", "scoffed", "conceding"):
        assert is_reporting_verb(word), word
    for word in ("table", "walked", "agreed"):
        assert not is_reporting_verb(word), word
    text = "“Is it three? Four?” Ainsworth asks as the lights go down."
    assert _quote(text, "Is it three").speaker == "Ainsworth"


def test_a_long_appositive_between_name_and_verb() -> None:
    text = ("Dale Ferro, a builder who sat on the campaign's steering committee until he quit last month over "
            "its tactics, said the candidate had been misled by “handlers” around him.")
    assert _speaker_of(text, "misled by") == "Dale Ferro"


def test_group_and_organisation_sources_are_reported_as_such() -> None:
    text = ('"It is the candidate\'s meeting," one Halden campaign insider said. "She decides."\n\n'
            "“We have no comment,” the Vellmark Port Authority said in a statement.")
    assert _quote(text, "the candidate's meeting").speaker == "one Halden campaign insider"
    assert _quote(text, "She decides").speaker == "one Halden campaign insider"
    q = _quote(text, "We have no comment")
    assert q.kind == "organisation" and q.speaker.endswith("Vellmark Port Authority")


def test_a_pronoun_is_the_nearest_person_of_its_gender() -> None:
    text = ("Senator Rhea Collin, who leads her party in the chamber, met Governor Ivan Dusk on Tuesday. "
            "Mr Dusk and Ms Collin spoke afterwards.\n\n"
            "“We made progress,” she said.")
    q = _quote(text, "We made progress")
    assert q.speaker == "Rhea Collin" and q.kind == "pronoun"


@pytest.mark.parametrize("text", [
    "Nobody came to the meeting.\n\n“It is a disgrace,” they said.",
    "The storm passed on Sunday.\n\n“We were lucky.”",
])
def test_no_source_found_means_none(text: str) -> None:
    assert all(q.speaker is None for q in quotations(text))


def test_no_fallback_to_the_previous_speaker_across_a_narrative_paragraph() -> None:
    text = ("“Prices will fall,” said analyst Kai Moor.\n\nThe market closed higher on Friday after a week of "
            "losses, and traders expected more of the same.\n\n“Nobody saw that coming.”")
    assert _quote(text, "Nobody saw that").speaker is None


def test_spans_are_code_points_with_crlf_nbsp_and_emoji() -> None:
    text = "🙂 Intro line.\r\n\r\n“Fine,” said\u00a0Mayor Ines Dorn. 🙂 “Really fine.”\r\n"
    for q in quotations(text):
        for s, e in q.spans:
            assert text[s] in "“\"" and text[e - 1] in "”\""
        if q.source_span:
            s, e = q.source_span
            assert text[s:e] in ("Ines Dorn", "Mayor Ines Dorn")
    assert _quote(text, "Really fine").speaker == "Ines Dorn"


def test_participles_dateline_and_embedded_fragments() -> None:
    text = ("At a rally in Dunmere, Harlow, on Saturday, the crowd turned on a heckler, with Mayor Ilse Varga "
            "reportedly shouting: “Get him out of here!”\n\n"
            "HARLOW, May 2 (Wire) — A spokesman for Governor Piet Arnold called the audit “a hatchet job.”\n\n"
            "After Judge Ona Sayer said the defendants might fare better at “a less crowded court,” lawyers "
            "for the state filed an appeal.")
    assert _quote(text, "Get him out").speaker == "Ilse Varga"
    assert _quote(text, "a hatchet job").speaker == "spokesman for Piet Arnold"
    assert _quote(text, "a less crowded court").speaker == "Ona Sayer"


def test_a_chain_of_he_keeps_its_person() -> None:
    # "He … He … he said": the pronoun that opens each sentence passes its person on, even past a sentence
    # that names another man as an object
    text = ("Tomas Vell, the harbour master, has run the port for a decade. He praised Arne Holt on Monday. "
            "He spoke for an hour.\n\n“The cranes are too old,” he said.")
    assert _quote(text, "The cranes").speaker == "Tomas Vell"


def test_the_first_person_of_the_sentence_before_wins_over_one_of_known_gender() -> None:
    # Tor Lamm's gender is printed nowhere, Mr. Pike's is; the "he" that follows still means the subject
    text = ("Tor Lamm, Mr. Arlo Pike's oldest friend and adviser, said the bid was sound.  “I have read every "
            "page,” he told the board.")
    assert _quote(text, "I have read").speaker == "Tor Lamm"


def test_a_reporting_clause_that_closes_the_sentence() -> None:
    text = ("Many growers became more “cautious” about the new seed and less willing to plant early, Ilse Moen "
            "said.\n\nThe harvest was “the worst in years” for the valley, said Piet Dorrel.")
    assert _quote(text, "cautious").speaker == "Ilse Moen"
    assert _quote(text, "the worst in years").speaker == "Piet Dorrel"


def test_a_participle_without_a_subject_leaves_the_cue_to_its_clause() -> None:
    text = "Hanne Stig said she began calling the ferry office and making an effort to “get the boats out.”"
    assert _quote(text, "get the boats").speaker == "Hanne Stig"
    text = ("When Mayor Olga Brix first spoke to the council, and Councillor Eamon Ruddy kept asking her why the "
            "bridge had “stayed shut for a year”, nobody answered.")
    assert _quote(text, "stayed shut").speaker != "Olga Brix"


def test_a_source_is_never_a_function_word_or_a_noun_use_of_a_verb() -> None:
    # 'a series of tweets': 'tweets' is a noun here, not a cue whose subject would be 'of'
    text = ("Press officer Lina Haas spoke to reporters on Friday after Governor Bo Strand unleashed a series of "
            "tweets criticizing the budget.")
    assert _speaker_of(text, "Press officer") in (None, "Lina Haas", "Bo Strand")


def test_a_group_source_names_whom_it_belongs_to() -> None:
    text = ("“The ferry will not run,” said a Harbour Board official.\n\n"
            "“He has never lost a vote,” one Ruddock confidant said of Mayor Ivo Ruddock.\n\n"
            "“It is finished,” said a longtime adviser to Ruddock, who asked not to be named.\n\n"
            "According to the Office of Fair Trading and Consumer Affairs, the ferry was “unsafe.”")
    assert _quote(text, "The ferry will not").speaker == "official of Harbour Board"
    assert _quote(text, "He has never lost").speaker == "confidant of Ivo Ruddock"
    assert _quote(text, "It is finished").speaker == "longtime adviser to Ivo Ruddock"
    assert _quote(text, "unsafe").speaker == "Office of Fair Trading and Consumer Affairs"


def test_an_adverb_number_or_demonym_is_never_a_speaker() -> None:
    text = ("Nora Fleck ran the clinic for years.\n\n"
            "Still, Fleck, who trained in Leeds, called the plan “a gamble.”\n\n"
            "However, the board said it was “settled.” However long it takes, it will be done.\n\n"
            "At a dinner in Oslo, the director ended her speech by quoting Ibsen in Norwegian: “Be yourself.”")
    assert _quote(text, "a gamble").speaker == "Nora Fleck"
    assert _quote(text, "settled").speaker != "However"
    assert _quote(text, "Be yourself").speaker != "Norwegian"


def test_an_abbreviated_title_lets_a_later_role_noun_find_the_person() -> None:
    text = ("Gov. Hal Brenner signed the order on Monday.\n\n"
            "“We had no choice,” the governor said.")
    assert _quote(text, "We had no choice").speaker == "Hal Brenner"


def test_one_person_printed_with_either_apostrophe_is_one_person() -> None:
    text = ("Brid O'Malley chairs the board.\n\n“We will appeal,” O’Malley said.")
    assert _quote(text, "We will appeal").speaker == "Brid O'Malley"


def test_a_reporting_clause_between_commas_attributes_its_sentence() -> None:
    text = ("Ivo Lind, the mayor, spoke after the vote. The Courier, Lind said, called the plan “unworkable.”")
    assert _quote(text, "unworkable").speaker == "Ivo Lind"


def test_the_person_talked_about_before_a_colon_is_not_the_speaker() -> None:
    text = ("Dana Whit, the coach's agent, spoke to reporters. Whit added about Coach Arvo Lask: “He is "
            "staying.”")
    assert _quote(text, "He is staying").speaker == "Dana Whit"


def test_an_opening_participle_phrase_is_no_subject() -> None:
    text = ("Reached by the Courier, Tove Brann denied the report, explaining that she was “on leave.”\n\n"
            "Mayor Lise Aune answered the union on Facebook writing, “We will meet you.”")
    assert _quote(text, "on leave").speaker == "Tove Brann"
    assert _quote(text, "We will meet").speaker == "Lise Aune"


def test_a_sign_off_paragraph_and_a_horizontal_bar() -> None:
    text = ("“The roads are a disgrace.” ― Mira Tolle\n\n"
            "“We will fix them by spring.”\n\n- Governor Anton Vass.\n\nThe council meets on Friday.")
    assert _quote(text, "The roads are").speaker == "Mira Tolle"
    assert _quote(text, "We will fix").speaker == "Anton Vass"


def test_quotation_then_name_then_any_verb() -> None:
    text = ("Ilse Brandt took the floor.\n\n“We are not finished,” Brandt continued. “Not by a long way.”\n\n"
            "“You are finished,” Mayor Odd Rask shot back.\n\n"
            "As for Rask’s use of “finished,” Brandt found it funny.")
    assert _quote(text, "We are not finished").speaker == "Ilse Brandt"
    assert _quote(text, "You are finished").speaker == "Odd Rask"
    # a word set inside a sentence is no utterance of the name after it
    assert _quote(text, "finished,” Brandt found").speaker is None


def test_a_pronoun_after_according_to_and_a_contracted_chain() -> None:
    text = ("According to Nils Hauge, the yard has lost three contracts.\n\n“We are bleeding,” he said.\n\n"
            "Pia Lund, the yard's lawyer, spoke next. She’s also a shareholder.\n\n“We will sue,” she said.")
    assert _quote(text, "We are bleeding").speaker == "Nils Hauge"
    assert _quote(text, "We will sue").speaker == "Pia Lund"


def test_a_name_after_an_organisation_word_and_a_possessive_role() -> None:
    text = ("“The budget is sound,” said House Finance Republican Tora Vik, who chairs the panel.\n\n"
            "“We will win the county,” added his campaign manager Sten Ahl, speaking after the count.")
    assert _quote(text, "The budget is sound").speaker == "Tora Vik"
    assert _quote(text, "We will win").speaker == "Sten Ahl"


def test_a_speaker_is_a_mention_never_a_sentence_opener_or_a_plan() -> None:
    text = ("Hours before the vote, residents of Norrvik, Dalby and Mora signed a letter, demanding that the "
            "council drop the “ruinous” levy.\n\n"
            "Norrvik will propose a new levy next spring.")
    assert _quote(text, "ruinous").speaker is None
    assert _speaker_of(text, "Norrvik will propose") is None


def test_titles_and_role_words_stay_out_of_the_name() -> None:
    text = ("“Orders are back,” Chief Executive Hanna Lindvall said on a call with analysts.\n\n"
            "“We will keep the school open,” said Town Manager Greg Aubert, 48.\n\n"
            "She said investigators had recovered $6 million, Assistant U.S. Attorney Kay Lin told the court.\n\n"
            "UN Secretary-General Ana Gutterby welcomed the deal as “an opening.”")
    assert _quote(text, "Orders are back").speaker == "Hanna Lindvall"
    assert _quote(text, "We will keep").speaker == "Greg Aubert"
    assert _quote(text, "an opening").speaker == "Ana Gutterby"
    assert all(q.speaker != "Assistant U." for q in quotations(text))


def test_an_organisation_and_the_place_it_sits_in() -> None:
    text = ("The Department for Transport said it was “disappointed.”\n\n"
            "The storm was “the worst in thirty years,” the Weather Service office in Port Sully said.")
    assert _quote(text, "disappointed").speaker == "Department for Transport"
    assert _quote(text, "the worst in thirty").speaker == "office of Weather Service"


def test_a_sentence_with_an_indirect_speaker_and_a_quoted_one_gives_each_their_part() -> None:
    text = ("Mayor Ivo Lund on Sunday called for a vote on the bridge this week, a move Councillor Rita Holm "
            "described as “a stunt” even as she said the bridge must be repaired.")
    claims = [c for c in extract_claims(Document(text), threshold=0.0)]
    assert {c.speaker for c in claims} == {"Ivo Lund", "Rita Holm"}
    lund = next(c for c in claims if c.speaker == "Ivo Lund")
    assert "a stunt" not in lund.text


def test_a_pronoun_after_a_reported_sentence_means_its_reporter() -> None:
    # 'Lund electrified the crowds, Aske said.': the next 'he said' is Aske's, the reporter of that sentence
    text = ("Nils Aske ran the field office in 2011. Tor Lund electrified the small crowds with his promises, Aske "
            "said.\n\n“He was very articulate,” he said.")
    assert _quote(text, "He was very articulate").speaker == "Nils Aske"


def test_a_relative_clause_speaks_for_the_name_before_it() -> None:
    text = ("The leaders who spoke included the mayor's running mate, Councillor Eva Strand of Norrvik, who "
            "called the ferry “a lifeline.”\n\n"
            "And Strand, for all her doubts, seems to agree. “We will keep it,” she said.")
    assert _quote(text, "a lifeline").speaker == "Eva Strand"
    assert _quote(text, "We will keep it").speaker == "Eva Strand"


def test_a_quotation_in_a_known_persons_clause_whatever_the_verb() -> None:
    text = ("Councillor Rosa Lind spoke at the depot.\n\n"
            "Lind also bemoaned the climate in which drivers “simply give up.”\n\n"
            "Lind has coined a new phrase, “bus deserts,” to describe the villages.")
    assert _quote(text, "simply give up").speaker == "Rosa Lind"
    assert _quote(text, "bus deserts").speaker == "Rosa Lind"


def test_a_quotation_in_a_clause_is_not_its_subjects_when_the_sentence_names_its_speaker() -> None:
    text = ("Rosa Lind and Tor Aske met the drivers.\n\n"
            "Given Lind's success, her plan will carry “real weight,” depot spokesman Tor Aske said.\n\n"
            "Lind is the “only adult in the room” for many drivers.\n\n"
            "As the Courier's Eva Holm puts it, Lind is trying to make the council “an offer it cannot refuse.”")
    assert _quote(text, "real weight").speaker == "Tor Aske"
    assert _quote(text, "only adult").speaker is None  # a copula is no utterance
    assert _quote(text, "an offer it cannot").speaker == "Eva Holm"


def test_capitalised_modifiers_and_an_acronym_before_a_known_name() -> None:
    text = ("“She is the only candidate with the temperament,” retired Air Force general Lena Brook said.\n\n"
            "“The great county of Norr is proud to cast its votes!” US Senator Jon Tamm said as he opened the vote.")
    assert _quote(text, "She is the only").speaker == "Lena Brook"
    assert _quote(text, "The great county").speaker == "Jon Tamm"


def test_sign_offs_line_by_line_in_one_paragraph() -> None:
    text = ("“The bus never comes.” ― Ada Strom\n“I walk to work now.” ― Bo Lind\n“Fix the road first.” ― Cai Berg")
    assert _quote(text, "The bus never").speaker == "Ada Strom"
    assert _quote(text, "I walk to work").speaker == "Bo Lind"
    assert _quote(text, "Fix the road").speaker == "Cai Berg"


def test_a_name_after_a_preposition_in_the_pronouns_own_sentence_is_not_its_antecedent() -> None:
    text = ("Senator Ola Brekke spoke on Tuesday.\n\n"
            "At a round-table interview with Ivar Marr, he said he would campaign “not out of spite.”")
    assert _quote(text, "not out of spite").speaker == "Ola Brekke"


def test_a_weekday_that_owns_a_report_is_never_its_speaker() -> None:
    text = ("Tuesday’s survey from the Office for Rail Regulation found that 61 percent of trains ran late. "
            "March's estimate from the harbour board put the loss at 3 million euros.")
    assert _speaker_of(text, "61 percent") not in ("Tuesday’s", "Tuesday")
    assert _speaker_of(text, "3 million") not in ("March's", "March")


def test_according_to_figures_from_an_organisation_names_the_organisation() -> None:
    text = ("Ferry crossings to Inchmore fell by a third last winter, according to figures from the Harbour "
            "Authority. Waiting lists doubled, according to data from the regional health board.")
    assert _speaker_of(text, "Ferry crossings") == "Harbour Authority"
    assert _speaker_of(text, "Waiting lists") not in ("figures", "data")
    assert _speaker_of(text, "Waiting lists") in (None, "regional health board")


def test_a_bare_document_noun_is_never_the_speaker() -> None:
    text = "Rents in Dunmore rose 9 percent in a year, according to the latest figures."
    assert _speaker_of(text, "Rents in Dunmore") is None


def test_the_company_is_the_company_the_article_named() -> None:
    text = ("Harlow Freight, an operator of cargo barges on the Tamsin river, said on Monday that it would close "
            "two depots. The company also expects to cut 140 jobs by March. The company reported a loss of "
            "4 million pounds last year.")
    assert _speaker_of(text, "cut 140 jobs") == "Harlow Freight"
    assert _speaker_of(text, "a loss of") == "Harlow Freight"


def test_the_ministry_with_two_ministries_named_is_no_one() -> None:
    text = ("The Ministry of Transport and the Ministry of Finance met on Monday to discuss the rail budget. "
            "The ministry said the line would cost 2 billion euros.")
    assert _speaker_of(text, "2 billion") is None


def test_the_company_with_no_company_named_is_no_one() -> None:
    text = "Shares in the sector fell on Tuesday. The company said profits would fall by 12 percent."
    assert _speaker_of(text, "12 percent") is None


def test_a_quotation_after_a_fragment_in_the_same_clause_keeps_the_clause_subject() -> None:
    text = ("Councillor Ruth Agbaje backs \"a fair rent,\" opposes \"blanket caps\" and recalled the 2019 freeze: "
            "\"I saw families leave the estate because of it.\"")
    assert _quote(text, "I saw families").speaker == "Ruth Agbaje"


def test_a_participle_far_from_its_subject_shares_the_subject_of_the_sentence() -> None:
    text = ("The Harbour Trust published a letter to members on Friday explaining \"why the slipway must close "
            "for a year.\" Mayor Colm Daly issued three posts overnight saying the closure was \"a betrayal of "
            "the fishing fleet.\"")
    assert _quote(text, "a betrayal").speaker == "Colm Daly"
    assert _quote(text, "why the slipway").speaker == "Harbour Trust"


def test_a_participle_after_a_quotation_in_its_sentence_takes_no_word_after_that_quotation() -> None:
    # the words after the first quotation ('on the radio before') hold no subject: the sentence's is Daly
    text = ("Mayor Colm Daly said the vote had \"saved the harbour\" on the radio before claiming that the trust "
            "was \"finished.\"")
    assert _quote(text, "finished").speaker == "Colm Daly"


def test_a_person_named_as_the_object_of_the_clause_is_not_another_speaker() -> None:
    text = ("Senator Ilse Brandvold, during two interviews on Thursday, compared Governor Piet Arnold to "
            "\"a landlord who never fixes the roof.\"")
    assert _quote(text, "a landlord").speaker == "Ilse Brandvold"


def test_a_leading_subordinate_clause_gives_no_speaker_to_the_main_clause() -> None:
    text = ("When Councillor Ruth Agbaje suggested that the ferry company would sue the council over the new "
            "landing fees, Mayor Colm Daly fired back: \"Let them try in a court in Inchmore.\"")
    assert _quote(text, "Let them try").speaker == "Colm Daly"


def test_asked_by_someone_names_the_one_who_asked_not_the_speaker() -> None:
    text = ("Asked by Ruth Agbaje if he believed the depot would close, Mayor Colm Daly said that he did not, but "
            "was referring to the \"same careless attitude as last winter.\"")
    assert _quote(text, "careless attitude").speaker in ("Colm Daly", None)
    assert _quote(text, "careless attitude").speaker != "Ruth Agbaje"


def test_a_newspaper_named_post_is_not_a_document() -> None:
    text = ("Brandvold attacked the Inchmore Post on Monday. The Post responded with \"a second editorial on "
            "the harbour.\"")
    assert _quote(text, "a second editorial").speaker in ("Post", "The Post", None)


def test_a_report_that_found_something_is_its_authors() -> None:
    text = ("A 2019 Harbour Authority report found \"no evidence that the slipway was ever inspected.\" A survey "
            "from the Inchmore Ferry Board showed that \"most crossings ran late.\"")
    assert _quote(text, "no evidence").speaker == "Harbour Authority"
    assert _speaker_of(text, "most crossings") == "Inchmore Ferry Board"


def test_the_book_is_no_speaker_and_never_the_word_the() -> None:
    text = ("Ruth Agbaje wrote a book about the harbour strike. The book accuses the trust of treating dockers "
            "like \"seasonal help.\"")
    assert _quote(text, "seasonal help").speaker != "The"


def test_a_pronoun_after_two_people_of_its_gender_named_together_is_no_one() -> None:
    text = ("Mayor Colm Daly spoke first.\n\nCouncillor Piet Arnold and Councillor Tomas Brandt, both ferry "
            "users, argued that the landing fees should go.\n\n\"The island pays twice,\" he said.")
    assert _quote(text, "The island pays").speaker is None


def test_an_opening_mark_printed_as_the_closing_one_still_closes() -> None:
    text = ("\u201cThe ferry is the island\u2019s only road,\u201c said Councillor Ruth Agbaje. \u201cCut it and "
            "we are cut off.\u201d")
    assert _quote(text, "only road").speaker == "Ruth Agbaje"
    assert _quote(text, "only road").end <= text.index(" said")


def test_a_quotation_inside_a_quotation_does_not_end_it() -> None:
    text = ("\u201cI would rather sail in what he calls \u201cthe wreck\u201d than in his new ferry,\u201d said "
            "Ruth Agbaje.")
    q = _quote(text, "I would rather")
    assert q.speaker == "Ruth Agbaje"
    assert text[q.start:q.end].endswith("new ferry,\u201d")


def test_a_colon_line_with_a_pronoun_subject_introduces_the_next_paragraph() -> None:
    text = ("Councillor Ruth Agbaje wrote to the trust on Friday.\n\n"
            "She then listed the repairs she wants before the winter:\n\n"
            "\u201cA new slipway, a new ramp and a second boat.\u201d")
    assert _quote(text, "A new slipway").speaker == "Ruth Agbaje"


def test_went_on_to_call_is_a_cue() -> None:
    text = ("Mayor Colm Daly spoke at the harbour on Friday. He went on to call Councillor Piet Arnold \"a friend "
            "of landlords.\"")
    assert _quote(text, "a friend").speaker == "Colm Daly"


def test_the_owner_of_a_claim_is_the_source_of_what_it_says() -> None:
    text = ("The harbour trust checked Councillor Ruth Agbaje\u2019s claim that the ferry had \"never once run "
            "late\" in 2023. Mayor Colm Daly later called Ruth Agbaje\u2019s claim \"a fairy tale.\"")
    assert _speaker_of(text, "never once") == "Ruth Agbaje"
    assert _quote(text, "a fairy tale").speaker == "Colm Daly"


def test_continued_is_a_cue_in_a_quotations_own_frame_only() -> None:
    # 'continue' is no verb of saying (app.reporting_verbs.GOES_ON_VERBS): after a quotation, or in a colon line
    # before a quotation paragraph, it reports the speaker going on; a lone surname there is that speaker
    colon = ("Redfern continued:\n\n“Consider the questions: Lyle Brannock, are you a supervillain? Curtis Ambler, "
             "can you count the 4,000 jobs the county lost last year?”")
    assert _speaker_of(colon, "Curtis Ambler, can you") == "Redfern"
    after = "The county lost jobs.\n\n“The polls are sinking and the county lost 4,000 jobs last year,” Redfern continued."
    assert _speaker_of(after, "The polls are sinking") == "Redfern"
    pronoun = "Mayor Ann Redfern spoke first. “The county lost 4,000 jobs last year,” she continued."
    assert _speaker_of(pronoun, "The county lost") == "Ann Redfern"
    for elsewhere, fragment in [
        ("“The county lost 4,000 jobs,” the decline continued.", "The county lost"),
        ("“The county lost 4,000 jobs.” Production continued at the plant.", "The county lost"),
        ("Fighting continued.\n\n“The county lost 4,000 jobs last year.”", "The county lost"),
        ("Hiring continued. “The county lost 4,000 jobs last year.”", "The county lost"),
    ]:
        assert _speaker_of(elsewhere, fragment) is None, elsewhere


def test_a_verb_of_saying_after_be_and_an_adverb_is_a_participle_with_no_speaker() -> None:
    # 'who are not related', 'was also accused': a passive or adjectival participle; its subject said nothing
    two = ("Mayor Ilse Kover and Councillor Anton Kover, who are not related, clashed on Monday over the 4 percent "
           "toll.\n\n“We will not raise the toll,” Mayor Kover said.")
    assert _speaker_of(two, "Mayor Ilse Kover and") is None
    assert _speaker_of(two, "We will not raise") == "Ilse Kover"
    assert _speaker_of("Treasurer Pol Varga was also accused of 36 counts of fraud in 2019.", "Treasurer") is None
    assert _speaker_of("Treasurer Pol Varga has repeatedly said the fund lost $4 million.", "Treasurer") == "Pol Varga"


def test_a_reporting_verbs_s_form_before_a_finite_verb_is_a_plural_noun_with_no_speaker() -> None:
    # 'Burglary reports up 140 percent' (quality case B01 gave speaker 'Burglary'), 'Jobless claims rose'
    for text in ("Burglary reports up 140 percent.", "Jobless claims rose by 5,000 last week.",
                 "Insurance claims fell 12 percent in 2024.", "Unemployment claims are up 12 percent."):
        assert _speaker_of(text, text[:8]) is None, text
    assert _speaker_of("Treasurer Pol Varga claims the county lost 4,000 jobs.", "Treasurer") == "Pol Varga"
    # a relative clause's verb keeps its subject: 'who Lunt says will run' is Lunt's saying
    relative = "Senator Ann Moss, who Governor Ed Lunt says will run again, lost 4,000 votes in 2022."
    assert _speaker_of(relative, "Senator Ann Moss") == "Ed Lunt"


def test_a_quotation_that_never_closes_takes_no_speaker_from_the_one_before() -> None:
    # a text whose paragraph breaks were lost ('… said. "More stories …') leaves an opening mark that never closes:
    # the quotation has no known end, and everything after it took the last speaker's name
    opened = ("“The toll is fair,” Mayor Ann Redfern said. “We will not stop until the bridge is paid for. "
              "The council voted 7 to 4 on Tuesday to keep the £2 toll. Drivers paid £4 million last year.")
    assert _speaker_of(opened, "The toll is fair") == "Ann Redfern"
    assert _speaker_of(opened, "The council voted") is None
    closed = "“The toll is fair,” Mayor Ann Redfern said. “We will not stop until the £4 million is paid.”"
    assert _speaker_of(closed, "We will not stop") == "Ann Redfern"


def test_a_quotation_with_no_closing_mark_ends_at_the_stop_before_a_stray_opening_mark() -> None:
    # a copy that lost its paragraph breaks prints one mark where a quotation ended and a paragraph began
    # ('… paid for. "The council …'), and no mark after it closes anything: the quotation ends at that stop,
    # its words keep the speaker of the quotation before, and the narrative after takes none
    flat = ("“The toll is fair,” Mayor Ann Redfern said. “We will not stop until the bridge is paid for. "
            "“The council voted 7 to 4 on Tuesday to keep the £2 toll. Drivers paid £4 million last year.")
    q = _quote(flat, "We will not stop")
    assert flat[q.start:q.end] == "“We will not stop until the bridge is paid for."
    assert _speaker_of(flat, "We will not stop") == "Ann Redfern"
    assert _speaker_of(flat, "The council voted") is None
    assert _speaker_of(flat, "Drivers paid") is None
    straight = flat.replace("“", '"').replace("”", '"')
    assert _speaker_of(straight, "We will not stop") == "Ann Redfern"
    assert _speaker_of(straight, "The council voted") is None


def test_a_second_opening_mark_before_the_closing_one_does_not_end_the_quotation() -> None:
    # a mark still to come closes the quotation: the one after the stop is a typo inside it, as before
    closed = "“We will not stop. “The bridge will be paid for by 2031,” Mayor Ann Redfern said on Tuesday."
    q = _quote(closed, "We will not stop")
    assert q.end == closed.index(" Mayor")
    assert _speaker_of(closed, "The bridge will be paid") == "Ann Redfern"


def test_a_quotation_that_reopens_each_paragraph_goes_on_and_one_that_does_not_ends_at_its_paragraph() -> None:
    # AP/Chicago: a quotation running over paragraphs leaves the closing mark off each paragraph but the last
    # and opens the next with a mark; with no mark there, it ended at its paragraph
    goes_on = ("Mayor Ann Redfern said: “The toll is fair. We will keep it.\n\n"
               "“Drivers paid £4 million last year. The bridge will be paid for in 2031.”\n\n"
               "The council voted 7 to 4 on Tuesday to keep the £2 toll.")
    q = _quote(goes_on, "The toll is fair")
    assert len(q.spans) == 2 and goes_on[q.end - 1] == "”"
    assert _speaker_of(goes_on, "Drivers paid") == "Ann Redfern"
    assert _speaker_of(goes_on, "The council voted") is None
    ended = ("Mayor Ann Redfern said: “The toll is fair. We will keep it.\n\n"
             "The council voted 7 to 4 on Tuesday to keep the £2 toll. Drivers paid £4 million last year.")
    q = _quote(ended, "The toll is fair")
    assert len(q.spans) == 1 and q.end == ended.index("\n\n")
    assert _speaker_of(ended, "We will keep it") == "Ann Redfern"
    assert _speaker_of(ended, "The council voted") is None
    assert _speaker_of(ended, "Drivers paid") is None


def test_a_verb_of_saying_inside_a_relative_clause_gives_way_to_the_verb_after_it() -> None:
    # 'X, who critics say is misinformed, claimed …': the critics speak of X; the sentence is X's
    for text, who in [
        ("Treasurer Pol Varga, who critics say is misinformed, claimed the fund lost $4 million.", "Pol Varga"),
        ("Mayor Ilse Kover, who aides said had been briefed, told reporters the toll would rise 4 percent.",
         "Ilse Kover"),
        ("Ilse Kover, 61, who said she was tired, told reporters the toll would rise 4 percent.", "Ilse Kover"),
    ]:
        assert _speaker_of(text, text[:12]) == who, text
