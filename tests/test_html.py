"""HTML in, article text out: a page with furniture, fragments, the eval fixtures' pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from app.document import Document
from app.htmltext import extract_article, extract_text, structural_article, without_internal_subsets
from tests.yamlfile import read_yaml

DATA = Path(__file__).resolve().parent / "data" / "document"
FIXTURES = Path(__file__).resolve().parent.parent / "evals" / "fixtures"
PAGE = (DATA / "page.html").read_text(encoding="utf-8")
EXPECT = read_yaml(DATA / "page.yaml")


@pytest.fixture(scope="module")
def page() -> Document:
    return Document.from_html(PAGE)


@pytest.mark.parametrize("passage", EXPECT["kept"])
def test_article_text_is_kept_with_entities_decoded(page: Document, passage: str) -> None:
    assert passage in page.text


@pytest.mark.parametrize("furniture", EXPECT["dropped"])
def test_page_furniture_is_dropped(page: Document, furniture: str) -> None:
    assert furniture not in page.text


def test_headline_title_and_headings(page: Document) -> None:
    assert page.title == EXPECT["title"]
    assert [h.text for h in page.headings] == EXPECT["headings"]
    assert page.is_html


def test_the_date_in_the_dropped_byline_is_kept_as_the_dateline(page: Document) -> None:
    assert page.dateline is not None
    assert page.dateline.date == EXPECT["dateline"]
    assert page.dateline.weekday == EXPECT["weekday"]
    assert page.dateline.source == "text"


def test_list_items_are_body_sentences_of_their_own(page: Document) -> None:
    body = [s.text for s in page.body]
    for item in EXPECT["list_items"]:
        assert item in body


def test_paragraph_breaks_are_kept(page: Document) -> None:
    assert "repairs, a decision the mayor called “painful but necessary.”\n\nEngineers found" in page.text
    assert len(page.paragraphs) >= 10


def test_offsets_index_the_extracted_text(page: Document) -> None:
    for s in page.sentences:
        assert page.text[s.start:s.end] == s.text


def test_a_fragment_without_html_or_body() -> None:
    text, title = extract_text("<p>First&nbsp;paragraph &amp; more.</p><p>Second <b>bold</b> one.</p>")
    assert text == "First\u00a0paragraph & more.\n\nSecond bold one."
    assert title is None


def test_blocks_lists_quotes_and_line_breaks() -> None:
    html = ("<div><div><h2>Key Facts</h2><ol><li>One</li><li>Two <i>items</i></li></ol></div>"
            "<blockquote>“Quoted,” she said.</blockquote><p>Line one<br>line two</p></div>")
    assert extract_article(html).text == "Key Facts\n\nOne\nTwo items\n\n“Quoted,” she said.\n\nLine one\nline two"


def test_double_line_breaks_are_paragraph_breaks() -> None:
    html = "<div>Para one.<br><br>Para two.<br>Line.<br> <br>\n<br>Three.</div>"
    assert extract_article(html).text == "Para one.\n\nPara two.\nLine.\n\nThree."


def test_tables_give_a_line_per_row() -> None:
    html = "<article><table><tr><th>Name</th><th>Votes</th></tr><tr><td>Smith</td><td>1,234</td></tr></table></article>"
    assert extract_article(html).text == "Name Votes\nSmith 1,234"


def test_the_article_with_most_text_is_chosen() -> None:
    html = ("<main><article><p>Teaser.</p></article>"
            "<article><h1>Real Story</h1><p>The real story is long enough to win the contest.</p></article></main>")
    article = extract_article(html)
    assert article.text == "Real Story\n\nThe real story is long enough to win the contest."
    assert article.title == "Real Story"


def test_a_headline_outside_the_article_is_put_first() -> None:
    html = ("<html><head><title>Site | Page</title></head><body><header><h1>The Headline</h1></header>"
            "<article><p>Body text of the story.</p></article></body></html>")
    assert extract_article(html).text == "The Headline\n\nBody text of the story."


def test_hidden_and_script_content_never_surfaces() -> None:
    html = ("<article><p>Seen.</p><p hidden>Hidden one.</p><p style='display: none'>Hidden two.</p>"
            "<div aria-hidden='true'>Hidden three.</div><script>var x = 'Hidden four';</script></article>")
    assert extract_article(html).text == "Seen."


def test_deeply_nested_markup_does_not_overflow() -> None:
    html = "<div>" * 3000 + "<p>Deep.</p>" + "</div>" * 3000
    assert extract_article(html).text == "Deep."


def test_empty_and_text_only_input() -> None:
    assert extract_article("").text == ""
    assert extract_article("Just words, no tags.").text == "Just words, no tags."


def _fixtures() -> list[dict]:
    out = []
    for path in sorted(FIXTURES.glob("*.yaml")):
        data = read_yaml(path)
        if str(data.get("text_file", "")).endswith(".html"):
            out.append(data)
    return out


@pytest.mark.parametrize("fixture", _fixtures(), ids=lambda f: f["id"])
def test_fixture_pages(fixture: dict) -> None:
    html = (FIXTURES / fixture["text_file"]).read_text(encoding="utf-8")
    doc = Document.from_html(html)
    for line in fixture.get("boilerplate") or []:
        at = doc.text.find(line)
        assert at == -1 or doc.is_furniture(at, at + len(line)), line
    assert doc.dateline is not None and doc.dateline.date == fixture["published"]
    assert [h.text for h in doc.headings] == [fixture["title"]]
    assert isinstance(doc.dateline.date, dt.date)


# -- the kinds of extraction fault each extractor must avoid (trafilatura's and our structural one) -------------
BOTH = pytest.mark.parametrize("extract", [extract_article, structural_article], ids=["chosen", "structural"])
_LEDE = ("<p>The water board approved a new treatment works for Fenwick on Thursday after two years of "
         "public hearings and three revised plans.</p>")
_MORE = ("<p>Construction is due to start in the spring and will take about three years, the board said in a "
         "statement released after the vote.</p>"
         "<p>Residents near the site had asked for a lower chimney and fewer lorry journeys during the works.</p>")


@BOTH
def test_a_layout_class_that_names_a_sidebar_keeps_the_article_inside_it(extract) -> None:
    # the container's class has a furniture word in it, and a long script makes it look small beside its parent
    script = "<script>window.analyticsConfig = {" + "\"key\": \"value\", " * 400 + "};</script>"
    html = (f"<html><body><article>{script}<div class='story-segment l-sidebar-fixed'>{_LEDE}{_MORE}</div>"
            "<div class='sidebar'><p>Most read: a cat stuck up a tree.</p></div></article></body></html>")
    text = extract(html).text
    assert "treatment works for Fenwick" in text and "lower chimney" in text
    assert "analyticsConfig" not in text and "cat stuck" not in text


@BOTH
def test_paywalled_paragraphs_are_kept_and_the_subscription_prompt_is_not(extract) -> None:
    html = (f"<html><body><article><h1>Board approves treatment works</h1>{_LEDE}"
            "<p class='paywall'>Construction is due to start in the spring and will take about three years, the "
            "board said in a statement released after the vote.</p>"
            "<p class='paywall'>Residents near the site had asked for a lower chimney and fewer lorry journeys "
            "during the works.</p>"
            "<div class='paywall'>Subscribe today to read the full story. Existing member? Log in.</div>"
            "</article></body></html>")
    text = extract(html).text
    assert "start in the spring" in text and "lower chimney" in text
    assert "Subscribe today" not in text


@BOTH
def test_aria_hidden_paragraphs_are_seen_by_readers_and_kept(extract) -> None:
    html = (f"<html><body><article>{_LEDE}<div aria-hidden='true'>{_MORE}</div>"
            "<span aria-hidden='true'>▶</span></article></body></html>")
    text = extract(html).text
    assert "start in the spring" in text and "lower chimney" in text and "▶" not in text


@BOTH
def test_a_reader_comment_is_never_the_article(extract) -> None:
    comment = ("<article itemscope itemtype='https://schema.org/Comment'><p>I have lived next to the old works "
               "for forty years and nobody from the board ever asked what we thought about anything at all, not "
               "once, and now they expect us to be grateful for a new one twice the size.</p></article>")
    html = (f"<html><body><div class='post'><h1>Board approves treatment works</h1>{_LEDE}{_MORE}</div>"
            f"<div class='comment-list'>{comment * 3}</div></body></html>")
    text = extract(html).text
    assert "treatment works for Fenwick" in text and "lower chimney" in text
    assert "forty years" not in text


@BOTH
def test_a_list_of_teaser_links_and_its_heading_are_dropped(extract) -> None:
    html = (f"<html><body><article><h1>Board approves treatment works</h1>{_LEDE}{_MORE}"
            "<section><h2>More from the Valley Courier</h2><ul>"
            "<li><a href='/1'>Bypass plan goes back to the drawing board</a></li>"
            "<li><a href='/2'>Library opening hours cut from May</a></li>"
            "<li><a href='/3'>School roof repairs finished early</a></li></ul></section></article></body></html>")
    doc = Document(extract(html).text, is_html=True)
    assert "lower chimney" in doc.text
    for teaser in ("More from the Valley Courier", "Bypass plan", "Library opening hours", "School roof"):
        assert teaser not in doc.text


def test_a_list_in_the_article_that_is_not_only_links_stays() -> None:
    html = (f"<article>{_LEDE}<ul><li>a new <a href='/c'>chimney</a> design</li><li>two access roads</li></ul>"
            "</article>")
    assert "two access roads" in structural_article(html).text


@BOTH
def test_short_paragraphs_in_styled_divs_are_each_kept(extract) -> None:
    div = "<div style='margin: 1em 0'><div style='direction: ltr'><span style='font-size: 12pt'>{}</span></div></div>"
    lines = ["The board voted 5 to 2 on Thursday to approve the works.", "Was the chair worried about the cost?",
             "“Never.”", "The meeting ended soon after.", "“We will see,” said board member Iris Kahn, smiling."]
    html = "<html><body><article><h1>Works approved</h1>" + "".join(div.format(t) for t in lines) + \
        "</article></body></html>"
    doc = Document.from_html(html) if extract is extract_article else Document(extract(html).text, is_html=True)
    assert [s.text for s in doc.body] == lines


@BOTH
def test_a_gift_link_dialog_inside_the_article_is_dropped(extract) -> None:
    modal = ("<div class='story__share-modal'><div class='story__share-modal__title'>Send this story to a "
             "friend</div><a href='/login'>Log in</a> <span>Not a member yet?</span></div>")
    html = f"<html><body><article>{_LEDE}{modal}{_MORE}</article></body></html>"
    text = extract(html).text
    assert "lower chimney" in text and "Send this story" not in text and "Not a member" not in text


def test_no_break_spaces_survive_trafilatura() -> None:
    html = (f"<html><body><article>{_LEDE}<p>The works will cost 40&nbsp;million euros and open on "
            "May&#160;4 next year, the board said in its statement.</p>" + _MORE + "</article></body></html>")
    article = extract_article(html)
    assert article.method != "structural"
    assert "40\u00a0million" in article.text and "May\u00a04" in article.text


@pytest.mark.parametrize("declaration", [
    "<!DOCTYPE html [<!ENTITY x SYSTEM 'file:///etc/passwd'>]>",
    # any name, whitespace before the closing ">", quoted strings holding "]" and ">" inside the subset
    "<!doctype svg [\n  <!ENTITY x \"a]>b\">\n  <!ATTLIST p id ID #IMPLIED>\n] >",
])
def test_a_doctype_with_an_internal_subset_leaves_no_part_in_the_text(declaration):
    html = f"{declaration}<p>&x; said the mayor on Monday.</p><p>The barrier opens in May.</p>"
    doc = Document.from_html(html)
    assert doc.text == "&x; said the mayor on Monday.\n\nThe barrier opens in May."  # the entity is never expanded
    assert not doc.furniture


def test_a_doctype_without_a_subset_and_an_unclosed_subset_are_left_to_the_parser():
    assert without_internal_subsets("<!DOCTYPE html><p>A [bracket] stays.</p>") == \
        "<!DOCTYPE html><p>A [bracket] stays.</p>"
    assert without_internal_subsets("<!DOCTYPE html [ <p>Never closed.</p>") == "<!DOCTYPE html [ <p>Never closed.</p>"
    assert without_internal_subsets("<p>One.</p><!DOCTYPE x [ ]><p>Two.</p>") == "<p>One.</p><p>Two.</p>"
