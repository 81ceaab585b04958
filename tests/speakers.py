"""Test helper shared by the speaker tests: the speaker that `app.quotations` gives the quotation over a fragment."""

from __future__ import annotations

from app.quotations import quotations


def quotation_speaker(text: str, fragment: str) -> str | None:
    """The speaker of the first quotation whose spans hold the first code point of `fragment` in `text`;
    fails the test when no quotation covers it."""
    start = text.index(fragment)
    found = [q for q in quotations(text) if any(s <= start < e for s, e in q.spans)]
    assert found, f"no quotation covers {fragment!r}"
    return found[0].speaker
