"""Scores the offline verifier on the `statements` of a folder of fixtures, or on a FRANK-style jsonl.

    .venv/bin/python -m app.evals.verify_bench [evals/fixtures] [--show wrong|all]
    .venv/bin/python -m app.evals.verify_bench ../shared/benchmarks/frank-valid.jsonl   # document, summary, consistent

Prints balanced accuracy (supported against not supported), the precision of `supported`, the 3-way
confusion table, accuracy per kind of edit (the fixtures' `edit:` key, a jsonl's `origin`) and the
calibration: for each verdict and confidence band, the share of verdicts that were right (a
`supported` verdict is right when the gold label is supported; `contradicted` and `not_found` are
right when it is not, since a jsonl's gold labels say only consistent or not).

A folder is read by the eval's loader (`app.evals.fixtures.load_fixtures`: the same validation as
`copydesk eval`, so a fixture the eval refuses is refused here too); a statement's `edit:` key is
`Statement.edit`.
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from app import stats
from app.document import Document
from app.document.source import SourceDocument
from app.evals.fixtures import Fixture, load_fixtures
from app.verify import verify_offline

LABELS = ("supported", "contradicted", "not_found")


@dataclass(frozen=True)
class Scored:
    """One statement, its gold label and edit, and the verifier's verdict."""

    fixture: str
    text: str
    gold: str
    edit: str
    predicted: str
    rationale: str
    confidence: float = 0.0


def document_of(fixture: Fixture) -> Document:
    """A fixture's Document: its page read as HTML, or its text as it is."""
    return Document.from_html(fixture.text) if fixture.is_html else Document(fixture.text)


def score_folder(folder: Path) -> list[Scored]:
    """Every fixture statement in `folder` with the verifier's verdict; FixtureError for a fixture the eval
    would refuse."""
    out: list[Scored] = []
    for fixture in load_fixtures(folder):
        if not fixture.statements:
            continue
        results = verify_offline([s.text for s in fixture.statements],
                                 [SourceDocument(fixture.id, document_of(fixture))])
        for s, r in zip(fixture.statements, results, strict=True):
            out.append(Scored(fixture.id, s.text, s.label, s.edit or "?", r.label, r.rationale, r.confidence))
    return out


def score_jsonl(path: Path) -> list[Scored]:
    """Each row's summary (`summary`) against its `document`; gold `consistent` -> supported, else not."""
    import json

    out: list[Scored] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        row = json.loads(line)
        result = verify_offline([row["summary"]], [SourceDocument(str(n), Document(row["document"]))])[0]
        out.append(Scored(str(n), row["summary"], "supported" if row["consistent"] else "not_supported",
                          str(row.get("origin", "?")), result.label, result.rationale, result.confidence))
    return out


def calibration(scored: list[Scored], bands: tuple[float, ...] = (0.5, 0.6, 0.7, 0.8, 0.9)) -> str:
    """The share right per verdict and confidence band, as text lines."""
    lines = [f"{'verdict':<14}{'band':>12}{'n':>6}{'right':>8}"]
    for label in LABELS:
        for lo, hi in zip(bands, bands[1:] + (1.01,)):
            group = [s for s in scored if s.predicted == label and lo <= s.confidence < hi]
            if group:
                right = sum((s.gold == "supported") == (label == "supported") for s in group) / len(group)
                lines.append(f"{label:<14}{f'{lo:.1f}-{min(hi, 1.0):.1f}':>12}{len(group):>6}{right:>8.2f}")
    return "\n".join(lines)


def balanced_accuracy(scored: list[Scored]) -> float:
    """Mean of the recall of `supported` and the recall of 'not supported' (the eval's `app.stats` function)."""
    pos = [s for s in scored if s.gold == "supported"]
    neg = [s for s in scored if s.gold != "supported"]
    return stats.balanced_accuracy(sum(s.predicted == "supported" for s in pos), len(pos),
                                   sum(s.predicted != "supported" for s in neg), len(neg)) or 0.0


def report(scored: list[Scored]) -> str:
    """Balanced accuracy, the confusion table and per-edit accuracy as text."""
    confusion = Counter((s.gold, s.predicted) for s in scored)
    said = [s for s in scored if s.predicted == "supported"]
    precision = sum(s.gold == "supported" for s in said) / len(said) if said else 0.0
    lines = [f"statements: {len(scored)}   balanced accuracy (supported vs not): {balanced_accuracy(scored):.3f}"
             f"   supported verdicts right: {precision:.2f} of {len(said)}",
             "", f"{'gold / predicted':<18}" + "".join(f"{p:>14}" for p in LABELS)]
    for g in sorted({s.gold for s in scored}, key=lambda g: (LABELS + (g,)).index(g)):
        lines.append(f"{g:<18}" + "".join(f"{confusion[(g, p)]:>14}" for p in LABELS))
    lines += ["", f"{'edit':<12}{'n':>4}{'right (2-way)':>15}{'right (3-way)':>15}{'balanced acc.':>15}"]
    for edit in sorted({s.edit for s in scored}):
        group = [s for s in scored if s.edit == edit]
        two = sum((s.predicted == "supported") == (s.gold == "supported") for s in group)
        three = sum(s.predicted == s.gold for s in group)
        lines.append(f"{edit:<12}{len(group):>4}{two / len(group):>15.2f}{three / len(group):>15.2f}"
                     f"{balanced_accuracy(group):>15.3f}")
    lines += ["", "calibration (share right per verdict and confidence band):", calibration(scored)]
    return "\n".join(lines)


def main() -> None:
    """Command line: print the report, and optionally the statements it got wrong."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", default="evals/fixtures")
    parser.add_argument("--show", choices=["wrong", "all"], default=None)
    args = parser.parse_args()
    path = Path(args.folder)
    scored = score_jsonl(path) if path.suffix == ".jsonl" else score_folder(path)
    print(report(scored))
    if args.show:
        print()
        for s in scored:
            wrong = (s.predicted == "supported") != (s.gold == "supported")
            if args.show == "all" or wrong:
                mark = "XX" if wrong else ("~ " if s.predicted != s.gold else "  ")
                print(f"{mark} [{s.gold[:4]}/{s.edit}] -> {s.predicted}: {s.text}\n      {s.rationale[:300]}")


if __name__ == "__main__":
    main()
