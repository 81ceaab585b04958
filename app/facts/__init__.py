"""The fact layer: what an article states, read once, for the checks and the verifier alike.

Modules:
- `numbers`: `read_numbers(text, start, end) -> list[NumberMention]` (counts, words, shares, percentages,
  ranges, hedges, money with currency and scale, scores, years).
- `dates`: `find_dates` (printed calendar dates) and `read_days(text, start, end) -> list[DayMention]`
  (dates, weekdays, days relative to the dateline), `tense_of`.
- `people`: `people(text) -> PeopleRegistry` (each person's mentions, titles, roles, organisations, ages).

Offsets everywhere are code points into the text given.
"""

from app.facts.dates import DateMention, DayMention, find_dates, read_days, tense_of
from app.facts.numbers import NumberMention, read_numbers

__all__ = ["DateMention", "DayMention", "NumberMention", "find_dates", "read_days", "read_numbers", "tense_of"]
