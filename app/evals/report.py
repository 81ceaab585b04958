"""report.md: totals on top, a table per figure family with a row per fixture, then what went wrong."""

from __future__ import annotations

from typing import Any


def _f(value: Any, digits: int = 2) -> str:
    """A figure for a reader: '–' when undefined, ratios with two decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def _cell(text: Any) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _quotes(quotes: list[str]) -> str:
    return " / ".join(f"“{_cell(q)}”" for q in quotes) or "(no span)"


def totals_lines(report: dict[str, Any]) -> list[str]:
    """The totals as a few lines of prose, for the terminal and the top of report.md."""
    t = report["totals"]
    x, c, s, v, r = t["contradictions"], t["claims"], t["summary"], t["verify"], t["run"]
    return [
        f"Contradictions: precision {_f(x['precision'])} · recall {_f(x['recall'])} · F1 {_f(x['f1'])} "
        f"(tp {x['tp']}, fp {x['fp']}, fn {x['fn']}) · false alarms {_f(x['false_alarm_rate'])} "
        f"of {x['clean_controls']} clean controls",
        f"Claims: recall {_f(c['recall'])} ({c['hit']}/{c['gold']}) · speaker accuracy "
        f"{_f(c['speaker_accuracy'])} of {c['speakers_judged']} · leaked {c['leaked']} · ungrounded {c['ungrounded']}",
        f"Summary: key-point coverage {_f(s['key_point_coverage'])} ({s['covered']}/{s['key_points']}) · "
        f"leaks {s['leaks']} · over length {s['over_length']} · invented numbers {s['invented_numbers']}",
        "Knowledge errors: not scored (the engine does not verify claims)",
        f"Verification: balanced accuracy {_f(v['balanced_accuracy'])} over {v['statements']} statements "
        f"({v['correct']} labelled exactly right)",
        f"Run: {r['ok']} ok · {r['errors']} errors"
        + (f" ({r['verify_errors']} in verification)" if r.get("verify_errors") else "")
        + f" · {r['schema_valid']} schema-valid · {r['degraded']} degraded · "
        f"median {_f(r['seconds_per_article_median'], 3)} s/article · tokens {r['input_tokens']} in, "
        f"{r['output_tokens']} out",
    ]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(cell) for cell in row) + " |" for row in rows]
    return lines + [""]


def _note(fixture: dict[str, Any]) -> str:
    """What a reader should notice about one row: an error, a false alarm, lost quotes."""
    run, notes = fixture["run"], []
    if run["error"]:
        notes.append("ERROR")
    if fixture["clean_control"]:
        notes.append("clean control: false alarm" if fixture["contradictions"]["false_alarm"] else "clean control")
    if fixture.get("lost_quotes"):
        notes.append(f"{len(fixture['lost_quotes'])} quotes lost in extraction")
    if run["degraded"]:
        notes.append("degraded")
    return "; ".join(notes)


def _issues(fixtures: list[dict[str, Any]]) -> list[str]:
    """The missed and the false contradictions, with their quotes."""
    lines = ["## Missed contradictions", ""]
    missed = [(f["id"], m) for f in fixtures for m in f["contradictions"]["missed"]]
    lines += [f"- **{fid} {m['id']}** ({m.get('type') or '?'}): {_quotes(m['a'])} vs {_quotes(m['b'])}"
              for fid, m in missed] or ["None."]
    lines += ["", "## False contradictions", ""]
    false = [(f["id"], p) for f in fixtures for p in f["contradictions"]["false_positives"]]
    lines += [f"- **{fid} {p.get('id')}** ({p.get('type')}, {p.get('found_by')}): {_quotes(p['a'])} vs "
              f"{_quotes(p['b'])} — {_cell(p.get('explanation') or '')}" for fid, p in false] or ["None."]
    return lines + [""]


def render_markdown(report: dict[str, Any]) -> str:
    """report.md from report.json's content."""
    fixtures = report["per_fixture"]
    lines = [f"# Eval: engine `{report['engine']}`", "",
             f"model `{report.get('model') or '–'}` · prompt `{report.get('prompt_version') or '–'}` · "
             f"{report['fixtures']} fixtures from `{report.get('fixtures_dir', '')}` · {report.get('created_at', '')}",
             "", "## Totals", ""]
    lines += [f"- {line}" for line in totals_lines(report)] + [""]
    gates = report.get("gates") or {}
    if gates.get("limits"):
        lines += ["**Gates failed:** " + "; ".join(gates["failed"]) if gates.get("failed") else
                  "**Gates:** all passed (" + ", ".join(f"{k} {v:g}" for k, v in gates["limits"].items()) + ")", ""]

    lines += ["## Per fixture", ""]
    lines += _table(["fixture", "contradictions found", "false", "claims hit", "speakers right", "key points",
                     "verify right", "seconds", "note"], [
        [f["id"], f"{x['tp']}/{x['gold']}", x["fp"], f"{c['hit']}/{c['gold']}",
         f"{c['speakers_right']}/{c['speakers_judged']}", f"{s['covered']}/{s['key_points']}",
         f"{v['correct']}/{v['statements']}" if v else "–", _f(r["seconds"], 3), _note(f)]
        for f in fixtures for x, c, s, v, r in [(f["contradictions"], f["claims"], f["summary"], f["verify"],
                                                 f["run"])]])
    lines += _issues(fixtures)
    lines += ["## Contradictions", ""]
    lines += _table(["fixture", "gold", "flagged", "tp", "fp", "fn", "tolerated", "clean control"], [
        [f["id"], x["gold"], x["flagged"], x["tp"], x["fp"], x["fn"], x["tolerated"],
         ("false alarm" if x["false_alarm"] else "ok") if f["clean_control"] else ""]
        for f in fixtures for x in [f["contradictions"]]])
    lines += ["## Claims", ""]
    lines += _table(["fixture", "gold", "predicted", "hit", "recall", "speaker", "leaked", "ungrounded", "missed"], [
        [f["id"], c["gold"], c["predicted"], c["hit"], _f(c["recall"]),
         f"{c['speakers_right']}/{c['speakers_judged']}", c["leaked"], c["ungrounded"], ", ".join(c["missed"])]
        for f in fixtures for c in [f["claims"]]])
    lines += ["## Summary", ""]
    lines += _table(["fixture", "key points", "missed", "words / max", "leaks", "invented numbers"], [
        [f["id"], f"{s['covered']}/{s['key_points']}", ", ".join(s["missed"]),
         f"{s['words']}/{s['max_words']}" + (" over" if s["over_length"] else ""),
         ", ".join(s["leaks"]), ", ".join(s["invented_numbers"])]
        for f in fixtures for s in [f["summary"]]])
    lines += ["## Verification", ""]
    lines += _table(["fixture", "statements", "exactly right", "supported right", "not supported right",
                     "balanced accuracy"], [
        [f["id"], v["statements"], v["correct"], f"{v['supported_right']}/{v['supported']}",
         f"{v['not_supported_right']}/{v['not_supported']}", _f(v["balanced_accuracy"])]
        for f in fixtures if (v := f["verify"])])
    confusion = report["totals"]["verify"]["confusion"]
    labels = list(confusion)
    lines += ["Confusion (rows: gold label, columns: verdict):", ""]
    lines += _table(["gold \\ verdict", *labels], [[g, *(confusion[g][p] for p in labels)] for g in labels])
    lines += ["## Run", ""]
    lines += _table(["fixture", "ok", "seconds", "tokens in", "tokens out", "degraded", "error / warnings"], [
        [f["id"], _f(r["error"] is None), _f(r["seconds"], 3), r["input_tokens"], r["output_tokens"],
         _f(r["degraded"]), r["error"] or r.get("verify_error") or "; ".join(r["warnings"])[:200]]
        for f in fixtures for r in [f["run"]]])

    lost = [(f["id"], q) for f in fixtures for q in f.get("lost_quotes", [])]
    if lost:
        lines += ["", "## Quotes lost in extraction (counted as missed)", ""]
        lines += [f"- **{fid}**: “{_cell(q)}”" for fid, q in lost]
    decided = report.get("decisions")
    if decided and "error" not in decided:
        from app.decisions.report import markdown

        lines += ["", *markdown(decided)]
    baseline = report.get("baseline")
    if baseline:
        changed = [row for row in baseline["changes"] if row["delta"] != 0]
        lines += ["", f"## Change from {baseline.get('path') or 'the baseline'}", ""]
        lines += _table(["figure", "old", "new", "change"], [
            [row["figure"], _f(row["old"], 4), _f(row["new"], 4),
             "–" if row["delta"] is None else f"{row['delta']:+g}"] for row in changed])
    return "\n".join(lines).rstrip() + "\n"
