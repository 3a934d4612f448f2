"""Weekly supervision reports (通报、调度表, seed 000 §三(三)(四)): one stored report per week.

The row keyed by the period's first day makes the Monday job idempotent: a second worker, or
a second run the same week, finds the row and does nothing.
"""

from tortoise import fields

from models.base import TimestampedModel


class WeeklyReport(TimestampedModel):
    # Local dates (Asia/Shanghai by default): Monday and Sunday of the reported week.
    period_start = fields.DateField(unique=True)
    period_end = fields.DateField()
    generated_at = fields.DatetimeField()
    # The whole report as the API serves it (rows per department, per region and in total).
    data = fields.JSONField()

    class Meta:
        table = "weekly_report"
