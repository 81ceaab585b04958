"""offset_unit: code points by default, UTF-16 code units on request, on both endpoints."""

from __future__ import annotations

import random

from app.offsets import Utf16Index

ASTRAL = "Sunday, June 1, 2025 🎉🗞️ 𝐁𝐫𝐞𝐚𝐤𝐢𝐧𝐠 🇺🇦\n\n"
SHORT = ("Sunday, June 1, 2025\n\n"
         "President Vladimir Putin on Sunday called for direct negotiations with Ukraine in Istanbul. "
         "“We are proposing that Kyiv resume direct negotiations without any preconditions,” Mr. Putin said. 🙏\n\n"
         "Ukrainian President Volodymyr Zelenskiy said Ukraine expects “a full, lasting and reliable ceasefire "
         "starting tomorrow, May 12.”\n\n"
         "The war began in February 2022. Officials hope two years of war 😀 might yet give way to peace.")


def utf16_slice(text: str, start: int, end: int) -> str:
    """What JavaScript's text.slice(start, end) gives."""
    return text.encode("utf-16-le")[2 * start:2 * end].decode("utf-16-le")


def all_spans(body: object) -> list[dict]:
    """Every {start, end, text} anywhere in an answer, so that a span-bearing field added later is checked too."""
    if isinstance(body, list):
        return [s for item in body for s in all_spans(item)]
    if not isinstance(body, dict):
        return []
    found = [body] if {"start", "end", "text"} <= body.keys() else []
    return found + [s for v in body.values() for s in all_spans(v)]


def test_utf16_index_matches_the_encoding() -> None:
    rng = random.Random(16)
    alphabet = ["a", "é", "—", "中", "😀", "𝐁", "\n", "🇺"]
    for _ in range(200):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40)))
        ix = Utf16Index(text)
        for i in range(len(text) + 1):
            assert ix.index(i) == len(text[:i].encode("utf-16-le")) // 2


def test_analyze_in_utf16_slices_like_javascript(client) -> None:
    text = ASTRAL + SHORT
    body = client.post("/v1/analyze", json={"text": text, "offset_unit": "utf16"}).json()
    spans = all_spans(body)
    assert body["contradictions"] and body["claims"]
    for span in spans:
        assert utf16_slice(text, span["start"], span["end"]) == span["text"]
    # the default stays code points, and differs exactly where astral characters come before
    plain = client.post("/v1/analyze", json={"text": text}).json()
    for span in all_spans(plain):
        assert text[span["start"]:span["end"]] == span["text"]
    assert [s["start"] for s in all_spans(plain)] != [s["start"] for s in spans]


def test_analyze_html_in_utf16_indexes_the_extracted_text(client) -> None:
    html = "<article>" + "".join(f"<p>{p}</p>" for p in (ASTRAL + SHORT).split("\n\n")) + "</article>"
    body = client.post("/v1/analyze", json={"html": html, "offset_unit": "utf16"}).json()
    text = body["document"]["text"]
    assert "🎉" in text
    for span in all_spans(body):
        assert utf16_slice(text, span["start"], span["end"]) == span["text"]


def test_the_conversion_leaves_the_original_answer_alone(client) -> None:
    from app.models import AnalyzeResponse
    from app.offsets import analyze_to_utf16

    text = ASTRAL + SHORT
    original = AnalyzeResponse.model_validate(client.post("/v1/analyze", json={"text": text}).json())
    before = original.model_dump()
    converted = analyze_to_utf16(original, text)
    assert original.model_dump() == before
    assert converted.model_dump() != before
    assert converted.meta == original.meta and converted.summary.text == original.summary.text


def test_verify_in_utf16(client) -> None:
    text = ASTRAL + SHORT
    body = client.post("/v1/verify", json={"statements": ["The war began in February 2022."],
                                           "sources": [{"id": "a", "text": text},
                                                       {"id": "b", "html": f"<p>{text}</p>"}],
                                           "offset_unit": "utf16"}).json()
    texts = {"a": text, "b": body["sources"]["b"]}
    evidence = body["results"][0]["evidence"]
    assert evidence
    for ev in evidence:
        assert utf16_slice(texts[ev["source_id"]], ev["start"], ev["end"]) == ev["text"]


def test_without_astral_characters_the_units_agree(client, article) -> None:
    a = client.post("/v1/analyze", json={"text": article}).json()
    b = client.post("/v1/analyze", json={"text": article, "offset_unit": "utf16"}).json()
    assert all_spans(a) == all_spans(b)


