"""The offline verifier: figures with hedges and units, negation, antonyms, retrieval, verdicts."""

from __future__ import annotations

import pytest

from app.document import Document
from app.document.source import SourceDocument
from app.verify import retrieve, verify_offline
from app.verify.polarity import antonym_clash, negation_clash
from app.verify.quantities import compare, derived, quantities
from app.verify.text import tokens
from tests.conftest import DATA

LEVY = (DATA / "verify" / "school-levy.txt").read_bytes().decode("utf-8")
FURNITURE = (DATA / "verify" / "with-furniture.txt").read_bytes().decode("utf-8")


def first(text: str):
    found = quantities(text)
    assert found, f"no figure read from {text!r}"
    return found[0]


@pytest.mark.parametrize(("said", "source", "verdict"), [
    ("nearly 30 percent", "29.6 percent", "match"),
    ("about 40 percent", "29.6 percent", "conflict"),
    ("30 percent", "29.6 percent", "match"),  # a rounded figure
    ("close to 90 percent", "87 percent", "match"),
    ("about 97 percent", "87 percent", "conflict"),
    ("$4.3 million", "$3.4 million", "conflict"),
    ("$12m", "$12 million", "match"),
    ("€4.8 billion", "€8.4 billion", "conflict"),
    ("four out of five", "80 percent", "match"),
    ("about a third", "35 percent", "match"),
    ("fewer than 25,000", "27,950", "conflict"),
    ("more than 2 feet", "2.3 feet", "match"),
    ("just over four days", "4.2 days", "match"),
    ("just over four days", "5.5 days", "conflict"),
    ("more than half an hour", "34 minutes", "match"),
    ("sixteen", "16", "match"),
    ("a 60-day ceasefire", "a 30-day ceasefire", "conflict"),
    ("the 78th minute", "the 88th minute", "conflict"),
    ("voted 7-2", "voted 6-3", "conflict"),
    ("in 2029", "in 2027", "conflict"),
    ("on Friday", "on Thursday", "conflict"),
    ("on March 6", "on March 5", "conflict"),
    ("start in October", "start in September", "conflict"),
    ("by May 2029", "by May 2029", "match"),
    ("10 percentage points", "10 percent", "incompatible"),
    ("250,000 pounds", "$250,000", "incompatible"),
])
def test_figures_compare_as_an_editor_reads_them(said, source, verdict):
    assert compare(first(said), first(source)) == verdict


@pytest.mark.parametrize(("text", "kind", "value"), [
    ("the share fell from 40 percent to 30 percent", "pp", 10.0),
    ("the share fell from 40 percent to 30 percent", "percent", 25.0),
    ("turnout was 41 percent, up from 33 percent", "pp", 8.0),
    ("lawmakers voted it down by 176 votes to 171", "count", 5.0),
    ("backing the measure by 6,412 votes to 5,108", "count", 1304.0),
    ("the fare rises from $2 to $2.50", "money", 0.5),
    ("6.2 million passengers last year, up from 4.9 million in 2019", "count", 1.3e6),
    ("waiting lists rose from 1,800 to 2,700", "factor", 1.5),
])
def test_worked_out_figures(text, kind, value):
    worked = derived(quantities(text), text)
    assert any(q.kind == kind and abs(q.value - value) < 1e-6 for q in worked), worked


def test_a_month_is_a_figure_but_the_verb_may_is_not():
    assert [q.value for q in quantities("It may rain in May, as it did last April.") if q.kind == "month"] == [5, 4]


def test_one_of_the_judges_states_no_share():
    assert not [q for q in quantities("One of the three judges dissented.") if q.kind == "percent"]


@pytest.mark.parametrize(("statement", "source", "clash"), [
    ("Frank Delaney has decided to seek a new trial.", "Frank Delaney had not decided whether to seek a new trial.", True),
    ("Ukraine is not ready to meet.", "Ukraine is ready to meet.", True),
    ("No deaths were reported in the fire.", "No deaths were reported.", False),
    ("Russia wants guarantees that Ukraine will not join NATO.",
     "Russia wants guarantees preventing Ukraine's accession to NATO.", False),
    ("The four members voted against the plan.", "The four members who voted no opposed the plan.", False),
])
def test_negation(statement, source, clash):
    assert bool(negation_clash(tokens(statement), tokens(source))) is clash


