"""Acceptance rates of findings from editors' decisions: the only precision figure production has.

Rows by finding kind and by check (`found_by`; a contradiction found by several checks, joined by ' + ',
counts once for each). acceptance = (accepted + corrected) / decided (a corrected finding was right to be
raised, a detail of it was wrong); dismissal = dismissed / decided. Rows are sorted by dismissals, most
first, so the checks editors dismiss most are on top. Only the latest decision on a finding counts.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from app.models import Decision
from app.settings import Settings


def acceptance(decisions: list[Decision]) -> dict[str, Any]:
    """{"decisions": n, "by_kind": [row], "by_check": [row]}; a row: name, decided, accepted, corrected,
    dismissed, acceptance, dismissal."""
    by_kind: dict[str, list[Decision]] = defaultdict(list)
    by_check: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_kind[d.kind or "unknown"].append(d)
        for check in (d.found_by or "unknown").split(" + "):
            by_check[check.strip() or "unknown"].append(d)
    return {"decisions": len(decisions), "by_kind": _rows(by_kind), "by_check": _rows(by_check)}


def _rows(groups: dict[str, list[Decision]]) -> list[dict[str, Any]]:
    rows = []
    for name, items in groups.items():
        counts = {v: sum(d.decision == v for d in items) for v in ("accepted", "corrected", "dismissed")}
        n = len(items)
        rows.append({"name": name, "decided": n, **counts,
                     "acceptance": round((counts["accepted"] + counts["corrected"]) / n, 4),
                     "dismissal": round(counts["dismissed"] / n, 4)})
    return sorted(rows, key=lambda r: (-r["dismissed"], -r["decided"], r["name"]))


def lines(report: dict[str, Any]) -> list[str]:
    """The report as text lines (a table per grouping)."""
    out = [f"Editors' decisions: {report['decisions']} (acceptance = (accepted + corrected) / decided)"]
    for title, key in (("by finding kind", "by_kind"), ("by check (found_by)", "by_check")):
        out.append(f"  {title}:")
        out.append(f"    {'name':<32} {'decided':>7} {'accepted':>8} {'corrected':>9} {'dismissed':>9} "
                   f"{'acceptance':>10}")
        for r in report[key]:
            out.append(f"    {r['name'][:32]:<32} {r['decided']:>7} {r['accepted']:>8} {r['corrected']:>9} "
                       f"{r['dismissed']:>9} {r['acceptance']:>10.2f}")
    return out


def markdown(report: dict[str, Any]) -> list[str]:
    """The report as Markdown tables, for eval's report.md."""
    out = ["## Editors' decisions", "",
           f"{report['decisions']} decisions; acceptance = (accepted + corrected) / decided; most dismissed first.", ""]
    for title, key in (("By finding kind", "by_kind"), ("By check (found_by)", "by_check")):
        out += [f"{title}:", "", "| name | decided | accepted | corrected | dismissed | acceptance |",
                "| --- | --- | --- | --- | --- | --- |"]
        out += [f"| {r['name']} | {r['decided']} | {r['accepted']} | {r['corrected']} | {r['dismissed']} | "
                f"{r['acceptance']:.2f} |" for r in report[key]]
        out.append("")
    return out


def for_eval(settings: Settings) -> dict[str, Any] | None:
    """The acceptance report of the configured database for `copydesk eval`, or None when there are no
    decisions (a SQLite file that does not exist is not created); {"error": ...} when it is unreachable."""
    from app.decisions import db
    from app.decisions.store import DatabaseUnavailable, Store

    url = db.database_url(settings)
    if not settings.database_url and not (Path(settings.data_dir).expanduser() / db.SQLITE_FILE).exists():
        return None
    store = Store(url)
    try:
        decisions = store.export(None)
    except DatabaseUnavailable:
        return {"error": f"the decisions database ({db.redacted(url)}) is unavailable"}
    finally:
        store.dispose()
    return acceptance(decisions) if decisions else None
