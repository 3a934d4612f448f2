from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.cases import CaseChannel, CaseStatus
from models.catalog import ItemStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0003_notifier')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Case',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('case_no', fields.CharField(unique=True, max_length=20)),
                ('lookup_secret_hash', fields.CharField(max_length=64)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('item_version', fields.IntField()),
                ('item_name', fields.CharField(max_length=200)),
                ('promised_limit_days', fields.IntField()),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('channel', fields.CharEnumField(description='ONLINE: online\nWINDOW: window', enum_type=CaseChannel, max_length=16)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='cases', on_delete=OnDelete.RESTRICT)),
                ('registered_by', fields.ForeignKeyField('models.StaffAccount', source_field='registered_by_id', null=True, db_constraint=True, to_field='id', related_name='registered_cases', on_delete=OnDelete.RESTRICT)),
                ('applicant_name', fields.CharField(max_length=100)),
                ('applicant_phone', fields.CharField(default='', max_length=20)),
                ('applicant_id_number', fields.CharField(default='', max_length=18)),
                ('form', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('materials', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharEnumField(default=CaseStatus.SUBMITTED, description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered', enum_type=CaseStatus, max_length=24)),
                ('resume_status', fields.CharEnumField(null=True, description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered', enum_type=CaseStatus, max_length=24)),
                ('correction_materials', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('paused_remaining_days', fields.IntField(null=True)),
                ('corrections_requested', fields.IntField(default=0)),
                ('decision_reason', fields.TextField(default='', unique=False)),
                ('step_count', fields.IntField(default=0)),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('accepted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'service_case', 'app': 'models', 'indexes': [Index(fields=['department_id', 'status']), Index(fields=['department_id', 'due_at']), Index(fields=['citizen_id', 'submitted_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CaseNumberCounter',
            fields=[
                ('day', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=8)),
                ('last_seq', fields.IntField(default=0)),
            ],
            options={'table': 'case_number_counter', 'app': 'models', 'pk_attr': 'day'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseTimelineEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='timeline', on_delete=OnDelete.CASCADE)),
                ('seq', fields.IntField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('action', fields.CharField(max_length=32)),
                ('status', fields.CharEnumField(description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered', enum_type=CaseStatus, max_length=24)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='case_steps', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='case_steps', on_delete=OnDelete.RESTRICT)),
                ('actor_kind', fields.CharField(max_length=16)),
                ('note', fields.TextField(default='', unique=False)),
                ('details', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'case_timeline_entry', 'app': 'models', 'unique_together': (('case', 'seq'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ServiceItemVersion',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='versions', on_delete=OnDelete.CASCADE)),
                ('version', fields.IntField()),
                ('status', fields.CharEnumField(description='DRAFT: draft\nPUBLISHED: published\nSUSPENDED: suspended\nTERMINATED: terminated', enum_type=ItemStatus, max_length=16)),
                ('change', fields.CharField(description='created, edited or the new status', max_length=32)),
                ('snapshot', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('actor_kind', fields.CharField(max_length=16)),
                ('actor_id', fields.BigIntField(null=True)),
                ('note', fields.TextField(default='', unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'service_item_version', 'app': 'models', 'unique_together': (('item', 'version'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