def test_unknown_offset_unit_is_422_naming_the_field(client) -> None:
    for path, body in (("/v1/analyze", {"text": SHORT, "offset_unit": "bytes"}),
                       ("/v1/verify", {"statements": ["x"], "sources": [{"id": "a", "text": SHORT}],
                                       "offset_unit": "utf8"})):
        r = client.post(path, json=body)
        assert r.status_code == 422
        assert r.headers["content-type"].startswith("application/problem+json")
        assert r.json()["errors"][0]["loc"] == ["body", "offset_unit"]


def test_every_span_of_a_full_answer_is_converted() -> None:
    from app.models import AnalyzeResponse
    from app.offsets import analyze_to_utf16

    text = "😀 Alpha beta. 🎉 Gamma delta."

    def span(part: str) -> dict:
        start = text.index(part)
        return {"start": start, "end": start + len(part), "text": part}

    answer = AnalyzeResponse.model_validate({
        "document": {"sha256": "0" * 64, "sentences": 2, "furniture": [span("🎉")], "headings": [span("Alpha")]},
        "summary": {"text": "Alpha.", "key_points": [{"text": "Alpha", "sentence_ids": [0], "spans": [span("beta")]}],
                    "warnings": [{"key_point": 0, "text": "Alpha", "label": "not_found", "rationale": "r",
                                  "spans": [span("Gamma")], "message": "m"}]},
        "claims": [{"id": "c1", "text": "t", "span": span("Alpha beta."), "sentence_id": 0, "type": "event",
                    "checkworthy": 0.5}],
        "contradictions": [{"id": "x1", "type": "numeric", "a": {"spans": [span("Alpha")]},
                            "b": {"spans": [span("delta")]}, "explanation": "e", "confidence": 0.5,
                            "found_by": "llm"}],
        "meta": {"engine": "offline"},
    })
    converted = analyze_to_utf16(answer, text).model_dump()
    spans = all_spans(converted)
    assert len(spans) == len(all_spans(answer.model_dump())) == 7
    for s in spans:
        assert utf16_slice(text, s["start"], s["end"]) == s["text"]


def test_verify_rationale_positions_are_in_the_answers_unit(client) -> None:
    # "(characters a–b)" in a rationale names the same text as the evidence does, in the unit asked for: a
    # source's positions (word for word, a contradicting figure, the sentences of a two-sentence statement) and
    # the statement's own (a phrase said twice)
    import re

    text = ASTRAL + SHORT
    statements = ["The war began in February 2022.", "The war began in March 2023.",
                  "Putin called for talks in Istanbul on Sunday. The war began in March 2023.",
                  "🎉🎉 Officials hope the John Moores John Moores prize will go ahead."]

    def positions(unit: str) -> list[list[tuple[int, int]]]:
        body = client.post("/v1/verify", json={"statements": statements, "sources": [{"id": "a", "text": text}],
                                               "offset_unit": unit}).json()
        return [[(int(a), int(b)) for a, b in re.findall(r"characters (\d+)–(\d+)", r["rationale"])]
                for r in body["results"]]

    points, units = positions("codepoint"), positions("utf16")
    assert [len(p) for p in points] == [1, 2, 3, 1]
    for statement, cp, u16 in zip(statements, points, units):
        own = statement if statement.startswith("🎉") else text
        assert [utf16_slice(own, a, b) for a, b in u16] == [own[a:b] for a, b in cp]
    assert units != points


def test_summary_warning_positions_are_in_the_answers_unit(client) -> None:
    # a summary warning quotes the verifier's rationale (in summary.warnings and in meta.warnings): its
    # "(characters a–b)" follow offset_unit like the spans do
    import asyncio
    import re

    from app.document import Document
    from app.models import AnalyzeResponse, KeyPoint
    from app.offsets import analyze_to_utf16
    from app.service import _check_summary

    text = ASTRAL + SHORT
    doc = Document(text)
    sentence = next(s for s in doc.body if "February 2022" in s.text)
    [warning] = asyncio.run(_check_summary([KeyPoint(text="The war began in March 2023.",
                                                     sentence_ids=[sentence.id])], doc))
    response = AnalyzeResponse.model_validate(client.post("/v1/analyze", json={"text": text}).json())
    assert response.summary is not None
    response.summary.warnings = [warning]
    response.meta.warnings = [*response.meta.warnings, warning.message]
    converted = analyze_to_utf16(response, text)
    assert converted.summary is not None
    [moved] = converted.summary.warnings

    def positions(rationale: str) -> list[tuple[int, int]]:
        return [(int(a), int(b)) for a, b in re.findall(r"characters (\d+)–(\d+)", rationale)]

    before, after = positions(warning.rationale), positions(moved.rationale)
    assert before and after != before
    assert [utf16_slice(text, a, b) for a, b in after] == [text[a:b] for a, b in before]
    assert moved.message.endswith(moved.rationale) and moved.message in converted.meta.warnings
    assert warning.message not in converted.meta.warnings


