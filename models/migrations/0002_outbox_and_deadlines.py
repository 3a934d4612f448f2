from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.outbox import Channel, OutboxStatus, RecipientType
from models.supervision import DeadlineState
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Deadline',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('subject_type', fields.CharField(max_length=32)),
                ('subject_id', fields.BigIntField()),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='deadlines', on_delete=OnDelete.RESTRICT)),
                ('title', fields.CharField(max_length=200)),
                ('state', fields.CharEnumField(default=DeadlineState.RUNNING, description='RUNNING: running\nPAUSED: paused\nDONE: done', enum_type=DeadlineState, max_length=16)),
                ('due_at', fields.DatetimeField(null=True, description='null while paused', auto_now=False, auto_now_add=False)),
                ('limit_working_days', fields.IntField()),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('done_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('yellow_card_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('red_card_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'deadline', 'app': 'models', 'unique_together': (('subject_type', 'subject_id'),), 'indexes': [Index(fields=['state', 'due_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='OutboxMessage',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('dedupe_key', fields.CharField(unique=True, max_length=200)),
                ('channel', fields.CharEnumField(description='SUBSCRIBE_MESSAGE: subscribe_message\nWECOM_APP: wecom_app\nWECOM_ROBOT: wecom_robot\nSMS: sms', enum_type=Channel, max_length=24)),
                ('template', fields.CharField(max_length=64)),
                ('recipient_type', fields.CharEnumField(description='CITIZEN: citizen\nSTAFF: staff\nDEPARTMENT: department', enum_type=RecipientType, max_length=16)),
                ('recipient_id', fields.BigIntField()),
                ('data', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('subject_type', fields.CharField(default='', max_length=32)),
                ('subject_id', fields.BigIntField(null=True)),
                ('status', fields.CharEnumField(default=OutboxStatus.PENDING, description='PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed\nDEAD: dead\nNO_CONSENT: no_consent\nCANCELLED: cancelled', enum_type=OutboxStatus, max_length=16)),
                ('next_attempt_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('attempts', fields.IntField(default=0)),
                ('last_error_code', fields.CharField(default='', max_length=32)),
                ('last_error_message', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('sent_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'outbox_message', 'app': 'models', 'indexes': [Index(fields=['status', 'next_attempt_at']), Index(fields=['subject_type', 'subject_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
