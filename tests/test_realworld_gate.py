"""The real-world gate reads realworld.py's lines and fails on a figure under its gate or missing."""

from __future__ import annotations

from bench import realworld_gate

GOOD = """edits-dev contradictions: recall 21/30 (mechanical 19/19, semantic 2/11), false flags 0, clean articles flagged 0/6
edits-dev verify: balanced accuracy 0.900 (supported recall 0.80, unsupported recall 0.95) over 128 statements
news-clean: 0/403 articles flagged (0 flags)
frank-valid verify: balanced accuracy 0.800 (supported recall 0.7, unsupported recall 0.9); by origin: bbc 0.900, cnndm 0.900 (x)
article extraction (181 pages): P 0.990 R 0.990 F1 0.990, pages under F1 0.5: 0
speakers (PolNeAR dev, 2583 quotes): right 0.990, wrong 0.001, none 0.009, uncovered 0.000; right by kind: x
summaries (158 articles, 60 words): ROUGE-1/2/L 99.0/99.0/99.0; lead-60 35.0/15.5/24.6
"""


def test_figures_at_or_above_their_gates_pass():
    assert realworld_gate.check(GOOD) == []


def test_a_figure_under_its_gate_fails_and_a_missing_one_too():
    worse = GOOD.replace("news-clean: 0/403", "news-clean: 90/403").replace("speakers (PolNeAR", "speakers (gone")
    failed = realworld_gate.check(worse)
    assert any(f.startswith("news-clean articles flagged: 90") for f in failed)
    assert "speakers right: not in the output" in failed
