"""Sentence segmentation side by side: Copydesk's splitter and pysbd on the same texts, in one run.

    .venv/bin/python -m bench.sentences [--rules FILE] [--bodies FILE] [--failures]

Figures: the English Golden Rules of pySBD passed (the sentences of a rule's text, stripped,
equal its expected list), Copydesk's wordless sentences (no letter in them) over the real article
bodies, and milliseconds per 1,000 sentences of each splitter over those bodies (pysbd's count),
on one core. Data, found by default beside the project in `shared/benchmarks/`:
`golden-rules-en.json` (pySBD's 48 rules) and `article-extraction/ground-truth.json` (the
`articleBody` of 181 real news pages). Copydesk's sentences are the Document's (every kind:
body, heading, dateline). Timings depend on the machine and its load (printed). Not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from app.document import Document  # noqa: E402

_LETTER = re.compile(r"[^\W\d_]")


def _shared(*parts: str) -> Path:
    for parent in ROOT.parents:
        candidate = parent.joinpath("shared", "benchmarks", *parts)
        if candidate.exists():
            return candidate
    return ROOT.parent.joinpath("shared", "benchmarks", *parts)


def copydesk(text: str) -> list[str]:
    """The Document's sentences, headings and dateline, in order."""
    return [s.text for s in Document(text).sentences]


def pysbd_splitter() -> Any:
    import pysbd

    seg = pysbd.Segmenter(language="en", clean=False)
    return seg.segment


def golden(rules: list[dict[str, Any]], split: Any) -> list[int]:
    """The numbers of the rules whose sentences, stripped, are exactly the expected ones."""
    passed = []
    for rule in rules:
        got = [s.strip() for s in split(rule["text"]) if s.strip()]
        if got == [e.strip() for e in rule["expected"]]:
            passed.append(rule["rule"])
    return passed


def timed(bodies: list[str], split: Any, repeat: int = 1) -> float:
    """Seconds to split every body `repeat` times (the fastest pass)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        for body in bodies:
            split(body)
        best = min(best, time.perf_counter() - started)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.sentences", description=__doc__.splitlines()[0])
    parser.add_argument("--rules", type=Path, default=_shared("golden-rules-en.json"))
    parser.add_argument("--bodies", type=Path, default=_shared("article-extraction", "ground-truth.json"))
    parser.add_argument("--failures", action="store_true", help="show the rules Copydesk fails and wordless ones")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if not args.rules.is_file() or not args.bodies.is_file():
        print(f"no data at {args.rules} / {args.bodies}", file=sys.stderr)
        return 2
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    rules = json.loads(args.rules.read_text(encoding="utf-8"))
    bodies = [v.get("articleBody") or "" for v in json.loads(args.bodies.read_text(encoding="utf-8")).values()]
    sbd = pysbd_splitter()
    ours_passed, sbd_passed = golden(rules, copydesk), golden(rules, sbd)
    wordless = [s for body in bodies for s in Document(body).sentences if not _LETTER.search(s.text)]
    n_sbd = sum(len(sbd(b)) for b in bodies)
    n_ours = sum(len(Document(b).sentences) for b in bodies)
    t_ours = timed(bodies, Document, repeat=3)
    t_sbd = timed(bodies, sbd, repeat=1)
    figures = {
        "golden_rules": len(rules), "copydesk_passed": len(ours_passed), "pysbd_passed": len(sbd_passed),
        "bodies": len(bodies), "copydesk_sentences": n_ours, "pysbd_sentences": n_sbd,
        "copydesk_wordless_sentences": len(wordless),
        "copydesk_ms_per_1000_sentences": round(1000 * t_ours / n_sbd * 1000, 2),
        "pysbd_ms_per_1000_sentences": round(1000 * t_sbd / n_sbd * 1000, 2),
        "speedup_vs_pysbd": round(t_sbd / t_ours, 1),
        "load_average_1m": round(os.getloadavg()[0], 2) if hasattr(os, "getloadavg") else None,
    }
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key:<34} {value}")
    if args.failures:
        for rule in rules:
            if rule["rule"] not in ours_passed:
                print(f"rule {rule['rule']}: {rule['text']!r}\n  want {rule['expected']}\n  got  {copydesk(rule['text'])}")
        for s in wordless[:30]:
            print(f"wordless: {s.text!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
