from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.supervision import CardColour
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_outbox_and_deadlines')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SubscriptionQuota',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='subscription_quotas', on_delete=OnDelete.CASCADE)),
                ('template_id', fields.CharField(max_length=64)),
                ('remaining', fields.IntField(default=0)),
            ],
            options={'table': 'subscription_quota', 'app': 'models', 'unique_together': (('citizen', 'template_id'),), 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SupervisionCard',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('deadline', fields.ForeignKeyField('models.Deadline', source_field='deadline_id', db_constraint=True, to_field='id', related_name='cards', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='cards', on_delete=OnDelete.RESTRICT)),
                ('colour', fields.CharEnumField(description='YELLOW: yellow\nRED: red', enum_type=CardColour, max_length=8)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('acknowledged_by', fields.ForeignKeyField('models.StaffAccount', source_field='acknowledged_by_id', null=True, db_constraint=True, to_field='id', related_name='acknowledged_cards', on_delete=OnDelete.SET_NULL)),
                ('acknowledged_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('cleared_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'supervision_card', 'app': 'models', 'indexes': [Index(fields=['department_id', 'cleared_at']), Index(fields=['cleared_at', 'colour'])], 'pk_attr': 'id', 'table_description': 'One yellow or red card, issued once per deadline period and colour.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='UrgingNotice',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('deadline', fields.ForeignKeyField('models.Deadline', source_field='deadline_id', db_constraint=True, to_field='id', related_name='urgings', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='urgings', on_delete=OnDelete.RESTRICT)),
                ('issued_by', fields.ForeignKeyField('models.StaffAccount', source_field='issued_by_id', db_constraint=True, to_field='id', related_name='urgings_issued', on_delete=OnDelete.RESTRICT)),
                ('message', fields.TextField(unique=False)),
                ('respond_by', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'urging_notice', 'app': 'models', 'pk_attr': 'id', 'table_description': "A supervisor's urging notice (督办通知单) about a watched matter."},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='claimed_by',
            field=fields.CharField(default='', max_length=40),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='delivery',
            field=fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads),
        ),
        ops.AddField(
            model_name='OutboxMessage',
            name='lease_until',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddIndex(
            model_name='OutboxMessage',
            index=Index(fields=['status', 'lease_until']),
        ),
    ]
