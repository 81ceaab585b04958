"""ROUGE of the offline summary beside the lead baseline, and a count of summaries holding furniture.

    .venv/bin/python -m bench.summaries ../shared/benchmarks/summaries/news-dev.jsonl [--words 60]
    .venv/bin/python -m bench.summaries ../shared/benchmarks/news-clean.jsonl --furniture-only

Input: JSON lines with `text` and (for ROUGE) `ref`. ROUGE-1/2/L F (the `rouge-score` package,
stemming on, a dev dependency) of `summarise(Document(text), words)` and of the lead baseline
(the first sentences up to `words` words, split as `realworld.py summaries` splits them), in one run.

Furniture is counted by `furniture_hits`: a pattern list written apart from the summariser's own
filters (calls to the reader, credit and copyright lines, photo captions with a position marker or
a short label, promos, data boxes of figures without a verb, questions, bare quotations). It is a
screen: every hit is printed with `--show` so that a reader can confirm it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from app.document import Document
from app.engines.summary import summarise

_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'“‘(]*[A-Z0-9£$])")
_FURNITURE = [
    ("call to the reader", re.compile(r"(?i)\b(scroll (down|up)|click here|read more|see more|watch the video|"
                                      r"sign up|subscribe|follow (us|him|her|\w+) on|download (our|the) app|"
                                      r"share this|share your|let us know|tell us what|email us|comments? below)\b")),
    ("credit line", re.compile(r"(?i)(contributed to this (report|story|article)|\b(additional )?reporting by\b|"
                               r"\bwritten by\b|\bedited by\b|all rights reserved|©|\bcopyright\b|"
                               r"this (story|article) (has been|was) (updated|corrected)|editor'?s note)")),
    ("caption", re.compile(r"(?i)\((left|right|centre|center|above|below|pictured|inset|top|bottom|file|"
                           r"second (left|right)|far (left|right)|front|back|circled)\)|\bpictured\b|"
                           r"\bphoto(graph)?:|\bpicture:|\bimage:|\bcredit:|getty images|\bap photo\b")),
    ("label", re.compile(r"^(?:[A-Z'’][\w'’-]*\s?){1,4}:\s")),
    ("promo", re.compile(r"(?i)^(read|watch|see|more|related|also|listen|video|pictures|gallery)\b[^.]{0,20}:")),
]


def furniture_hits(point: str) -> list[str]:
    """Which furniture patterns a key point matches (empty: none)."""
    hits = [name for name, pat in _FURNITURE if pat.search(point)]
    words = re.findall(r"[A-Za-z]+", point)
    figures = re.findall(r"\d", point)
    if figures and len(words) < 4 + 2 * point.count(";"):
        hits.append("data box")
    if point.rstrip("\"'”’) ").endswith("?"):
        hits.append("question")
    return hits


def lead(text: str, words: int) -> str:
    """The lead baseline of realworld.py: first sentences while they fit in `words` (at least one)."""
    out: list[str] = []
    n = 0
    for s in _SPLIT.split(text):
        if n and n + len(s.split()) > words:
            break
        out.append(s)
        n += len(s.split())
    return " ".join(out)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--words", type=int, default=60)
    ap.add_argument("--furniture-only", action="store_true", help="no ROUGE (data without `ref`)")
    ap.add_argument("--show", action="store_true", help="print each furniture hit")
    ap.add_argument("--dump", type=Path, help="write each article's summary and reference here (JSON lines)")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in args.path.read_text().splitlines() if line.strip()]
    outs, flagged = [], 0
    for r in rows:
        summary = summarise(Document(r["text"]), args.words)
        outs.append(summary.text)
        hits = [(k.text, h) for k in summary.key_points if (h := furniture_hits(k.text))]
        flagged += bool(hits)
        if args.show:
            for text, h in hits:
                print(f"  {r.get('id', '?')} {','.join(h)}: {text[:150]}")
    if args.dump:
        with args.dump.open("w") as f:
            for r, o in zip(rows, outs):
                f.write(json.dumps({"id": r.get("id"), "summary": o, "ref": r.get("ref")}) + "\n")
    print(f"{len(rows)} articles, {args.words} words: summaries with a furniture pattern {flagged} "
          f"({100 * flagged / len(rows):.1f}%)")
    if args.furniture_only:
        return 0
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeL"], use_stemmer=True)

    def mean(summaries: list[str]) -> str:
        s = [scorer.score(r["ref"], x) for r, x in zip(rows, summaries)]
        return "/".join(f"{100 * sum(v[k].fmeasure for v in s) / len(s):.1f}" for k in ("rouge1", "rouge2", "rougeL"))

    print(f"ROUGE-1/2/L F: copydesk {mean(outs)}; lead-{args.words} {mean([lead(r['text'], args.words) for r in rows])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
