"""What the offline summary may and may not choose (issue 15): position, furniture, whole sentences."""

from __future__ import annotations

import pytest

from app.document import Document
from app.engines.features import figures, leans_on_previous, names, quote_balance
from app.engines.summary import ineligible, summarise

# One block of text, as scraped pages often arrive: no paragraph breaks at all.
ONE_LINE = (
    "The Harwick town council approved a new flood barrier on Tuesday, ending a six-year dispute over "
    "the river wall. "
    "Councillors voted 7-2 for the £4.2 million scheme after a three-hour meeting. "
    "Flood barrier supporters said the barrier would protect the barrier district and the river district. "
    "The river barrier debate, the river wall debate and the barrier debate filled the river hall. "
    "Work on the river barrier is due to start in the spring and finish in 2028. "
    "The river barrier and the river wall will be inspected by the river board every year."
)


def _points(text: str, words: int = 400) -> list[str]:
    return [k.text for k in summarise(Document(text), words).key_points]


def test_an_article_without_paragraph_breaks_keeps_its_lede():
    points = _points(ONE_LINE, 40)
    assert points[0].startswith("The Harwick town council approved")
    # the next sentence of the story comes before the repetitive ones that only echo its words
    assert any(p.startswith("Councillors voted 7-2") for p in points)


LEDE = "The Kessock ferry will stop running on Sundays from March, the operator Sound Lines said on Monday. "


@pytest.mark.parametrize("furniture", [
    "Creme Egg: 26.5g sugar; 177 calories.",                                      # data box
    "Mini Eggs: 20.5g sugar; 148 calories; 7.3g fat.",                            # data box
    "Pictured: the ferry at Kessock pier on a calm day last summer.",              # caption with a label
    "Skipper Ian Rourke (left) steers the ferry out of Kessock harbour at dawn.",  # caption, position marker
    "Changing tides: the ferry leaves Kessock pier for the last Sunday crossing.",  # caption, short label
    "Skipper Ian Rourke waves to islanders from the bridge of the ferry.",          # caption in the present tense
    "Skipper Ian Rourke and Eilidh Rourke pose for a photograph at the pier.",     # caption in the present tense
    "Skipper Ian Rourke, who has crewed the ferry since 1994, with daughter Eilidh.",  # caption without a verb
    "Scroll down for video of the last Sunday crossing from Kessock.",             # call to the reader
    "READ MORE: Kessock pier repairs delayed again after storm damage.",           # promo
    "BBC Scotland's Morag Innes contributed to this report.",                     # credit line
    "The Islands Transport Series is supported by Harwick Ferries Ltd.",            # sponsor line
    "Follow Morag Innes on Twitter for more news from the islands.",               # credit line
    "Not everyone was pleased with the decision to cut the service.",              # teaser
    "So what will islanders do on Sundays from now on?",                          # question
    "'We have no choice at all,' he told reporters at the pier.",                   # bare quotation, straight '
    "“We have no choice at all.",                                                 # half a quotation
])
def test_furniture_and_fragments_are_never_key_points(furniture):
    text = LEDE + furniture + " The last Sunday crossing will leave Kessock at 6pm on February 28, Sound Lines said."
    points = _points(text)
    assert points, "the lede stays"
    assert all(furniture not in p for p in points)


def test_a_short_label_is_a_caption_in_one_block_but_a_list_label_between_paragraphs():
    one_block = Document("Security Guarantees: Russia seeks to bar Ukraine from joining the alliance, officials said.")
    assert ineligible(one_block.body[0], max_words=120, one_block=True) == "caption"
    assert ineligible(one_block.body[0], max_words=120, one_block=False) is None


def test_a_leaning_sentence_joins_the_sentence_it_leans_on():
    text = ("Harbour pilot Ewan Gault retired on Friday after 41 years guiding ships into Port Allan. "
            "He brought in more than 9,000 vessels, including the largest cruise ship ever to dock there. "
            "Port Allan handles about 2 million tonnes of cargo a year.")
    summary = summarise(Document(text), 400)
    for point in summary.key_points:
        assert not leans_on_previous(point.text), point.text
    joined = [p for p in summary.key_points if len(p.sentence_ids) == 2]
    assert joined and joined[0].text.startswith("Harbour pilot Ewan Gault retired")
    assert len(joined[0].spans) == 2


def test_a_sentence_leaning_on_one_left_out_is_left_out():
    text = (LEDE + "Why would an operator cut its busiest day of the week? "
            "This is the first cut to the timetable since the route opened in 1994. "
            "The last Sunday crossing will leave Kessock at 6pm on February 28, Sound Lines said.")
    assert all("first cut to the timetable" not in p for p in _points(text))


def test_a_quotation_with_its_speaker_named_after_it_is_a_whole_key_point():
    text = ("“The strike will go ahead on Monday,” union organiser Duncan Rennie said on Thursday. "
            "Crews voted by 87 per cent for action on a turnout of 74 per cent.")
    assert _points(text)[0].startswith("“The strike will go ahead on Monday,”")


def test_key_points_fit_the_word_limit():
    summary = summarise(Document(ONE_LINE), 30)
    assert sum(len(p.text.split()) for p in summary.key_points) <= 30


# -- the features the summary and the claims share ---------------------------------------------------

@pytest.mark.parametrize("text, balance", [
    ("\"They are not asking for more money.", 1),
    ("They are asking to see their families.\"", -1),
    ("'We have not objected,' he told reporters.", 0),
    ("The fans' end was full.", 0),
    ("‘I don’t know,’ she said.", 0),
    ("It's called \"Keep Norvia Moving Forward.\"", 0),
    ("He said ‘no.", 1),
])
def test_quote_balance_reads_straight_and_curly_marks_and_apostrophes(text, balance):
    assert quote_balance(text) == balance


@pytest.mark.parametrize("text, found", [
    ("Burglary reports up 140 percent.", True),
    ("I donate hundreds of millions of dollars to charity.", True),
    ("I faced well over a trillion-dollar shortfall.", True),
    ("One thing I've noted while travelling is the crowds.", False),
    ("She voted down child care tax credits this session.", False),
])
def test_figures_in_digits_and_words(text, found):
    assert bool(figures(text)) is found


def test_a_name_that_opens_the_sentence_is_a_name():
    assert "Gordon" in names("Gordon backed the occupation of Veltrania.")
    assert names("The plan failed.") == []


@pytest.mark.parametrize("prefix", ["Updated Jul 7, 2012 6:40 PM ET ", "Tuesday, August 25, 2015, 12:41 AM ",
                                    "JANE ROE / THE HARWICK HERALD ", "(Jane Roe/The Harwick Herald) ",
                                    "(CNN) -- ", "By Jane Roe, HARWICK HERALD "])
def test_a_timestamp_or_credit_glued_before_the_lede_is_not_part_of_the_key_point(prefix):
    text = prefix + LEDE + "The last Sunday crossing will leave Kessock at 6pm on February 28, Sound Lines said."
    summary = summarise(Document(text), 400)
    first = summary.key_points[0]
    assert first.text.startswith("The Kessock ferry will stop running")
    assert first.spans[0].start == len(prefix)
