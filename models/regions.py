"""The administrative levels (seed 004 §四(二)、§五(五); DOMAIN.md "Levels and routing"), and the
cases forwarded up them (向上转报件).

Province → city → county → township/street → village/community. Every region carries its
12-digit 统计用区划代码 (the statistics bureau's division code): its first 6 digits are the
GB/T 2260 code of the county, so one code serves both lists. The digits are cut by level:

    PP CC DD TTT VVV   province 2, city 4, county 6, township 9, village 12 significant digits

and the rest are zeros. A region's subtree is every code that starts with its significant digits,
i.e. the range [code, prefix + "9…9"] on the unique index of `code`: one indexed query, no walk.
"""

from enum import IntEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.cases import Case
from models.catalog import ServiceItem
from models.people import Department, StaffAccount

CODE_LENGTH = 12


class RegionLevel(IntEnum):
    PROVINCE = 1  # 省
    CITY = 2  # 市（州）
    COUNTY = 3  # 县（市、区）
    TOWNSHIP = 4  # 乡镇、街道
    VILLAGE = 5  # 村、社区


# How many leading digits of the code are significant at each level.
PREFIX_LENGTH: dict[RegionLevel, int] = {
    RegionLevel.PROVINCE: 2,
    RegionLevel.CITY: 4,
    RegionLevel.COUNTY: 6,
    RegionLevel.TOWNSHIP: 9,
    RegionLevel.VILLAGE: 12,
}

LEVEL_LABELS: dict[RegionLevel, str] = {
    RegionLevel.PROVINCE: "省",
    RegionLevel.CITY: "市",
    RegionLevel.COUNTY: "县",
    RegionLevel.TOWNSHIP: "乡镇（街道）",
    RegionLevel.VILLAGE: "村（社区）",
}


class Region(TimestampedModel):
    code = fields.CharField(max_length=CODE_LENGTH, unique=True, description="统计用区划代码")
    name = fields.CharField(max_length=100)
    level = fields.IntEnumField(RegionLevel)
    parent: fields.ForeignKeyNullableRelation["Region"] = fields.ForeignKeyField(
        "models.Region", related_name="children", null=True, on_delete=fields.RESTRICT
    )

    class Meta:
        table = "region"

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[self.level]]


class ItemForwardHandler(Model):
    """A higher level's department that takes this item's cases forwarded up (转报件目录表,
    seed 004 §四(二)): a case goes only where the catalog says the item is handled."""

    id = fields.BigIntField(primary_key=True)
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="forward_handlers", on_delete=fields.CASCADE
    )
    department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="forwarded_items", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "item_forward_handler"
        unique_together = (("item", "department"),)


class CaseForward(TimestampedModel):
    """One hop of a case up a level (the case's own `department` is who holds it now).

    A row with `returned_at` unset: the case is still up there, and `from_department` follows
    it."""

    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="forwards", on_delete=fields.CASCADE
    )
    from_department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="cases_forwarded_up", on_delete=fields.RESTRICT
    )
    to_department: fields.ForeignKeyRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="cases_forwarded_in", on_delete=fields.RESTRICT
    )
    reason = fields.TextField()
    forwarded_by: fields.ForeignKeyRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="cases_forwarded", on_delete=fields.RESTRICT
    )
    forwarded_at = fields.DatetimeField()
    returned_at = fields.DatetimeField(null=True)
    # The status the higher level decided (approved, denied, not_accepted), once it came back.
    result = fields.CharField(max_length=24, default="")

    class Meta:
        table = "case_forward"
        indexes = (("from_department_id", "returned_at"), ("case_id", "returned_at"))