@pytest.mark.parametrize(("statement", "source", "clash"), [
    ("The court upheld the conviction.", "The court overturned the conviction.", True),
    ("Voltara reported a net profit of $22 million.", "Voltara reported a net loss of $22 million.", True),
    ("Dr. Bell called the results unconvincing.", "Dr. Bell said the results were convincing.", True),
    ("Baltica shares fell 4 percent.", "Baltica shares gained 4 percent.", True),
    ("Councilwoman Vance voted for the plan.", "Councilwoman Vance, who voted against it, spoke.", True),
    ("The wind picked up after midnight.", "Once it dropped after midnight, crews got in.", True),
    # the clause that matches the statement says "approved"; "rejecting" is about earlier votes
    ("Voters rejected the $36 million levy on Thursday.",
     "Voters approved a $36 million levy on Thursday, after rejecting similar proposals in 2021.", True),
    ("Voters rejected similar proposals in 2021.",
     "Voters approved a $36 million levy on Thursday, after rejecting similar proposals in 2021.", False),
    ("Shares rose 6 percent.", "Shares rose 6 percent.", False),
])
def test_antonyms(statement, source, clash):
    assert bool(antonym_clash(tokens(statement), tokens(source))) is clash


def test_retrieve_returns_body_sentences_with_their_offsets():
    doc = Document(FURNITURE)
    source = SourceDocument("site", doc)
    hits = retrieve("The mill will employ 240 people when it reopens.", [source], k=3)
    assert 0 < len(hits) <= 3
    assert hits[0][1].text.startswith("The mill will employ 240 people")
    scores = [score for _, _, score in hits]
    assert scores == sorted(scores, reverse=True)
    for src, sentence, _ in hits:
        assert src is source and sentence.kind == "body"
        assert doc.text[sentence.start:sentence.end] == sentence.text
        assert not doc.is_furniture(sentence.start, sentence.end)


def test_furniture_is_never_evidence():
    doc = Document(FURNITURE)
    assert doc.furniture, "the test article must hold a furniture line"
    result = verify_offline(["Subscribe to our newsletter for the latest news."], [SourceDocument("site", doc)])[0]
    assert result.label != "supported"
    assert all(not doc.is_furniture(e.start, e.end) for e in result.evidence)


def test_evidence_spans_slice_the_source_exactly():
    source = SourceDocument("levy", Document(LEVY))
    statements = ["Turnout was 41 percent.", "Turnout was 44 percent.", "Eastfield High School was built in 1968.",
                  "Voters rejected a similar proposal in 2022."]
    for result in verify_offline(statements, [source]):
        assert result.evidence
        for e in result.evidence:
            assert e.source_id == "levy" and LEVY[e.start:e.end] == e.text


@pytest.mark.parametrize(("statement", "label", "words"), [
    ("Eastfield voters approved a $36 million school building levy.", "supported", []),
    ("Eastfield voters approved a $63 million school building levy.", "contradicted", ["$63 million", "$36 million"]),
    ("Voters approved the levy on Tuesday.", "contradicted", ["Tuesday", "Thursday"]),
    ("The Eastfield Taxpayers League said it would challenge the result.", "contradicted", ["denies", "challenge"]),
    ("The levy will pay for a new roof at Eastfield Middle School.", "contradicted",
     ["Eastfield Middle School", "Eastfield High School"]),
    ("The state will match the levy with $10 million in grants.", "not_found", []),
    ("The levy passed by a margin of 1,304 votes.", "supported", ["1,304"]),
    ("Three of the seven schools in the district are over capacity.", "supported", []),
])
def test_verdicts_and_rationales(statement, label, words):
    result = verify_offline([statement], [SourceDocument("levy", Document(LEVY))])[0]
    assert result.label == label, result.rationale
    for word in words:
        assert word in result.rationale
    assert 0.0 <= result.confidence <= 1.0


def test_figures_the_statement_ties_together_must_be_tied_in_the_source():
    source = SourceDocument("airport", Document((DATA / "verify" / "airport-expansion.txt").read_text("utf-8")))
    wrong, right = verify_offline(["The airport handled 6.2 million passengers in 2019.",
                                   "The airport handled 4.9 million passengers in 2019."], [source])
    assert wrong.label == "contradicted" and "4.9 million" in wrong.rationale
    assert right.label == "supported"


def test_the_right_source_is_cited():
    sources = [SourceDocument("site", Document(FURNITURE)), SourceDocument("levy", Document(LEVY))]
    result = verify_offline(["Turnout was 41 percent at the levy vote."], sources)[0]
    assert result.label == "supported"
    assert {e.source_id for e in result.evidence} == {"levy"}


