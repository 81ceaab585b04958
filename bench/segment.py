"""Segmentation speed: the median time to build a Document of a 10,000-word article on one core.

`python -m bench.segment` pins itself to one core, builds the article from the bundled
article's paragraphs (repeated, in order, cut at a word), warms up, then times
`Document(text)` (furniture, dateline, headings, paragraphs, sentences) and prints one JSON
object: the median in milliseconds and what it was measured on. `--words`, `--runs` and
`--html` change the article, the number of timed runs, and whether it goes through HTML
extraction first (`Document.from_html`); `--long` adds segmentation and quote-alignment times
on 50,000 to 200,000 characters without paragraph breaks, to show they grow linearly. Not a
test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.document import Document  # noqa: E402
from bench.offline import ARTICLE, article_of  # noqa: E402  (one way of making articles of N words)


def as_html(text: str) -> str:
    """The article as a page: each paragraph a <p> inside <article>, with a nav and a footer to drop."""
    paragraphs = "".join(f"<p>{html.escape(p)}</p>\n" for p in text.split("\n\n") if p.strip())
    return (f"<html><body><nav>Home | News</nav><article>{paragraphs}</article>"
            f"<footer>© 2025 Example</footer></body></html>")


def pin_one_core() -> list[int]:
    """Pin this process to one core it may use; the affinity afterwards."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        return sorted(os.sched_getaffinity(0))
    return []


def measure(words: int = 10_000, runs: int = 30, warmup: int = 5, from_html: bool = False) -> dict[str, Any]:
    """Median, min and max milliseconds of building a Document of a `words`-word article."""
    text = article_of(words)
    page = as_html(text) if from_html else None

    def build() -> Document:
        return Document.from_html(page) if page is not None else Document(text)

    for _ in range(warmup):
        doc = build()
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        doc = build()
        timings.append((time.perf_counter() - started) * 1000)
    return {
        "words": words, "chars": len(text), "html": from_html, "runs": runs,
        "sentences": len(doc.sentences), "paragraphs": len(doc.paragraphs),
        "median_ms": round(statistics.median(timings), 2),
        "min_ms": round(min(timings), 2), "max_ms": round(max(timings), 2),
    }


def measure_long(sizes: tuple[int, ...] = (50_000, 100_000, 200_000), runs: int = 5) -> list[dict[str, Any]]:
    """Segmentation and fuzzy alignment on articles without paragraph breaks, at growing sizes.

    Times that grow in step with the size show both stay linear: the alignment of a quote with a
    changed word (found), and of a sentence the article does not contain (scans everything).
    """
    one = " ".join(ARTICLE.read_bytes().decode("utf-8").split())
    hit = "We are proposing that Kyiv resumes direct negotiations without any preconditions"
    miss = "The moon landing was staged by a film crew working in the Nevada desert for a television network"
    rows = []
    for size in sizes:
        text = ((one + " ") * (size // len(one) + 1))[:size]
        seg, found, missed = [], [], []
        for _ in range(runs):
            started = time.perf_counter()
            doc = Document(text)
            seg.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assert doc.align(hit, near=doc.body[len(doc.body) // 2]) is not None
            found.append((time.perf_counter() - started) * 1000)  # the first call also normalises the text
            started = time.perf_counter()
            assert doc.align(miss) is None
            missed.append((time.perf_counter() - started) * 1000)
        rows.append({"chars": size, "sentences": len(doc.sentences),
                     "segment_median_ms": round(statistics.median(seg), 2),
                     "align_fuzzy_found_median_ms": round(statistics.median(found), 2),
                     "align_nothing_median_ms": round(statistics.median(missed), 2)})
    return rows


def main(argv: list[str] | None = None) -> int:
    """Print the segmentation figure as one JSON object."""
    parser = argparse.ArgumentParser(prog="python -m bench.segment", description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--html", action="store_true", help="time Document.from_html on the article as a page")
    parser.add_argument("--long", action="store_true",
                        help="also time segmentation and fuzzy alignment on 50k, 100k and 200k characters "
                             "without paragraph breaks")
    args = parser.parse_args(argv)
    cores = pin_one_core()
    figures: dict[str, Any] = measure(args.words, args.runs, from_html=args.html)
    if args.long:
        figures["long"] = measure_long()
    figures.update({"cores": cores, "python": platform.python_version(), "machine": platform.machine(),
                    "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None})
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
