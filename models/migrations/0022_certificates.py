from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.case_lifecycle import DeliveryMethod, FeeMeans, FeeState, ProcedureKind
from models.cases import CaseStatus
from models.certificates import CertificateStatus
from tortoise.fields.base import OnDelete
from tortoise import fields
from models.protected import EncryptedField
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0021_exchange')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CaseDelivery',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.OneToOneField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='delivery', on_delete=OnDelete.CASCADE)),
                ('method', fields.CharEnumField(description='WINDOW: window\nPOST: post\nELECTRONIC: electronic', enum_type=DeliveryMethod, max_length=16)),
                ('address', EncryptedField(default='', max_length=300)),
                ('recipient_name', EncryptedField(default='', max_length=100)),
                ('recipient_phone', EncryptedField(default='', max_length=20)),
                ('pickup_code', fields.CharField(default='', max_length=8)),
                ('tracking_number', fields.CharField(default='', max_length=40)),
                ('delivered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('proof', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'case_delivery', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The method the applicant chose when applying, and the proof once delivered.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseFee',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.OneToOneField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='fee', on_delete=OnDelete.CASCADE)),
                ('amount_cents', fields.IntField()),
                ('state', fields.CharEnumField(default=FeeState.DUE, description='DUE: due\nPAID: paid\nWAIVED: waived', enum_type=FeeState, max_length=8)),
                ('means', fields.CharEnumField(null=True, description='ONLINE: online\nWINDOW: window\nBANK: bank\nOTHER: other', enum_type=FeeMeans, max_length=8)),
                ('reference', fields.CharField(default='', max_length=64)),
                ('waiver_reason', fields.TextField(default='', unique=False)),
                ('recorded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('recorded_by', fields.ForeignKeyField('models.StaffAccount', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='recorded_fees', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'case_fee', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The fee the guide declared when the case was submitted, and how it was settled.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Certificate',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('number', fields.CharField(unique=True, max_length=32)),
                ('verification_code', fields.CharField(max_length=16)),
                ('case', fields.OneToOneField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='certificate', on_delete=OnDelete.RESTRICT)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('holder_name', EncryptedField(max_length=100)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('item_name', fields.CharField(max_length=200)),
                ('name', fields.CharField(description="the certificate's name from the guide", max_length=100)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='certificates', on_delete=OnDelete.RESTRICT)),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('valid_from', fields.DateField()),
                ('valid_until', fields.DateField(null=True, description='null: 长期有效')),
                ('status', fields.CharEnumField(default=CertificateStatus.VALID, description='VALID: valid\nREVOKED: revoked', enum_type=CertificateStatus, max_length=16)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_reason', fields.TextField(default='', unique=False)),
                ('revoked_by', fields.ForeignKeyField('models.StaffAccount', source_field='revoked_by_id', null=True, db_constraint=True, to_field='id', related_name='revoked_certificates', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'certificate', 'app': 'models', 'indexes': [Index(fields=['citizen_id', 'status'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='SpecialProcedure',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='special_procedures', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='HEARING: hearing\nINSPECTION: inspection\nAPPRAISAL: appraisal\nEXPERT_REVIEW: expert_review\nPUBLIC_NOTICE: public_notice', enum_type=ProcedureKind, max_length=16)),
                ('reason', fields.TextField(unique=False)),
                ('limit_working_days', fields.IntField()),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('outcome', fields.TextField(default='', unique=False)),
                ('started_by', fields.ForeignKeyField('models.StaffAccount', source_field='started_by_id', null=True, db_constraint=True, to_field='id', related_name='started_procedures', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'case_special_procedure', 'app': 'models', 'indexes': [Index(fields=['case_id', 'ended_at'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Case',
            name='resume_status',
            field=fields.CharEnumField(null=True, description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered\nWITHDRAWN: withdrawn\nCORRECTION_EXPIRED: correction_expired', enum_type=CaseStatus, max_length=24),
        ),
        ops.AlterField(
            model_name='Case',
            name='status',
            field=fields.CharEnumField(default=CaseStatus.SUBMITTED, description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered\nWITHDRAWN: withdrawn\nCORRECTION_EXPIRED: correction_expired', enum_type=CaseStatus, max_length=24),
        ),
        ops.AlterField(
            model_name='CaseTimelineEntry',
            name='status',
            field=fields.CharEnumField(description='SUBMITTED: submitted\nPRE_REVIEW: pre_review\nACCEPTED: accepted\nNOT_ACCEPTED: not_accepted\nCORRECTION_NEEDED: correction_needed\nUNDER_REVIEW: under_review\nAPPROVED: approved\nDENIED: denied\nDELIVERED: delivered\nWITHDRAWN: withdrawn\nCORRECTION_EXPIRED: correction_expired', enum_type=CaseStatus, max_length=24),
        ),
        ops.AddField(
            model_name='ServiceItem',
            name='certificate_name',
            field=fields.CharField(default='', max_length=100),
        ),
        ops.AddField(
            model_name='ServiceItem',
            name='certificate_valid_days',
            field=fields.IntField(null=True),
        ),
        ops.AddField(
            model_name='ServiceItem',
            name='fee_cents',
            field=fields.IntField(default=0),
        ),
    ]
