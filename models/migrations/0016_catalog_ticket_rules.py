from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.catalog_review import AlignmentState, ChangeState
from models.oversight import AccountabilityState, FindingResult
from models.tickets import TicketChannel
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0015_verified_authors')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AccountabilityRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='accountability_records', on_delete=OnDelete.RESTRICT)),
                ('period_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('period_end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('red_cards', fields.IntField()),
                ('card_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('state', fields.CharEnumField(default=AccountabilityState.OPEN, description='OPEN: open\nCLOSED: closed', enum_type=AccountabilityState, max_length=16)),
                ('outcome', fields.TextField(default='', unique=False)),
                ('closed_by_id', fields.BigIntField(null=True)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'accountability_record', 'app': 'models', 'indexes': [Index(fields=['department_id', 'period_end'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Announcement',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='announcements', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(description='item_suspended, item_terminated, ...', max_length=32)),
                ('title', fields.CharField(max_length=200)),
                ('body', fields.TextField(unique=False)),
                ('published_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('published_by_id', fields.BigIntField(null=True)),
            ],
            options={'table': 'announcement', 'app': 'models', 'indexes': [Index(fields=['published_at'])], 'pk_attr': 'id', 'table_description': 'A public notice about the catalog (art. 13: suspending a service is announced).'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CatalogAlignment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='catalog_alignments', on_delete=OnDelete.RESTRICT)),
                ('list_name', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('list_changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('recorded_by_id', fields.BigIntField()),
                ('state', fields.CharEnumField(default=AlignmentState.OPEN, description='OPEN: open\nDONE: done', enum_type=AlignmentState, max_length=16)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('done_by_id', fields.BigIntField(null=True)),
                ('done_note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'catalog_alignment', 'app': 'models', 'pk_attr': 'id', 'table_description': 'A changed list (权责清单, 行政许可事项清单 ...) the catalog must follow within the limit.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ItemChange',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='changes', on_delete=OnDelete.CASCADE)),
                ('base_version', fields.IntField(description="item version the draft was made from")),
                ('proposed', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('state', fields.CharEnumField(default=ChangeState.PENDING, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected\nSUPERSEDED: superseded', enum_type=ChangeState, max_length=16)),
                ('submitted_by_id', fields.BigIntField()),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('decided_by_id', fields.BigIntField(null=True)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reason', fields.TextField(default='', description="reason of the reviewer, required to reject", unique=False)),
            ],
            options={'table': 'item_change', 'app': 'models', 'indexes': [Index(fields=['state', 'item_id'])], 'pk_attr': 'id', 'table_description': "A proposed edit of a published (or suspended) item, the live item unchanged meanwhile."},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SpotCheck',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('period_start', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('period_end', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('seed', fields.CharField(max_length=64)),
                ('sample_size', fields.IntField()),
                ('population', fields.IntField(description='closed complaints in the period')),
                ('drawn_by_id', fields.BigIntField()),
                ('drawn_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'spot_check', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One draw of closed complaints of a period, repeatable from its seed.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SpotCheckFinding',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('spot_check', fields.ForeignKeyField('models.SpotCheck', source_field='spot_check_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.CASCADE)),
                ('ticket', fields.ForeignKeyField('models.Ticket', source_field='ticket_id', db_constraint=True, to_field='id', related_name='spot_findings', on_delete=OnDelete.CASCADE)),
                ('result', fields.CharEnumField(default=FindingResult.PENDING, description='PENDING: pending\nOK: ok\nPROBLEM: problem', enum_type=FindingResult, max_length=16)),
                ('text', fields.TextField(default='', unique=False)),
                ('checked_by_id', fields.BigIntField(null=True)),
                ('checked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'spot_check_finding', 'app': 'models', 'unique_together': (('spot_check', 'ticket'),), 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.AlterField(
            model_name='Ticket',
            name='citizen',
            field=fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='tickets', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Ticket',
            name='channel',
            field=fields.CharEnumField(default=TicketChannel.WECHAT, description='WECHAT: wechat\nHOTLINE: hotline\nWINDOW: window\nPC: pc\nLETTER: letter\nEMAIL: email', enum_type=TicketChannel, max_length=16),
        ),
        ops.AddField(
            model_name='Ticket',
            name='registered_by_id',
            field=fields.BigIntField(null=True, description='staff who took it down'),
        ),
        ops.AddField(
            model_name='UrgingNotice',
            name='responded_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='UrgingNotice',
            name='responded_by_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='UrgingNotice',
            name='response',
            field=fields.TextField(default='', unique=False),
        ),
    ]
