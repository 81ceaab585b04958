"""Check-worthiness of the offline claims against labelled sentences: ROC-AUC, best F1, calibration.

    .venv/bin/python -m bench.checkworthy evals/checkworthy/sentences.jsonl
    .venv/bin/python -m bench.checkworthy training/checkworthy/sentences.txt --held-out   # own quarter

Each sentence is analysed alone, as a one-sentence article, the way a ClaimBuster-style set is
scored: its score is the highest `checkworthy` of its claims, 0 when it has none. CFS is positive,
UFS and NFS negative (JSON lines with `text` and `label`; or the `LABEL|genre|text` lines of
training/checkworthy/sentences.txt, where `--held-out` keeps only the quarter the weights never saw).
Calibration: per score bin, the share that is check-worthy; the expected calibration error (ECE)
and the Brier score, over the sentences that have a claim and over all.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from app.document import Document
from app.engines.checkworthy import HAND_WEIGHTS, features, score, weights
from app.engines.claims import extract_claims


def load(path: Path, held_out: bool) -> list[tuple[str, int, str]]:
    """(text, 1 for CFS, genre) from JSON lines or sentences.txt."""
    rows: list[tuple[str, int, str]] = []
    if path.suffix == ".jsonl":
        for line in path.read_text().splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append((r["text"], int(str(r["label"]).upper() in ("CFS", "1", "TRUE")), r.get("source", "")))
        return rows
    own = [line.split("|", 2) for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    for i, (label, genre, text) in enumerate(own):
        if not held_out or i % 4 == 3:
            rows.append((text, int(label == "C"), genre))
    return rows


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC-AUC as the Mann-Whitney statistic (ties count a half)."""
    pos = sorted(s for s, y in zip(scores, labels) if y)
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = 0.0
    for q in neg:
        wins += sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos)
    return wins / (len(pos) * len(neg))


def best_f1(scores: list[float], labels: list[int]) -> tuple[float, float]:
    best = (0.0, 0.0)
    for t in sorted(set(scores)):
        tp = sum(1 for s, y in zip(scores, labels) if s >= t and y)
        fp = sum(1 for s, y in zip(scores, labels) if s >= t and not y)
        fn = sum(1 for s, y in zip(scores, labels) if s < t and y)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
        best = max(best, (f1, t))
    return best


def calibration(scores: list[float], labels: list[int], bins: int = 5) -> tuple[float, float, list[str]]:
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s >= 1.0)]
        if not idx:
            continue
        share = sum(labels[i] for i in idx) / len(idx)
        mean = sum(scores[i] for i in idx) / len(idx)
        ece += len(idx) / len(scores) * abs(share - mean)
        table.append(f"{lo:.1f}-{hi:.1f}: n {len(idx)}, mean {mean:.2f}, CFS {share:.2f}")
    brier = sum((s - y) ** 2 for s, y in zip(scores, labels)) / len(labels)
    return ece, brier, table


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", type=Path)
    ap.add_argument("--held-out", action="store_true", help="sentences.txt: only the quarter held out of training")
    args = ap.parse_args(argv)
    rows = load(args.path, args.held_out)
    labels = [y for _, y, _ in rows]
    claimed = [max((c.checkworthy for c in extract_claims(Document(t))), default=None) for t, _, _ in rows]
    scores = [s if s is not None else 0.0 for s in claimed]
    hand = [score(features(t), HAND_WEIGHTS) for t, _, _ in rows]
    learnt = [score(features(t), weights()) for t, _, _ in rows]
    f1, at = best_f1(scores, labels)
    print(f"{len(rows)} sentences ({sum(labels)} check-worthy); {sum(s is not None for s in claimed)} have a claim")
    print(f"claims' checkworthy: ROC-AUC {auc(scores, labels):.3f}, best F1 {f1:.3f} (at {at:.2f})")
    print(f"features alone (no claim threshold, no speakers): learnt weights ROC-AUC {auc(learnt, labels):.3f}, "
          f"hand weights {auc(hand, labels):.3f}")
    for name, sc, ys in (("all sentences (no claim = 0)", scores, labels),
                         ("sentences with a claim", [s for s in claimed if s is not None],
                          [y for s, y in zip(claimed, labels) if s is not None])):
        ece, brier, table = calibration(sc, ys)
        print(f"calibration, {name}: ECE {ece:.3f}, Brier {brier:.3f}")
        for line in table:
            print("   ", line)
    genres = sorted({g for _, _, g in rows})
    if len(genres) > 1:
        for g in genres:
            idx = [i for i, r in enumerate(rows) if r[2] == g]
            ys = [labels[i] for i in idx]
            if 0 < sum(ys) < len(ys):
                print(f"  {g:16s} n {len(idx):3d}  ROC-AUC {auc([scores[i] for i in idx], ys):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
