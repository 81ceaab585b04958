"""`/v1/verify`'s offline work on one core: 50 statements against a 5,000-word source (issue 14: <= 300 ms).

    .venv/bin/python -m bench.verify          # prints one JSON line

The source is the bundled article repeated to 5,000 words (bench.offline.article_of). The 50 statements
are built from its sentences the way an editor's would be: a third word for word, a third with a figure
changed, a third with words dropped and reordered. Each timed run builds the Document and the verifier's
index afresh (nothing cached between runs), in one process pinned to one core; the figure is the median
of the runs, with the 95th percentile and the CPU time (less sensitive to a loaded machine) beside it.
"""

from __future__ import annotations

import json
import re
import statistics
import sys
import time

from bench.offline import article_of, pin_one_core

RUNS = 15
STATEMENTS = 50
WORDS = 5000


def statements(text: str) -> list[str]:
    """50 statements drawn from the article's body sentences."""
    from app.document import Document

    body = [s.text for s in Document(text).body if 8 <= len(s.text.split()) <= 40]
    out: list[str] = []
    for i, sentence in enumerate(body[::max(1, len(body) // STATEMENTS)][:STATEMENTS]):
        if i % 3 == 1 and re.search(r"\d", sentence):
            sentence = re.sub(r"\d+", lambda m: str(int(m.group(0)) + 3), sentence, count=1)
        elif i % 3 == 2:
            words = sentence.rstrip(".").split()
            sentence = " ".join(words[len(words) // 2:] + words[:len(words) // 2 - 1]) + "."
        out.append(sentence)
    return out


def measure() -> dict[str, object]:
    """The timings, in milliseconds."""
    affinity = sorted(pin_one_core())
    from app.document import Document
    from app.engines.base import SourceDocument
    from app.verify import verify_offline

    text = article_of(WORDS)
    said = statements(text)
    verify_offline(said[:2], [SourceDocument("warm", Document(article_of(300)))])  # imports, lexicon, patterns
    times, cpu = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        results = verify_offline(said, [SourceDocument("article", Document(text))])
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    times.sort()
    return {"statements": len(said), "source_words": WORDS, "runs": RUNS,
            "ms_50_statements_5000_words": round(statistics.median(times), 1),
            "p95_ms": round(times[int(0.95 * (len(times) - 1))], 1),
            "cpu_ms_50_statements_5000_words": round(statistics.median(cpu), 1),
            "labels": {k: sum(r.label == k for r in results) for k in ("supported", "contradicted", "not_found")},
            "affinity": affinity}


if __name__ == "__main__":
    print(json.dumps(measure()))
    sys.exit(0)
