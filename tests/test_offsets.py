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


def all_spans(body: dict) -> list[dict]:
    doc = body["document"]
    spans = list(doc["furniture"]) + list(doc["headings"])
    spans += [s for k in (body["summary"] or {"key_points": []})["key_points"] for s in k["spans"]]
    spans += [c["span"] for c in body["claims"] or []]
    spans += [s for x in body["contradictions"] or [] for side in ("a", "b") for s in x[side]["spans"]]
    return spans


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
