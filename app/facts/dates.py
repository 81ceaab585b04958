"""The fact layer's dates and days: `app.dates`, re-exported.

The reader lives in `app.dates` because the Document reads datelines with it and the Document sits below the
fact layer (DESIGN.md's layers; `make lint` checks that no import cycle joins them). Its docstring gives the
shapes: `find_dates`, `read_days`, `DayMention.resolve`, `tense_of`, `Reference`/`reference_of`, `nearest_year`.
"""

from app.dates import (
    MONTHS,
    REFERENCE_WINDOW_YEARS,
    WEEKDAYS,
    DateMention,
    DayMention,
    Reference,
    Tense,
    find_dates,
    nearest_year,
    read_days,
    reference_of,
    tense_of,
)

__all__ = ["MONTHS", "REFERENCE_WINDOW_YEARS", "WEEKDAYS", "DateMention", "DayMention", "Reference", "Tense",
           "find_dates", "nearest_year", "read_days", "reference_of", "tense_of"]
