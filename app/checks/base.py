"""What a deterministic check returns (defined in the fact layer, kept here for old imports)."""

from app.facts.finding import Finding

__all__ = ["Finding"]
