"""Rules over facts: each is a pure `(Document) -> list[Finding]` that reads mentions through `facts_of`.

`RULES` lists the rules on by default (the checks registry in `app.checks` runs them); `OPTIONAL_RULES` the ones
that ship off because they did not hold their precision on real clean articles (switch them on with the
`COPYDESK_EXTRA_CHECKS` environment variable, a comma-separated list of names).
"""

from __future__ import annotations

from app.facts.rules.ages import rule_ages

RULES = {
    "age-twice": rule_ages,
}
OPTIONAL_RULES: dict = {}

__all__ = ["RULES", "OPTIONAL_RULES"]
