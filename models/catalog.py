"""Service items (事项) with their guides (办事指南), and the service halls that serve them.

Seeds 001 §二 and 002 arts. 7-12: one item, one code; the guide lists everything a citizen
may be asked for; items are opened, suspended and terminated through review, with versions.
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.people import AssuranceLevel, Department


class ItemType(StrEnum):
    LICENSING = "行政许可"
    CONFIRMATION = "行政确认"
    BENEFIT = "行政给付"
    ADJUDICATION = "行政裁决"
    REWARD = "行政奖励"
    OTHER_POWER = "其他行政权力"
    PUBLIC_SERVICE = "公共服务"


class OnlineDepth(StrEnum):
    FULLY_ONLINE = "全程网办"
    AT_MOST_ONE_VISIT = "最多跑一次"
    ZERO_VISIT = "零跑腿"
    WINDOW_ONLY = "窗口办理"


class ItemStatus(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    SUSPENDED = "suspended"
    TERMINATED = "terminated"


class ServiceItem(TimestampedModel):
    code = fields.CharField(max_length=64, unique=True, description="统一编码")
    name = fields.CharField(max_length=200)
    item_type = fields.CharEnumField(ItemType, max_length=16)
    legal_basis = fields.TextField(default="")
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="items", on_delete=fields.RESTRICT
    )
    online_depth = fields.CharEnumField(OnlineDepth, max_length=16)
    offline_reason = fields.TextField(default="", description="why it cannot be done online")
    legal_limit_days = fields.IntField(description="法定办结时限, working days")
    promised_limit_days = fields.IntField(description="承诺办结时限, working days")
    fees = fields.TextField(default="不收费")
    # The fee the guide declares, in fen (分); 0: none. Recorded per case when it is submitted.
    fee_cents = fields.IntField(default=0)
    # The certificate approval yields (电子证照, seed 002 art. 40); "": none.
    certificate_name = fields.CharField(max_length=100, default="")
    # Its validity in days from issue; null: 长期有效.
    certificate_valid_days = fields.IntField(null=True)
    conditions = fields.TextField(default="")
    # [{name, basis, format, copies, seal, sample_url}]
    materials = fields.JSONField(default=list)
    # [{step, description}]
    process = fields.JSONField(default=list)
    notes = fields.TextField(default="")
    # [{question, answer}]
    faq = fields.JSONField(default=list)
    themes = fields.JSONField(default=list)
    status = fields.CharEnumField(ItemStatus, max_length=16, default=ItemStatus.DRAFT)
    version = fields.IntField(default=1)
    # The least assurance level a citizen needs to apply, book or review with real name online.
    min_assurance = fields.IntEnumField(AssuranceLevel, default=AssuranceLevel.L0)

    class Meta:
        table = "service_item"


# A snapshot of an item after each change (art. 12: keep versions), never updated.
class ServiceItemVersion(Model):
    id = fields.BigIntField(primary_key=True)
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="versions", on_delete=fields.CASCADE
    )
    version = fields.IntField()
    status = fields.CharEnumField(ItemStatus, max_length=16)
    change = fields.CharField(max_length=32, description="created, edited or the new status")
    snapshot = fields.JSONField()
    actor_kind = fields.CharField(max_length=16)
    actor_id = fields.BigIntField(null=True)
    note = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "service_item_version"
        unique_together = (("item", "version"),)


class ServiceHall(TimestampedModel):
    code = fields.CharField(max_length=32, unique=True)
    name = fields.CharField(max_length=100)
    region = fields.CharField(max_length=100)
    address = fields.CharField(max_length=200)
    phone = fields.CharField(max_length=20, default="")
    # {"mon": ["09:00", "17:00"], ...}; weekends only when a hall opens on them.
    opening_hours = fields.JSONField(default=dict)
    # WGS-84 degrees, for a map pin in the mini-program; unknown for a hall not yet surveyed.
    latitude = fields.FloatField(null=True)
    longitude = fields.FloatField(null=True)
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="halls", on_delete=fields.RESTRICT
    )
    items: fields.ManyToManyRelation[ServiceItem] = fields.ManyToManyField(
        "models.ServiceItem", related_name="halls", through="hall_item"
    )
    # The region it serves: a county hall, a township 便民服务中心, a village 代办点.
    region_node = fields.ForeignKeyField(
        "models.Region", related_name="halls", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "service_hall"
