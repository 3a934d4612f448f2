from tortoise import migrations
from tortoise.migrations import operations as ops
from models.regions import RegionLevel
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

# Rows that predate the tree go under one default county, so that every department, hall and
# account has a region and scoped supervision sees them; an admin renames and recodes it later.
DEFAULT_REGIONS = (
    ("990000000000", "本省", 1, None),
    ("990100000000", "本市", 2, "990000000000"),
    ("990101000000", "本县", 3, "990100000000"),
)
DEFAULT_COUNTY = "990101000000"


async def place_existing_rows(apps, schema_editor) -> None:
    db = schema_editor.client
    placeholder = "$1" if db.capabilities.dialect == "postgres" else "?"
    counts = await db.execute_query_dict(
        "SELECT (SELECT COUNT(*) FROM department) + (SELECT COUNT(*) FROM service_hall)"
        " + (SELECT COUNT(*) FROM staff_account) AS n"
    )
    if not counts or not int(counts[0]["n"] or 0):
        return  # a fresh database: the real tree is entered by the deployment
    ids: dict[str, int] = {}
    for code, name, level, parent in DEFAULT_REGIONS:
        parent_id = "NULL" if parent is None else str(ids[parent])
        await db.execute_query(
            "INSERT INTO region (created_at, updated_at, code, name, level, parent_id) "
            f"VALUES (CURRENT_TIMESTAMP, CURRENT_TIMESTAMP, '{code}', '{name}', {level}, {parent_id})"
        )
        rows = await db.execute_query_dict(
            f"SELECT id FROM region WHERE code = {placeholder}", [code]
        )
        ids[code] = int(rows[0]["id"])
    for table in ("department", "service_hall", "staff_account"):
        await db.execute_query(
            f"UPDATE {table} SET region_node_id = {placeholder} WHERE region_node_id IS NULL",
            [ids[DEFAULT_COUNTY]],
        )


class Migration(migrations.Migration):
    dependencies = [('models', '0019_review_rules')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CaseForward',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='forwards', on_delete=OnDelete.CASCADE)),
                ('from_department', fields.ForeignKeyField('models.Department', source_field='from_department_id', db_constraint=True, to_field='id', related_name='cases_forwarded_up', on_delete=OnDelete.RESTRICT)),
                ('to_department', fields.ForeignKeyField('models.Department', source_field='to_department_id', db_constraint=True, to_field='id', related_name='cases_forwarded_in', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(unique=False)),
                ('forwarded_by', fields.ForeignKeyField('models.StaffAccount', source_field='forwarded_by_id', db_constraint=True, to_field='id', related_name='cases_forwarded', on_delete=OnDelete.RESTRICT)),
                ('forwarded_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('returned_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('result', fields.CharField(default='', max_length=24)),
            ],
            options={'table': 'case_forward', 'app': 'models', 'indexes': [Index(fields=['from_department_id', 'returned_at']), Index(fields=['case_id', 'returned_at'])], 'pk_attr': 'id', 'table_description': "One hop of a case up a level (the case's own `department` is who holds it now)."},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ItemForwardHandler',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='forward_handlers', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='forwarded_items', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'item_forward_handler', 'app': 'models', 'unique_together': (('item', 'department'),), 'pk_attr': 'id', 'table_description': "A higher level's department that takes this item's cases forwarded up (转报件目录表,"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Region',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, description='统计用区划代码', max_length=12)),
                ('name', fields.CharField(max_length=100)),
                ('level', fields.IntEnumField(description='PROVINCE: 1\nCITY: 2\nCOUNTY: 3\nTOWNSHIP: 4\nVILLAGE: 5', enum_type=RegionLevel, generated=False)),
                ('parent', fields.ForeignKeyField('models.Region', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'region', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='Department',
            name='region_node',
            field=fields.ForeignKeyField('models.Region', source_field='region_node_id', null=True, db_constraint=True, to_field='id', related_name='departments', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='ServiceHall',
            name='region_node',
            field=fields.ForeignKeyField('models.Region', source_field='region_node_id', null=True, db_constraint=True, to_field='id', related_name='halls', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='StaffAccount',
            name='region_node',
            field=fields.ForeignKeyField('models.Region', source_field='region_node_id', null=True, db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.RESTRICT),
        ),
        ops.RunPython(place_existing_rows, ops.RunPython.noop),
    ]
