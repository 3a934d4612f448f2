"""The five grades, the indicators per channel, and what counts as satisfied.

Seed 002 arts. 35-37 and DOMAIN.md "Local variation": 非常满意 and 满意 are good, 基本满意 is
neutral, 不满意 and 非常不满意 are bad reviews (差评).
"""

from __future__ import annotations

from models.reviews import Grade, ReviewChannel

LABELS: dict[Grade, str] = {
    Grade.VERY_SATISFIED: "非常满意",
    Grade.SATISFIED: "满意",
    Grade.BASICALLY_SATISFIED: "基本满意",
    Grade.DISSATISFIED: "不满意",
    Grade.VERY_DISSATISFIED: "非常不满意",
}
GOOD = frozenset({Grade.VERY_SATISFIED, Grade.SATISFIED})
BAD = frozenset({Grade.DISSATISFIED, Grade.VERY_DISSATISFIED})

# Online (and mobile) service: overall, efficiency, guide accuracy, convenience, platform usability;
# hall service: overall, efficiency, service level, attitude.
ONLINE_INDICATORS = ("overall", "efficiency", "guide_accuracy", "convenience", "usability")
HALL_INDICATORS = ("overall", "efficiency", "service_level", "attitude")


def indicators_for(channel: ReviewChannel) -> tuple[str, ...]:
    return HALL_INDICATORS if channel == ReviewChannel.HALL else ONLINE_INDICATORS


def satisfaction_rate(good: int, valid: int) -> float | None:
    """满意率 = (非常满意 + 满意) / valid reviews, where valid reviews are every review except the
    bad reviews the review office marked 无效差评 (seed 002 art. 37(2): the result of such a
    review "不予采纳", it is not counted). None when nothing was rated."""
    return round(good / valid, 4) if valid else None


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None