def test_a_source_without_body_text_finds_nothing():
    result = verify_offline(["Turnout was 41 percent."], [SourceDocument("empty", Document("Share this article"))])[0]
    assert result.label == "not_found" and result.evidence == []


def test_api_evidence_indexes_each_source_as_the_response_gives_it(client):
    html = ("<html><body><nav>Home | News | Sport</nav><article><h1>Levy passes</h1>"
            "<p>Turnout was 41 percent, up from 33 percent at the last levy vote.</p></article></body></html>")
    r = client.post("/v1/verify", json={
        "statements": ["Turnout was 41 percent.", "Eastfield High School was built in 1968.",
                       "Turnout was 44 percent."],
        "sources": [{"id": "page", "html": html}, {"id": "levy", "text": LEVY}]})
    assert r.status_code == 200, r.text
    body = r.json()
    texts = {"page": body["sources"]["page"], "levy": LEVY}
    labels = [res["label"] for res in body["results"]]
    assert labels == ["supported", "supported", "contradicted"]
    for res in body["results"]:
        for e in res["evidence"]:
            assert texts[e["source_id"]][e["start"]:e["end"]] == e["text"]
    assert "Home | News" not in " ".join(e["text"] for res in body["results"] for e in res["evidence"])


def test_cli_text_form_reads_as_a_report(tmp_path):
    from tests.test_cli import run

    statements = tmp_path / "statements.txt"
    statements.write_text("Turnout was 44 percent.\nEastfield High School was built in 1968.\n", encoding="utf-8")
    r = run("verify", "--source", f"levy={DATA / 'verify' / 'school-levy.txt'}", "--statements", str(statements),
            "--engine", "offline")
    assert r.returncode == 0, r.stderr
    assert "1. CONTRADICTED" in r.stdout and "“44 percent”" in r.stdout and "“41 percent”" in r.stdout
    assert "2. SUPPORTED" in r.stdout and "evidence [levy chars" in r.stdout
    assert "2 statements: 1 supported, 1 contradicted, 0 not found" in r.stdout


@pytest.mark.parametrize("statement", [
    "n't", "%", "$", "$$$ 1,2,3", "–", "“”", "12m", "1-2-3", "May", "no no no", "...", "2019-2020",
    "50 cents cents", "a third of a half", "one out of zero", "0 percent", "from 0 to 5", "9" * 400,
    "Ünïcödé Ñame said 3½ percent", "\u200bx", "−5 percent", "Turnout was 41 percent. " * 50,
])
def test_odd_statements_get_a_verdict(statement):
    result = verify_offline([statement], [SourceDocument("levy", Document(LEVY))])[0]
    assert result.label in {"supported", "contradicted", "not_found"}
    for e in result.evidence:
        assert LEVY[e.start:e.end] == e.text


def test_fragments_of_the_source_never_break_the_spans():
    import random

    rng = random.Random(7)
    doc = Document(LEVY)
    fragments = []
    for _ in range(40):
        a = rng.randrange(len(LEVY) - 5)
        fragments.append(LEVY[a:a + rng.randrange(5, 160)].strip() or "x")
    for result in verify_offline(fragments, [SourceDocument("levy", doc)]):
        for e in result.evidence:
            assert LEVY[e.start:e.end] == e.text and not doc.is_furniture(e.start, e.end)


class _Ordered(list[str]):
    """Stems in a fixed order: what a set of stems iterates as under one PYTHONHASHSEED or another."""

    def __and__(self, other: set[str]) -> list[str]:
        return [s for s in self if s in other]


@pytest.mark.parametrize("first", [True, False])
def test_a_shares_figure_does_not_depend_on_the_order_the_stems_are_summed_in(first: bool) -> None:
    # the statement's stems are a set, whose order changes with the process's hash seed: a plain float sum over it
    # rounded differently from one process to the next, and the best passage (and the "best match shares N%" of a
    # verdict) with it. The sums are exactly rounded whatever the order.
    from types import SimpleNamespace

    from app.verify.retrieve import coverage

    weights = {"harbour": 1.0, **{f"w{i}": 1.2e-17 for i in range(10)}}
    order = sorted(weights, key=lambda s: (s != "harbour") == first)
    query = SimpleNamespace(stems=_Ordered(order))
    idx = SimpleNamespace(weight=weights.__getitem__)
    assert coverage(query, idx, {"harbour"}) == 1.0 / 1.0000000000000002