def test_a_positioned_text_keeps_where_each_written_position_stands() -> None:
    # plain pieces, written positions and a rationale that holds positions of its own, in any order: every position
    # recorded slices back to the numbers written there, in code points (astral characters before them included)
    from app.offsets import PositionedText

    inner, inner_positions = "a 🎉 cites 3–9 and 12–20.", [(10, 13, "s1"), (18, 23, None)]
    assert [inner[a:b] for a, b, _ in inner_positions] == ["3–9", "12–20"]
    out = PositionedText()
    out.add("[sentence 1 🗞️] ")
    out.add_position("57–70", "s2")
    out.add(" then ")
    out.add_positioned(inner, inner_positions)
    out.add_position("1–2", None)
    text, positions = out.value()
    assert text == "[sentence 1 🗞️] 57–70 then " + inner + "1–2"
    assert [(text[a:b], sid) for a, b, sid in positions] == [("57–70", "s2"), ("3–9", "s1"), ("12–20", None),
                                                             ("1–2", None)]
    assert out.value() == (text, positions)  # reading it does not change it


def test_positions_rewritten_in_utf16_stand_where_the_new_numbers_are() -> None:
    # a number that grows a digit in UTF-16 units moves every position after it; the text between is kept
    from app.offsets import _positions_to_utf16

    source = "🎉" * 12 + "x"  # code point 12 is UTF-16 unit 24
    rationale = "characters 12–13 and 0–1; the statement's 1–2"
    positions: list[tuple[int, int, str | None]] = [(11, 16, "s1"), (21, 24, "s1"), (42, 45, None)]
    assert [rationale[a:b] for a, b, _ in positions] == ["12–13", "0–1", "1–2"]
    own, ix = Utf16Index("🎉ab"), Utf16Index(source)
    text, moved = _positions_to_utf16(rationale, positions, lambda sid: own if sid is None else ix)
    assert text == "characters 24–25 and 0–2; the statement's 2–3"
    assert [(text[a:b], sid) for a, b, sid in moved] == [("24–25", "s1"), ("0–2", "s1"), ("2–3", None)]
    unknown, same = _positions_to_utf16(rationale, positions, lambda sid: None)  # a text not in the answer
    assert (unknown, same) == (rationale, positions)


def test_a_position_in_a_key_point_follows_the_unit_in_an_article_that_needs_no_conversion(client) -> None:
    # the article holds no astral character, the key point does: its warning's position in the key point is still
    # written in UTF-16 units under offset_unit utf16 (analyze_to_utf16 returned the answer as it was)
    from app.models import AnalyzeResponse, SummaryWarning
    from app.offsets import analyze_to_utf16

    text = "The council voted on Monday to build a flood barrier costing $4 million in 2023."
    point = "\U0001f30a The barrier was built in 2024 and again in 2024."
    start = point.index("2024")
    rationale = f"the key point says “2024” twice (characters {start}–{start + 4})"
    at = rationale.index(f"{start}–")
    warning = SummaryWarning(key_point=0, text=point, label="not_found", rationale=rationale,
                             message=f"Key point 1: {rationale}").with_positions([(at, len(rationale) - 1, None)])
    response = AnalyzeResponse.model_validate(client.post("/v1/analyze", json={"text": text}).json())
    assert response.summary is not None
    response.summary.warnings = [warning]
    converted = analyze_to_utf16(response, text)
    assert converted.summary is not None
    [moved] = converted.summary.warnings
    a, b = (int(n) for n in moved.rationale.rsplit("characters ", 1)[1].rstrip(")").split("–"))
    assert utf16_slice(point, a, b) == "2024" and (a, b) == (start + 1, start + 5)
