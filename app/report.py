"""Reports a person reads: the text form of `copydesk analyze` and `copydesk verify`."""

from __future__ import annotations

import textwrap

from app.models import AnalyzeResponse, VerifyResponse


def _wrap(text: str, indent: str = "  ") -> str:
    return textwrap.fill(" ".join(text.split()), width=100, initial_indent=indent, subsequent_indent=indent)


def analysis_text(r: AnalyzeResponse) -> str:
    """The summary, the claims with speakers, each contradiction with both quotes and why."""
    out: list[str] = []
    d = r.document
    out.append(f"Dateline: {d.dateline or 'not found'}"
               + (f" ({d.dateline_weekday})" if d.dateline_weekday else "")
               + f"   Sentences: {d.sentences}   Furniture lines ignored: {len(d.furniture)}")
    if r.summary is not None:
        out += ["", f"SUMMARY ({len(r.summary.text.split())} words)", _wrap(r.summary.text)]
    if r.contradictions is not None:
        out += ["", f"CONTRADICTIONS ({len(r.contradictions)})"]
        if not r.contradictions:
            out.append("  none found")
        for x in r.contradictions:
            out.append(f"  [{x.id}] {x.type}, confidence {x.confidence:.2f}, found by {x.found_by}")
            for side in (x.a, x.b):
                for s in side.spans:
                    out.append(f"    “{' '.join(s.text.split())}”  (chars {s.start}-{s.end})")
            out.append(_wrap(x.explanation, "    → "))
    if r.claims is not None:
        out += ["", f"CLAIMS ({len(r.claims)})"]
        for c in r.claims:
            who = c.speaker or "—"
            out.append(f"  [{c.id}] {c.type:<10} {c.checkworthy:.2f}  {who}")
            out.append(_wrap(c.text, "      "))
    m = r.meta
    out += ["", f"Engine: {m.engine}" + (f" ({m.model}, prompts {m.prompt_version})" if m.model else "")
            + f"   {m.duration_ms:.1f} ms" + (f"   tokens in/out {m.usage.input_tokens}/{m.usage.output_tokens}"
                                              f" in {m.usage.calls} calls" if m.usage.calls else "")
            + ("   DEGRADED" if m.degraded else "")]
    out += [f"Warning: {w}" for w in m.warnings]
    return "\n".join(out)


def verify_text(r: VerifyResponse) -> str:
    """One block per statement: verdict, confidence, rationale and evidence; then the tally."""
    out: list[str] = []
    for i, res in enumerate(r.results, 1):
        out.append(f"{i}. {res.label.upper().replace('_', ' ')} ({res.confidence:.2f})  {res.statement}")
        out.append(_wrap(res.rationale, "     "))
        for e in res.evidence:
            out.append(f"     evidence [{e.source_id} chars {e.start}-{e.end}]: “{' '.join(e.text.split())}”")
        out.append("")
    counts = {label: sum(res.label == label for res in r.results) for label in ("supported", "contradicted", "not_found")}
    out.append(f"{len(r.results)} statements: {counts['supported']} supported, {counts['contradicted']} contradicted, "
               f"{counts['not_found']} not found")
    out.append(f"Engine: {r.meta.engine}   {r.meta.duration_ms:.1f} ms")
    out += [f"Warning: {w}" for w in r.meta.warnings]
    return "\n".join(out)
