from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.reviews import Classification, ContactMethod, Grade, RectificationState, ReviewChannel, SubjectType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_reports')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Review',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('subject_type', fields.CharEnumField(description='CASE: case\nBOOKING: booking', enum_type=SubjectType, max_length=16)),
                ('subject_id', fields.BigIntField()),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', null=True, db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT)),
                ('item_name', fields.CharField(default='', max_length=200)),
                ('channel', fields.CharEnumField(description='ONLINE: online\nHALL: hall\nMOBILE: mobile', enum_type=ReviewChannel, max_length=16)),
                ('grade', fields.CharEnumField(description='VERY_SATISFIED: very_satisfied\nSATISFIED: satisfied\nBASICALLY_SATISFIED: basically_satisfied\nDISSATISFIED: dissatisfied\nVERY_DISSATISFIED: very_dissatisfied', enum_type=Grade, max_length=24)),
                ('bad', fields.BooleanField()),
                ('scores', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('tags', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('text', fields.TextField(default='', unique=False)),
                ('real_name', fields.BooleanField(default=False)),
                ('contact_name', fields.CharField(default='', max_length=100)),
                ('contact_phone', fields.CharField(default='', max_length=20)),
                ('invalid', fields.BooleanField(default=False)),
            ],
            options={'table': 'review', 'app': 'models', 'unique_together': (('subject_type', 'subject_id'),), 'indexes': [Index(fields=['citizen_id', 'created_at']), Index(fields=['created_at', 'department_id'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Rectification',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('review', fields.OneToOneField('models.Review', source_field='review_id', db_constraint=True, to_field='id', related_name='rectification', on_delete=OnDelete.RESTRICT)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='rectifications', on_delete=OnDelete.RESTRICT)),
                ('stat_item_id', fields.BigIntField(null=True)),
                ('stat_hall_id', fields.BigIntField(null=True)),
                ('state', fields.CharEnumField(default=RectificationState.OPEN, description='OPEN: open\nINVALID_REQUESTED: invalid_requested\nRECTIFYING: rectifying\nAWAITING_CALLBACK: awaiting_callback\nCLOSED: closed\nINVALID: invalid', enum_type=RectificationState, max_length=24)),
                ('real_name', fields.BooleanField(default=False)),
                ('classification', fields.CharEnumField(null=True, description='SIMPLE: simple\nCOMPLEX: complex\nUNTRUE: untrue\nMISTAKEN: mistaken\nMALICIOUS: malicious', enum_type=Classification, max_length=16)),
                ('clock_started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('limit_working_days', fields.IntField()),
                ('due_at', fields.DatetimeField(null=True, description='null while the review office decides', auto_now=False, auto_now_add=False)),
                ('contacted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('invalid_reason', fields.TextField(default='', unique=False)),
                ('invalid_requested_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('invalid_decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('invalid_decided_by', fields.ForeignKeyField('models.StaffAccount', source_field='invalid_decided_by_id', null=True, db_constraint=True, to_field='id', related_name='invalid_decisions', on_delete=OnDelete.RESTRICT)),
                ('invalid_approved', fields.BooleanField(null=True)),
                ('invalid_decision_note', fields.TextField(default='', unique=False)),
                ('extension_days', fields.IntField(null=True)),
                ('extension_reason', fields.TextField(default='', unique=False)),
                ('rectified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('rectification_summary', fields.TextField(default='', unique=False)),
                ('rectified_on_time', fields.BooleanField(null=True)),
                ('callback_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('callback_satisfied', fields.BooleanField(null=True)),
                ('callback_note', fields.TextField(default='', unique=False)),
                ('closed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'review_rectification', 'app': 'models', 'indexes': [Index(fields=['department_id', 'state']), Index(fields=['state', 'created_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='RectificationContact',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('rectification', fields.ForeignKeyField('models.Rectification', source_field='rectification_id', db_constraint=True, to_field='id', related_name='contacts', on_delete=OnDelete.CASCADE)),
                ('purpose', fields.CharField(description='verify or callback', max_length=16)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', db_constraint=True, to_field='id', related_name='review_contacts', on_delete=OnDelete.RESTRICT)),
                ('method', fields.CharEnumField(description='PHONE: phone\nSMS: sms\nIN_APP: in_app\nVISIT: visit', enum_type=ContactMethod, max_length=16)),
                ('reached', fields.BooleanField()),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'review_rectification_contact', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReviewInvitation',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('subject_type', fields.CharEnumField(description='CASE: case\nBOOKING: booking', enum_type=SubjectType, max_length=16)),
                ('subject_id', fields.BigIntField()),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='review_invitations', on_delete=OnDelete.RESTRICT)),
                ('item_name', fields.CharField(default='', max_length=200)),
                ('invited_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('reminded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('reviewed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'review_invitation', 'app': 'models', 'unique_together': (('subject_type', 'subject_id'),), 'indexes': [Index(fields=['reviewed_at', 'reminded_at', 'invited_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
    ]
