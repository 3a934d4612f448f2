"""Mini-program subscription consent: each "allow" a citizen taps is one message of that template.

Counted per WeChat template id (what wx.requestSubscribeMessage reports); the notifier takes one
before each send and sends nothing without it (DOMAIN.md "Local variation and platform limits").
"""

from tortoise import fields

from models.base import TimestampedModel
from models.people import Citizen


class SubscriptionQuota(TimestampedModel):
    citizen: fields.ForeignKeyRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="subscription_quotas", on_delete=fields.CASCADE
    )
    template_id = fields.CharField(max_length=64)
    remaining = fields.IntField(default=0)

    class Meta:
        table = "subscription_quota"
        unique_together = (("citizen", "template_id"),)
