"""Article extraction side by side: Copydesk's `Document.from_html` and trafilatura on the same pages.

    .venv/bin/python -m bench.extraction [--data DIR] [--worst N] [--json]

DIR holds `ground-truth.json` ({id: {"articleBody": ...}}) and `html/<id>.html.gz`: the
scrapinghub article-extraction benchmark (181 real news pages), found by default at
`../shared/benchmarks/article-extraction` beside the project. Each page is scored with that
benchmark's metric: precision, recall and F1 of lower-cased word 4-gram shingles (multisets)
of the extracted text against `articleBody`, averaged over pages. Copydesk's text is the
Document's text without its furniture lines (what the API's `document` leaves for claims).
Timings are per page on one core (median), measured in the same run; they depend on the
machine and its load, which is printed beside them. Not a test.
"""

from __future__ import annotations

import argparse
import collections
import gzip
import json
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.document import Document  # noqa: E402

_TOKEN = re.compile(r"\w+")


def default_data() -> Path:
    """`shared/benchmarks/article-extraction` in the project's parent or any folder above it."""
    for parent in ROOT.parents:
        candidate = parent / "shared" / "benchmarks" / "article-extraction"
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared" / "benchmarks" / "article-extraction"


def shingles(text: str) -> collections.Counter[tuple[str, ...]]:
    """Word 4-grams of the lower-cased text, as a multiset (one shingle for texts under four words)."""
    words = _TOKEN.findall((text or "").lower())
    if not words:
        return collections.Counter()
    return collections.Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3)))


def score(extracted: str, truth: str) -> tuple[float, float, float]:
    """(precision, recall, F1) of the extracted text's shingles against the truth's."""
    got, want = shingles(extracted), shingles(truth)
    common = sum((got & want).values())
    precision, recall = common / max(1, sum(got.values())), common / max(1, sum(want.values()))
    return precision, recall, (2 * precision * recall / (precision + recall) if precision + recall else 0.0)


def copydesk_text(html: str) -> str:
    """The Document's text with its furniture lines cut out."""
    doc = Document.from_html(html)
    text = doc.text
    for f in sorted(doc.furniture, key=lambda s: -s.start):
        text = text[:f.start] + text[f.end:]
    return text


def trafilatura_text(html: str) -> str:
    """trafilatura's plain text with its default settings."""
    import trafilatura

    return trafilatura.extract(html) or ""


EXTRACTORS: dict[str, Callable[[str], str]] = {"copydesk": copydesk_text, "trafilatura": trafilatura_text}


def load(data: Path) -> list[tuple[str, str, str]]:
    """(id, html, articleBody) of every page, in id order."""
    truth = json.loads((data / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        html = gzip.decompress((data / "html" / f"{key}.html.gz").read_bytes()).decode("utf-8", "replace")
        pages.append((key, html, truth[key].get("articleBody") or ""))
    return pages


def run(pages: list[tuple[str, str, str]], names: list[str]) -> dict[str, Any]:
    """Per extractor: mean P/R/F1, pages under F1 0.5, median and mean ms per page, and each page's F1."""
    results: dict[str, Any] = {}
    for name in names:
        extract = EXTRACTORS[name]
        extract(pages[0][1])  # warm up (imports, caches)
        rows, times = [], []
        for key, html, body in pages:
            started = time.perf_counter()
            text = extract(html)
            times.append((time.perf_counter() - started) * 1000)
            rows.append((key, *score(text, body)))
        n = len(rows)
        results[name] = {
            "pages": n,
            "precision": round(sum(r[1] for r in rows) / n, 4),
            "recall": round(sum(r[2] for r in rows) / n, 4),
            "f1": round(sum(r[3] for r in rows) / n, 4),
            "pages_under_0_5": sum(1 for r in rows if r[3] < 0.5),
            "median_ms_per_page": round(statistics.median(times), 2),
            "mean_ms_per_page": round(sum(times) / n, 2),
            "per_page_f1": {r[0]: round(r[3], 4) for r in rows},
        }
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--only", default=",".join(EXTRACTORS), help="comma-separated: copydesk, trafilatura")
    parser.add_argument("--worst", type=int, default=0, help="list the N pages where Copydesk scores lowest")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    args = parser.parse_args(argv)
    if not (args.data / "ground-truth.json").is_file():
        print(f"no benchmark at {args.data} (ground-truth.json and html/)", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    results = run(load(args.data), [n for n in args.only.split(",") if n])
    load_1m = round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None
    if args.json:
        print(json.dumps({"extractors": results, "load_average_1m": load_1m}))
        return 0
    print(f"{'extractor':<12} {'P':>6} {'R':>6} {'F1':>6} {'<0.5':>5} {'median ms':>10} {'mean ms':>8}")
    for name, r in results.items():
        print(f"{name:<12} {r['precision']:>6.3f} {r['recall']:>6.3f} {r['f1']:>6.3f} {r['pages_under_0_5']:>5} "
              f"{r['median_ms_per_page']:>10.1f} {r['mean_ms_per_page']:>8.1f}")
    print(f"(one core; load average {load_1m})")
    if args.worst and "copydesk" in results:
        other = results.get("trafilatura", {}).get("per_page_f1", {})
        worst = sorted(results["copydesk"]["per_page_f1"].items(), key=lambda kv: kv[1])[:args.worst]
        for key, f1 in worst:
            print(f"  {key[:16]}  copydesk {f1:.3f}  trafilatura {other.get(key, float('nan')):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
