"""Reviews (好差评, seed 002 arts. 35-37): grades, satisfaction, bad-review rectification and the
callback of real-name bad reviews, counted for the department that handled the matter.

Two GROUP BY queries, one over review and one over review_rectification:

- Reviews are those created in the week. The grades, 满意率 and 差评 count valid reviews only:
  a bad review the review office marked 无效差评 is "不予采纳" and counted apart (as in
  workflows/reviews/stats.py). 满意率 = (非常满意 + 满意) / valid reviews.
- Rectified on time, like 办件 "按时办结": the base is the bad reviews whose rectification was
  finished in the week (rectified_at in the week), whenever the review was written; on time is
  finished no later than its due time after any extension (rectified_on_time, copied at
  completion). Those due before the week's end and still unfinished then are counted apart
  (整改超期未完成), so a department that leaves its bad reviews alone is not flattered.
- Callback (实名差评做到全部回访整改, art. 37(4)): a real-name rectification closes only once the
  reviewer was reached, so "closed in the week" alone would always read 100%. The base is every
  real-name bad review rectified before the week's end and not yet called back when the week
  began: those closed in the week (called back in it) and those still awaiting their callback at
  the week's end, however old. Called back is reached in the week (callback_at, set only when
  the reviewer was reached). Below 100% the department is flagged (实名差评回访未全覆盖 = 1 for
  the department; summed, a region's or the total's count of departments flagged).

A review or rectification later marked invalid drops out, as in the published statistics.
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Count

from models.reviews import Grade, Rectification, RectificationState, Review
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, during, in_scope
from workflows.reviews.grades import BAD, GOOD, LABELS

GRADE_KEYS = {grade: f"reviews_{grade.value}" for grade in Grade}
REVIEW_KEYS = (
    "reviews_received",
    "reviews_valid",
    *GRADE_KEYS.values(),
    "reviews_good",
    "reviews_bad",
    "reviews_invalid",
)
RECT_KEYS = (
    "reviews_rectified",
    "reviews_rectified_on_time",
    "reviews_rectification_overdue",
    "reviews_callback_due",
    "reviews_called_back",
)
FLAG = "reviews_callback_flag"


async def count(period: Period, departments: list[int] | None) -> Counts:
    scope = in_scope("department_id", departments)
    valid = Q(invalid=False)
    grades = {key: Count("id", _filter=valid & Q(grade=grade)) for grade, key in GRADE_KEYS.items()}
    reviews = (
        await Review.filter(during("created_at", period), **scope)
        .annotate(
            reviews_received=Count("id"),
            reviews_valid=Count("id", _filter=valid),
            **grades,
            reviews_good=Count("id", _filter=valid & Q(grade__in=list(GOOD))),
            reviews_bad=Count("id", _filter=valid & Q(grade__in=list(BAD))),
            reviews_invalid=Count("id", _filter=Q(invalid=True)),
        )
        .group_by("department_id")
        .values("department_id", *REVIEW_KEYS)
    )
    counts: Counts = {}
    add_rows(counts, reviews, "department_id", REVIEW_KEYS)

    rectified = during("rectified_at", period)
    not_finished_at_end = Q(rectified_at=None) | Q(rectified_at__gte=period.end)
    overdue_open = Q(due_at__lt=period.end) & not_finished_at_end
    callback_due = (
        Q(real_name=True)
        & Q(rectified_at__lt=period.end)
        & (Q(callback_at=None) | Q(callback_at__gte=period.start))
    )
    rects = (
        await Rectification.filter(
            rectified | overdue_open | callback_due,
            ~Q(state=RectificationState.INVALID),
            **scope,
        )
        .annotate(
            reviews_rectified=Count("id", _filter=rectified),
            reviews_rectified_on_time=Count("id", _filter=rectified & Q(rectified_on_time=True)),
            reviews_rectification_overdue=Count("id", _filter=overdue_open),
            reviews_callback_due=Count("id", _filter=callback_due),
            reviews_called_back=Count("id", _filter=callback_due & during("callback_at", period)),
        )
        .group_by("department_id")
        .values("department_id", *RECT_KEYS)
    )
    add_rows(counts, rects, "department_id", RECT_KEYS)
    for values in counts.values():  # one per department: the flag from its two counts
        missing = values.get("reviews_callback_due", 0) > values.get("reviews_called_back", 0)
        values[FLAG] = int(missing)
    return counts


SECTION = Section(
    key="reviews",
    title="好差评",
    columns=(
        Column("reviews_received", "评价"),
        Column("reviews_valid", "有效评价"),
        *(Column(key, LABELS[grade]) for grade, key in GRADE_KEYS.items()),
        Column("reviews_good", "满意及以上"),
        Column("reviews_satisfaction_rate", "满意率", "reviews_good", "reviews_valid"),
        Column("reviews_bad", "差评"),
        Column("reviews_invalid", "无效差评"),
        Column("reviews_rectified", "差评整改完成"),
        Column("reviews_rectified_on_time", "按时整改"),
        Column(
            "reviews_on_time_rate", "按时整改率", "reviews_rectified_on_time", "reviews_rectified"
        ),
        Column("reviews_rectification_overdue", "整改超期未完成"),
        Column("reviews_callback_due", "实名差评应回访"),
        Column("reviews_called_back", "实名差评已回访"),
        Column(
            "reviews_callback_rate", "实名差评回访率", "reviews_called_back", "reviews_callback_due"
        ),
        Column(FLAG, "实名差评回访未全覆盖"),
    ),
    count=count,
)
