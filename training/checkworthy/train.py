"""Learn the check-worthiness weights from Copydesk's own labelled sentences; write checkworthy.json.

    .venv/bin/python -m training.checkworthy.train            # writes app/engines/checkworthy.json
    .venv/bin/python -m training.checkworthy.train --check    # only compares, writes nothing

Data: `training/checkworthy/sentences.txt` (written and labelled for this project by ClaimBuster's
guideline; CFS is positive, UFS and NFS negative) and the `event` and `statistic` claims of
`evals/fixtures` (positives). Never `evals/checkworthy/`: that set is held out for measurement.

A fixed quarter of the own sentences (every fourth line) is held out; the weights are fitted on the
rest (logistic regression, L2, plain gradient descent: no dependency) and both they and the
hand-set `HAND_WEIGHTS` are scored on the held-out quarter: ROC-AUC, Brier score, expected
calibration error. The learnt weights are written only when they beat the hand weights on AUC.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from pathlib import Path

import yaml

from app.attribution import find_attributions
from app.engines.checkworthy import FEATURES, HAND_WEIGHTS, MODEL_PATH, features, real_speaker, score

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = Path(__file__).with_name("sentences.txt")
L2 = 1.0
STEPS = 3000
RATE = 0.5


def own_sentences() -> list[tuple[str, int, str]]:
    """(text, 1 for CFS else 0, genre) of sentences.txt, in file order."""
    rows = []
    for line in SENTENCES.read_text().splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, genre, text = line.split("|", 2)
        rows.append((text, int(label == "C"), genre))
    return rows


def fixture_claims() -> list[tuple[str, int, str]]:
    """The event and statistic claims of evals/fixtures, as positives."""
    rows = []
    for path in sorted((ROOT / "evals" / "fixtures").glob("*.yaml")):
        for claim in yaml.safe_load(path.read_text()).get("claims") or []:
            if claim.get("type") in ("event", "statistic"):
                rows.append((claim["quote"], 1, "fixture"))
    return rows


def vector(text: str) -> dict[str, float]:
    return features(text, attributed=any(real_speaker(a.speaker) for a in find_attributions(text)))


def fit(data: list[tuple[dict[str, float], int]]) -> dict[str, float]:
    """Logistic regression by gradient descent, L2 on every weight but the bias."""
    w = {k: 0.0 for k in ("bias", *FEATURES)}
    n = len(data)
    for _ in range(STEPS):
        grad = {k: 0.0 for k in w}
        for x, y in data:
            err = score(x, w) - y
            grad["bias"] += err
            for k, v in x.items():
                grad[k] += err * v
        for k in w:
            reg = 0.0 if k == "bias" else L2 * w[k]
            w[k] -= RATE * (grad[k] + reg) / n
    return {k: round(v, 4) for k, v in w.items()}


def auc(scores: list[float], labels: list[int]) -> float:
    """ROC-AUC as the Mann-Whitney statistic (ties count a half)."""
    pos = [s for s, y in zip(scores, labels) if y]
    neg = [s for s, y in zip(scores, labels) if not y]
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p in pos for q in neg)
    return wins / (len(pos) * len(neg))


def calibration(scores: list[float], labels: list[int], bins: int = 5) -> tuple[float, list[tuple[str, int, float]]]:
    """Expected calibration error and (bin, count, share positive) per equal-width bin."""
    table, ece = [], 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, s in enumerate(scores) if lo <= s < hi or (b == bins - 1 and s == 1.0)]
        if not idx:
            continue
        share = sum(labels[i] for i in idx) / len(idx)
        mean = sum(scores[i] for i in idx) / len(idx)
        ece += len(idx) / len(scores) * abs(share - mean)
        table.append((f"{lo:.1f}-{hi:.1f}", len(idx), round(share, 2)))
    return ece, table


def report(name: str, scores: list[float], labels: list[int]) -> float:
    brier = sum((s - y) ** 2 for s, y in zip(scores, labels)) / len(labels)
    ece, table = calibration(scores, labels)
    a = auc(scores, labels)
    print(f"{name:6s} ROC-AUC {a:.3f}  Brier {brier:.3f}  ECE {ece:.3f}  bins (range, n, share CFS) {table}")
    return a


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare only; write nothing")
    args = ap.parse_args(argv)
    own = own_sentences()
    held = [r for i, r in enumerate(own) if i % 4 == 3]
    train = [r for i, r in enumerate(own) if i % 4 != 3] + fixture_claims()
    w = fit([(vector(t), y) for t, y, _ in train])
    xs = [vector(t) for t, _, _ in held]
    ys = [y for _, y, _ in held]
    print(f"trained on {len(train)} ({sum(y for _, y, _ in train)} check-worthy), held out {len(held)} "
          f"({sum(ys)} check-worthy)")
    hand = report("hand", [score(x, HAND_WEIGHTS) for x in xs], ys)
    learnt = report("learnt", [score(x, w) for x in xs], ys)
    print("weights:", json.dumps(w))
    if args.check:
        return 0
    if learnt <= hand:
        print("the learnt weights do not beat the hand weights on the held-out quarter: nothing written")
        return 1
    MODEL_PATH.write_text(json.dumps({
        "about": "Check-worthiness weights (logistic regression over app/engines/checkworthy.py FEATURES), "
                 "made by training/checkworthy/train.py from training/checkworthy/sentences.txt (3 of every 4 "
                 "lines) and the event/statistic claims of evals/fixtures.",
        "held_out_auc": {"hand": round(hand, 3), "learnt": round(learnt, 3)},
        "weights": w,
    }, indent=1) + "\n")
    print(f"wrote {MODEL_PATH.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
