from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.calendar import DayKind, DaySource
from models.catalog import ItemStatus, ItemType, OnlineDepth
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    initial = True

    operations = [
        ops.CreateModel(
            name='AuditRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=True)),
                ('actor_kind', fields.CharField(description='citizen, staff or system', max_length=16)),
                ('actor_id', fields.BigIntField(null=True)),
                ('action', fields.CharField(max_length=64)),
                ('object_type', fields.CharField(max_length=32)),
                ('object_id', fields.CharField(max_length=64)),
                ('before', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('after', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('note', fields.TextField(default='', unique=False)),
                ('request_id', fields.CharField(default='', max_length=64)),
            ],
            options={'table': 'audit_record', 'app': 'models', 'indexes': [Index(fields=['object_type', 'object_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CalendarDay',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('day', fields.DateField(unique=True)),
                ('kind', fields.CharEnumField(description='HOLIDAY: holiday\nWORKDAY: workday', enum_type=DayKind, max_length=16)),
                ('source', fields.CharEnumField(description='OFFICIAL: official\nLOCAL: local', enum_type=DaySource, max_length=16)),
                ('name', fields.CharField(default='', max_length=50)),
            ],
            options={'table': 'calendar_day', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Citizen',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('openid', fields.CharField(unique=True, max_length=64)),
                ('unionid', fields.CharField(null=True, db_index=True, max_length=64)),
                ('real_name', fields.CharField(null=True, max_length=50)),
                ('phone', fields.CharField(null=True, max_length=20)),
                ('id_number', fields.CharField(null=True, max_length=18)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'citizen', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Department',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=100)),
                ('region', fields.CharField(description='county or city the department serves', max_length=100)),
                ('parent', fields.ForeignKeyField('models.Department', source_field='parent_id', null=True, db_constraint=True, to_field='id', related_name='children', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'department', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ServiceItem',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, description='统一编码', max_length=64)),
                ('name', fields.CharField(max_length=200)),
                ('item_type', fields.CharEnumField(description='LICENSING: 行政许可\nCONFIRMATION: 行政确认\nBENEFIT: 行政给付\nADJUDICATION: 行政裁决\nREWARD: 行政奖励\nOTHER_POWER: 其他行政权力\nPUBLIC_SERVICE: 公共服务', enum_type=ItemType, max_length=16)),
                ('legal_basis', fields.TextField(default='', unique=False)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='items', on_delete=OnDelete.RESTRICT)),
                ('online_depth', fields.CharEnumField(description='FULLY_ONLINE: 全程网办\nAT_MOST_ONE_VISIT: 最多跑一次\nZERO_VISIT: 零跑腿\nWINDOW_ONLY: 窗口办理', enum_type=OnlineDepth, max_length=16)),
                ('offline_reason', fields.TextField(default='', description='why it cannot be done online', unique=False)),
                ('legal_limit_days', fields.IntField(description='法定办结时限, working days')),
                ('promised_limit_days', fields.IntField(description='承诺办结时限, working days')),
                ('fees', fields.TextField(default='不收费', unique=False)),
                ('conditions', fields.TextField(default='', unique=False)),
                ('materials', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('process', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('notes', fields.TextField(default='', unique=False)),
                ('faq', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('themes', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=ItemStatus.DRAFT, description='DRAFT: draft\nPUBLISHED: published\nSUSPENDED: suspended\nTERMINATED: terminated', enum_type=ItemStatus, max_length=16)),
                ('version', fields.IntField(default=1)),
            ],
            options={'table': 'service_item', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ServiceHall',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, max_length=32)),
                ('name', fields.CharField(max_length=100)),
                ('region', fields.CharField(max_length=100)),
                ('address', fields.CharField(max_length=200)),
                ('phone', fields.CharField(default='', max_length=20)),
                ('opening_hours', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='halls', on_delete=OnDelete.RESTRICT)),
                ('items', fields.ManyToManyField('models.ServiceItem', unique=True, db_constraint=True, through='hall_item', forward_key='serviceitem_id', backward_key='service_hall_id', related_name='halls', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'service_hall', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='StaffAccount',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('username', fields.CharField(unique=True, max_length=50)),
                ('password_hash', fields.CharField(max_length=200)),
                ('name', fields.CharField(max_length=50)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='staff', on_delete=OnDelete.RESTRICT)),
                ('roles', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('wecom_userid', fields.CharField(null=True, unique=True, max_length=64)),
                ('phone', fields.CharField(null=True, max_length=20)),
                ('active', fields.BooleanField(default=True)),
                ('last_login_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'staff_account', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
    ]
