"""Rules over facts: each is a pure `(Document) -> list[Finding]` that reads mentions through `facts_of`.

`RULES` lists the rules on by default (the checks registry in `app.checks` runs them); `OPTIONAL_RULES` the ones
that ship off because they did not hold their precision on real clean articles (switch them on with the
`COPYDESK_EXTRA_CHECKS` environment variable, a comma-separated list of names).
"""

from __future__ import annotations

from app.facts.rules.ages import rule_ages
from app.facts.rules.births import rule_age_at_event
from app.facts.rules.counts import rule_breakdown, rule_counts, rule_enumeration, rule_parts, rule_split
from app.facts.rules.days import (
    rule_ended_ahead,
    rule_event_dates,
    rule_event_years,
    rule_happened_ahead,
    rule_same_day,
    rule_upcoming_day,
)
from app.facts.rules.durations import rule_durations, rule_elapsed, rule_sanctions
from app.facts.rules.members import rule_members
from app.facts.rules.money import rule_money
from app.facts.rules.scores import rule_person_scores, rule_results
from app.facts.rules.shares import rule_holder_shares, rule_shares, rule_shares_one_word
from app.facts.rules.team_scores import rule_team_ordinal
from app.facts.rules.times import rule_dated_twice
from app.facts.rules.totals import rule_count_parts, rule_percent_change, rule_totals, rule_votes

RULES = {
    "totals": rule_totals,
    "count-parts": rule_count_parts,
    "votes": rule_votes,
    "percent": rule_percent_change,
    "age-twice": rule_ages,
    "age-at-event": rule_age_at_event,
    "same-day": rule_same_day,
    "event-dates": rule_event_dates,
    "event-years": rule_event_years,
    "upcoming-day": rule_upcoming_day,
    "ended-ahead": rule_ended_ahead,
    "happened-ahead": rule_happened_ahead,
    "shares": rule_shares,
    "holder-shares": rule_holder_shares,
    "counts": rule_counts,
    "enumeration": rule_enumeration,
    "parts": rule_parts,
    "breakdown": rule_breakdown,
    "split": rule_split,
    "results": rule_results,
    "person-scores": rule_person_scores,
    "team-ordinal": rule_team_ordinal,
    "durations": rule_durations,
    "elapsed": rule_elapsed,
    "sanctions": rule_sanctions,
    "money": rule_money,
    "dated-twice": rule_dated_twice,
    "members": rule_members,
}
OPTIONAL_RULES = {
    "totals": rule_totals,
    "count-parts": rule_count_parts,
    "votes": rule_votes,
    "percent": rule_percent_change,
    "shares-one-word": rule_shares_one_word,
}

__all__ = ["RULES", "OPTIONAL_RULES"]
