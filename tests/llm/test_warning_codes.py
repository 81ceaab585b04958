"""meta.warning_codes: a stable code beside each warning text, the same length and order (app/warnings.py)."""

from __future__ import annotations

import httpx

from app.models import Meta
from app.warnings import WARNING_CODES, warning_code


def _down(payload, attempt):
    return httpx.Response(503, json={"error": {"message": "down"}})


def test_degraded_parts_have_their_codes(serve, short_article):
    for part in ("claims", "summary"):
        client, fake = serve("tools")
        fake.overrides[part] = _down
        meta = client.post("/v1/analyze", json={"text": short_article}).json()["meta"]
        assert len(meta["warning_codes"]) == len(meta["warnings"]) >= 1
        assert f"{part}_degraded" in meta["warning_codes"]


def test_a_dropped_item_has_its_code(serve, short_article):
    def invent(payload, attempt):
        payload["claims"].append({"sentence_id": 1, "quote": "fares will be free for pensioners",
                                  "text": "Fares will be free.", "speaker": None, "type": "event",
                                  "checkworthy": 0.9})
        return payload

    client, fake = serve("tools")
    fake.overrides["claims"] = invent
    meta = client.post("/v1/analyze", json={"text": short_article}).json()["meta"]
    pairs = dict(zip(meta["warnings"], meta["warning_codes"], strict=True))
    assert any(code == "item_dropped" for text, code in pairs.items() if text.startswith("claims: dropped"))


def test_codes_are_a_closed_list_and_unknown_text_is_other():
    assert warning_code("something nobody wrote yet") == "other"
    assert Meta(engine="offline", warnings=["a", "b"]).warning_codes == ["other", "other"]
    assert len(set(WARNING_CODES)) == len(WARNING_CODES) and "other" in WARNING_CODES


def test_an_item_dropped_from_a_call_for_several_parts_has_its_code(serve, short_article):
    """The warning of a call that asked for several parts names them all (`summary+claims+contradictions: `)."""
    def ungrounded_side(payload, attempt):
        return {**payload, "contradictions": [{"type": "numeric", "a": {"sentence_id": 2, "quote": "12 percent"},
                                               "b": {"sentence_id": 3, "quote": "nine dollars a ride"},
                                               "explanation": "x", "confidence": 0.5}]}

    client, fake = serve("tools", llm_calls="single")
    fake.overrides["summary_claims_contradictions"] = ungrounded_side
    meta = client.post("/v1/analyze", json={"text": short_article}).json()["meta"]
    pairs = dict(zip(meta["warnings"], meta["warning_codes"], strict=True))
    dropped = [code for text, code in pairs.items() if text.startswith("summary+claims+contradictions: dropped")]
    assert dropped == ["item_dropped"]
