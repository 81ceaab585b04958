"""How stable are findings' fingerprints when an unrelated paragraph is inserted, deleted or edited?

    .venv/bin/python -m bench.fingerprints [--fixtures evals/fixtures] [--seeds 3] [--out PATH]

For every plain-text fixture, the offline engine analyses the article, then each of three random edits of
it (per seed): a paragraph from another fixture inserted between two paragraphs; a paragraph deleted; a
paragraph edited (a sentence appended and one of its words dropped). The findings of the original that do
not touch the edited paragraph (none of their spans overlaps it) are "unrelated"; the figure is the share
of unrelated findings (claims, contradictions, summary warnings) whose fingerprint is found again in the
analysis of the edited article. A finding lost because the analysis itself changed (a claim no longer
selected, a summary that picked other sentences) counts as a changed fingerprint: the figure is a floor.
HTML fixtures are left out (their paragraphs are markup). Issue 17's target: at least 0.95.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app import service
from app.models import AnalyzeRequest, AnalyzeResponse, Span
from app.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
_PARAGRAPH = re.compile(r"[^\n](?:.|\n(?!\s*\n))*")  # runs of text between blank lines


def paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) of each paragraph (text between blank lines)."""
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def analyze(text: str, settings: Settings) -> AnalyzeResponse:
    """The offline analysis, as the API gives it (fingerprints stamped)."""
    return asyncio.run(service.analyze(AnalyzeRequest(text=text, engine="offline"), settings))


def findings(response: AnalyzeResponse) -> list[tuple[str, str, list[Span]]]:
    """(kind, fingerprint, spans) of every finding."""
    out: list[tuple[str, str, list[Span]]] = []
    out += [("claim", c.fingerprint or "", [c.span]) for c in response.claims or []]
    out += [("contradiction", c.fingerprint or "", [*c.a.spans, *c.b.spans]) for c in response.contradictions or []]
    if response.summary is not None:
        out += [("summary_warning", w.fingerprint or "", w.spans) for w in response.summary.warnings]
    return out


def edit(text: str, kind: str, rng: random.Random, donor: str) -> tuple[str, tuple[int, int]]:
    """The edited article and the (start, end) of the original text the edit touched."""
    paras = paragraphs(text)
    if kind == "insert":
        donor_paras = [donor[s:e] for s, e in paragraphs(donor) if len(donor[s:e].split()) >= 8]
        new = rng.choice(donor_paras) if donor_paras else "The council will meet again next month."
        i = rng.randrange(1, len(paras))  # between paragraph i-1 and i: touches nothing of the original
        at = paras[i][0]
        return text[:at] + new + "\n\n" + text[at:], (at, at)
    i = rng.randrange(1, len(paras))  # never the first paragraph (a dateline or a headline)
    start, end = paras[i]
    if kind == "delete":
        following = paras[i + 1][0] if i + 1 < len(paras) else len(text)
        return text[:start] + text[following:], (start, end)
    words = text[start:end].split(" ")
    if len(words) > 3:
        del words[rng.randrange(1, len(words))]
    changed = " ".join(words).rstrip() + " Officials declined to comment further."
    return text[:start] + changed + text[end:], (start, end)


def _touches(spans: list[Span], touched: tuple[int, int]) -> bool:
    lo, hi = touched
    return any(s.start < hi and s.end > lo for s in spans) if hi > lo else False


def measure(fixtures: Path, seeds: int) -> dict[str, Any]:
    """Per edit kind and per finding kind: unrelated findings and those whose fingerprint survived."""
    settings = Settings(_env_file=None, llm_base_url=None, llm_api_key=None)
    files = sorted(fixtures.glob("*.txt"))
    texts = {p.stem: p.read_bytes().decode("utf-8") for p in files}
    total: Counter[str] = Counter()
    kept: Counter[str] = Counter()
    moved: Counter[str] = Counter()  # kept although its offsets changed: what an offset-based id would lose
    for n, (name, text) in enumerate(texts.items()):
        before = findings(analyze(text, settings))
        donors = [t for other, t in texts.items() if other != name]
        for seed in range(seeds):
            for kind in ("insert", "delete", "edit"):
                rng = random.Random(f"{name}:{seed}:{kind}")
                edited, touched = edit(text, kind, rng, rng.choice(donors))
                after = {fp: spans[0].start if spans else -1 for _, fp, spans in findings(analyze(edited, settings))}
                for finding_kind, fp, spans in before:
                    if _touches(spans, touched):
                        continue
                    for key in (kind, finding_kind, "all"):
                        total[key] += 1
                        kept[key] += fp in after
                        moved[key] += fp in after and bool(spans) and after[fp] != spans[0].start
        print(f"[{n + 1}/{len(texts)}] {name}: {len(before)} findings", file=sys.stderr, flush=True)
    return {"fixtures": len(texts), "seeds": seeds, "by": {
        key: {"unrelated_findings": total[key], "fingerprint_kept": kept[key], "offsets_moved": moved[key],
              "share": round(kept[key] / total[key], 4) if total[key] else None} for key in total}}


def main(argv: list[str] | None = None) -> int:
    """Measure and print (and write --out)."""
    parser = argparse.ArgumentParser(prog="python -m bench.fingerprints")
    parser.add_argument("--fixtures", default=str(ROOT / "evals" / "fixtures"))
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--out", default=None)
    args = parser.parse_args(argv)
    result = measure(Path(args.fixtures), args.seeds)
    for key, row in sorted(result["by"].items()):
        print(f"{key:16} {row['fingerprint_kept']:>5}/{row['unrelated_findings']:<5} kept  {row['share']}  "
              f"({row['offsets_moved']} of them at moved offsets)")
    if args.out:
        Path(args.out).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
