"""The Document's own timing, for `make bench`: segmentation per 1,000 words and HTML extraction per page.

    .venv/bin/python -m bench.document        # one JSON object; pinned to one core

Segmentation: the median time of `Document(text)` on a 10,000-word article made of the bundled
article's paragraphs (bench.segment), divided by ten. Extraction: the median time of
`Document.from_html` per page over the real news pages of the article-extraction benchmark when
it sits beside the project (`shared/benchmarks/article-extraction`), else over the bundled
article as a 1,000-word page. Figures depend on the machine and its load (printed). Not a test.
"""

from __future__ import annotations

import gzip
import json
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.document import Document  # noqa: E402
from bench.extraction import default_data  # noqa: E402
from bench.offline import article_of  # noqa: E402
from bench.segment import as_html, measure, pin_one_core  # noqa: E402


def pages(limit: int = 60) -> tuple[list[str], str]:
    """Up to `limit` benchmark pages (in name order), or the bundled article as one page."""
    html_dir = default_data() / "html"
    files = sorted(html_dir.glob("*.html.gz"))[:limit] if html_dir.is_dir() else []
    if files:
        return [gzip.decompress(f.read_bytes()).decode("utf-8", "replace") for f in files], \
            f"{len(files)} pages of the article-extraction benchmark"
    return [as_html(article_of(1000))], "the bundled article as a 1,000-word page"


def figures() -> dict[str, Any]:
    """Segmentation ms per 1,000 words and extraction ms per page (medians)."""
    cores = pin_one_core()
    segment = measure(words=10_000, runs=10, warmup=2)
    html_pages, source = pages()
    Document.from_html(html_pages[0])  # warm up: trafilatura's import and caches
    times = []
    for page in html_pages * (1 if len(html_pages) > 1 else 20):
        started = time.perf_counter()
        Document.from_html(page)
        times.append((time.perf_counter() - started) * 1000)
    return {
        "segment_ms_per_1000_words": round(segment["median_ms"] / 10, 2),
        "extraction_ms_per_page": round(statistics.median(times), 2),
        "extraction_pages": source,
        "affinity": cores, "cpu_count": os.cpu_count(),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }


if __name__ == "__main__":
    print(json.dumps(figures()))
