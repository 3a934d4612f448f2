from tortoise import migrations
from tortoise.migrations import operations as ops
from models.review_channels import DeviceKind, ExtensionState, LinkVia
from models.reviews import RatedVia, SubjectType
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0018_routing')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RatingLink',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('via', fields.CharEnumField(description='SMS: sms\nRECEIPT_QR: receipt_qr', enum_type=LinkVia, max_length=16)),
                ('subject_type', fields.CharEnumField(description='CASE: case\nBOOKING: booking\nQUEUE_TICKET: queue_ticket', enum_type=SubjectType, max_length=16)),
                ('subject_id', fields.BigIntField()),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'review_rating_link', 'app': 'models', 'indexes': [Index(fields=['subject_type', 'subject_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RectificationExtension',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('rectification', fields.ForeignKeyField('models.Rectification', source_field='rectification_id', db_constraint=True, to_field='id', related_name='extension_requests', on_delete=OnDelete.CASCADE)),
                ('working_days', fields.IntField()),
                ('reason', fields.TextField(unique=False)),
                ('requested_by', fields.ForeignKeyField('models.StaffAccount', source_field='requested_by_id', db_constraint=True, to_field='id', related_name='extension_requests', on_delete=OnDelete.RESTRICT)),
                ('requested_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('decide_by', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('state', fields.CharEnumField(default=ExtensionState.PENDING, description='PENDING: pending\nAPPROVED: approved\nREJECTED: rejected', enum_type=ExtensionState, max_length=16)),
                ('decided_by', fields.ForeignKeyField('models.StaffAccount', source_field='decided_by_id', null=True, db_constraint=True, to_field='id', related_name='extension_decisions', on_delete=OnDelete.RESTRICT)),
                ('decided_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('decision_note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'review_rectification_extension', 'app': 'models', 'indexes': [Index(fields=['rectification_id', 'state'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ReviewDevice',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, description='the device id it sends', max_length=32)),
                ('secret', fields.CharField(max_length=64)),
                ('kind', fields.CharEnumField(description='DEVICE: device\nKIOSK: kiosk', enum_type=DeviceKind, max_length=16)),
                ('name', fields.CharField(max_length=100)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='review_devices', on_delete=OnDelete.RESTRICT)),
                ('window', fields.CharField(default='', description="window number, kiosk: ''", max_length=32)),
                ('registered_by', fields.ForeignKeyField('models.StaffAccount', source_field='registered_by_id', db_constraint=True, to_field='id', related_name='registered_devices', on_delete=OnDelete.RESTRICT)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_seen_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'review_device', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.AddField(
            model_name='Rectification',
            name='callback_outcome',
            field=fields.CharField(default='', max_length=16),
        ),
        ops.AddField(
            model_name='Rectification',
            name='reopened_count',
            field=fields.IntField(default=0),
        ),
        ops.AlterField(
            model_name='Review',
            name='citizen',
            field=fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='reviews', on_delete=OnDelete.RESTRICT),
        ),
        ops.AlterField(
            model_name='Review',
            name='subject_type',
            field=fields.CharEnumField(description='CASE: case\nBOOKING: booking\nQUEUE_TICKET: queue_ticket', enum_type=SubjectType, max_length=16),
        ),
        ops.AddField(
            model_name='Review',
            name='device_id',
            field=fields.BigIntField(null=True),
        ),
        ops.AddField(
            model_name='Review',
            name='rated_via',
            field=fields.CharEnumField(default=RatedVia.APP, description='APP: app\nWEB: web\nDEVICE: device\nKIOSK: kiosk\nSMS_LINK: sms_link\nRECEIPT_QR: receipt_qr', enum_type=RatedVia, max_length=16),
        ),
        ops.AddField(
            model_name='Review',
            name='staff',
            field=fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='reviews_of_me', on_delete=OnDelete.RESTRICT),
        ),
        ops.AlterField(
            model_name='ReviewInvitation',
            name='subject_type',
            field=fields.CharEnumField(description='CASE: case\nBOOKING: booking\nQUEUE_TICKET: queue_ticket', enum_type=SubjectType, max_length=16),
        ),
    ]
