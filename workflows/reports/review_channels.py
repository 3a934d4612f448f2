"""Ratings by channel (好差评渠道, seed 002 art. 35: "服务渠道全覆盖"): the reviews written in the
week, per department, by where they were given (Review.rated_via): the mini-program, a browser,
the hall 评价器, a kiosk, the SMS link and the receipt QR code. Every review counts here, a later
无效差评 included: this measures the channels' use, not satisfaction (the 好差评 section does).
"""

from __future__ import annotations

from tortoise.expressions import Q
from tortoise.functions import Count

from models.reviews import RatedVia, Review
from workflows.reports.period import Period
from workflows.reports.sections import Column, Counts, Section, add_rows, during, in_scope

LABELS = {
    RatedVia.APP: "小程序",
    RatedVia.WEB: "网页",
    RatedVia.DEVICE: "窗口评价器",
    RatedVia.KIOSK: "自助终端",
    RatedVia.SMS_LINK: "短信链接",
    RatedVia.RECEIPT_QR: "回执二维码",
}
KEYS = {via: f"ratings_{via.value}" for via in RatedVia}


async def count(period: Period, departments: list[int] | None) -> Counts:
    rows = (
        await Review.filter(during("created_at", period), **in_scope("department_id", departments))
        .annotate(**{key: Count("id", _filter=Q(rated_via=via)) for via, key in KEYS.items()})
        .group_by("department_id")
        .values("department_id", *KEYS.values())
    )
    counts: Counts = {}
    add_rows(counts, rows, "department_id", KEYS.values())
    return counts


SECTION = Section(
    key="review_channels",
    title="好差评渠道",
    columns=tuple(Column(KEYS[via], LABELS[via]) for via in RatedVia),
    count=count,
)
