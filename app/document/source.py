"""A verification source: a Document with the id the client gave it.

It sits beside the Document (not in `app.engines`) so that the verifier (`app.verify`), which the
engines call, depends only on the document layer.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.document import Document


@dataclass(frozen=True)
class SourceDocument:
    """A verification source: its id (as sent in `sources[].id`) and its Document."""

    id: str
    document: Document
