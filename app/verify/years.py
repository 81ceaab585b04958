"""A year said relative to the time of writing ("this year", "last year's", "next year") against a printed year.

Without a dateline the verifier cannot tell which year "this year" is, so a printed year neither contradicts nor,
by itself, bears it out: "this year's prize" is not borne out by "established in 1957". An article's own latest
year stands for the time of writing; a printed year that is that year moved by the phrase ("last year" = one
before, "next year" = one after), give or take one (an article written in January looks back on the year just
gone), bears the phrase out.
"""

from __future__ import annotations

from app.verify.quantities import Quantity


def fits(q: Quantity, found: Quantity, everything: list[Quantity]) -> bool:
    """Whether source figure `found` can be the year the statement's relative year `q` means; True for any other
    pair of figures. `everything` is every figure of the source."""
    if q.kind != "relyear" or found.kind != "year":
        return True
    years = [e.value for e in everything if e.kind == "year" and not e.derived]
    return not years or abs(found.value - (max(years) + q.value)) <= 1
