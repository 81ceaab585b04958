"""Imported by the CPU workers' fork server (app.cpu): one small analysis and verification, so data that the
readers load on first use (lemma tables, compiled patterns) is loaded once, before any worker is forked, and
shared by every worker instead of costing each new worker seconds on its first request. Never raises."""

from __future__ import annotations

import logging


def warm() -> None:
    """Run the offline engine once on a short article."""
    try:
        from app.document import Document
        from app.engines import AnalyzeOptions, SourceDocument
        from app.engines.offline import OfflineEngine
        from app.verify import verify_offline

        text = ("Sunday, June 1, 2025\n\nOfficials said 12 people, including Ana Smith and John Lee, were hurt "
                "yesterday, up from 10 on Friday. “We will rebuild,” said Mayor Smith, 54.")
        document = Document(text)
        OfflineEngine().analyze_sync(document, AnalyzeOptions(
            parts=frozenset({"summary", "claims", "contradictions"}), summary_words=40))
        verify_offline(["12 people were hurt."], [SourceDocument("a", document)])
    except Exception:
        logging.getLogger("copydesk.cpu").warning("CPU worker warm-up failed", exc_info=True)


warm()
