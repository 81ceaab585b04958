"""Stable codes for the free-text entries of `meta.warnings`, for clients that act on them.

`meta.warning_codes[i]` is the code of `meta.warnings[i]` (same length, same order); the text stays as it was.
The codes are a closed list (WARNING_CODES, also in the OpenAPI schema): a new kind of warning gets a new code
here, and anything not recognised is `other`, so a plugin can rely on the list.
"""

from __future__ import annotations

import re

# (code, what the warning text looks like): the first match wins. The texts are written by app.service and
# app.engines (llm/analyze, llm/verify, llm/schemas); tests/test_warning_codes.py keeps the two in step.
_RULES: list[tuple[str, re.Pattern[str]]] = [
    ("summary_unsupported", re.compile(r"summary key point \d+ is not supported")),
    ("summary_unchecked", re.compile(r"summary check: not done before the request deadline")),
    ("summary_degraded", re.compile(r"summary: .*; the offline summary")),
    ("claims_part_degraded", re.compile(r"claims: part \d+ of \d+: ")),
    ("claims_degraded", re.compile(r"claims: .*; the offline claims")),
    ("contradictions_degraded", re.compile(r"contradictions: .*; only the deterministic")),
    ("checks_unfinished", re.compile(r"contradictions: the deterministic checks did not finish")),
    ("verify_batch_degraded", re.compile(r"verify: statements \d+\S\d+: ")),
    ("verify_verdict_missing", re.compile(r"verify: the model gave no grounded verdict")),
    # a task prefix may join tasks asked in one call: `summary+claims: `, `summary+claims+contradictions: `
    ("summary_cut", re.compile(r"(?:\w+(?:\+\w+)*: )?summary cut to the \d+-word limit")),
    ("evidence_dropped", re.compile(r"(?:\w+(?:\+\w+)*: )?statement \d+: dropped ")),
    ("item_dropped", re.compile(r"(?:\w+(?:\+\w+)*: )?dropped \S+ .*after \d+ re-asks")),
]
WARNING_CODES: tuple[str, ...] = tuple(code for code, _ in _RULES) + ("other",)


def warning_code(text: str) -> str:
    """The stable code of one warning text (`other` when none matches)."""
    for code, pattern in _RULES:
        if pattern.match(text):
            return code
    return "other"


def warning_codes(texts: list[str]) -> list[str]:
    """The codes of `texts`, in order."""
    return [warning_code(t) for t in texts]
