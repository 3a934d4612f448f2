"""The sections of the weekly report, in the order they are printed.

Extension point: a new section (reviews, 好差评: by grade, satisfaction rate, bad reviews
rectified on time, callback rate) is one module with `SECTION = Section(...)` (see
workflows/reports/sections.py) appended here; the API, the exports, the console page and the
weekly job pick it up with no other change.
"""

from workflows.reports import cases, items, review_channels, reviews, supervision, tickets
from workflows.reports.sections import Column, Section

SECTIONS: tuple[Section, ...] = (
    items.SECTION,
    cases.SECTION,
    tickets.SECTION,
    supervision.SECTION,
    reviews.SECTION,
    review_channels.SECTION,
)


def columns() -> list[tuple[Section, Column]]:
    return [(section, column) for section in SECTIONS for column in section.columns]
