from tortoise import migrations
from tortoise.migrations import operations as ops
from models.people import AssuranceLevel
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_sessions')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Case',
            name='applicant_id_hash',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.AddField(
            model_name='Citizen',
            name='assurance',
            field=fields.IntEnumField(default=AssuranceLevel.L0, description='L0: 0\nL1: 1\nL2: 2\nL3: 3', enum_type=AssuranceLevel, generated=False),
        ),
        ops.AddField(
            model_name='Citizen',
            name='face_verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Citizen',
            name='face_verified_via',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Citizen',
            name='id_number_hash',
            field=fields.CharField(null=True, unique=True, max_length=64),
        ),
        ops.AddField(
            model_name='Citizen',
            name='identity_verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Citizen',
            name='identity_verified_via',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='Citizen',
            name='idp_subject',
            field=fields.CharField(null=True, unique=True, max_length=128),
        ),
        ops.AddField(
            model_name='Citizen',
            name='phone_verified_at',
            field=fields.DatetimeField(null=True, auto_now=False, auto_now_add=False),
        ),
        ops.AddField(
            model_name='Citizen',
            name='phone_verified_via',
            field=fields.CharField(null=True, max_length=32),
        ),
        ops.AddField(
            model_name='ServiceItem',
            name='min_assurance',
            field=fields.IntEnumField(default=AssuranceLevel.L0, description='L0: 0\nL1: 1\nL2: 2\nL3: 3', enum_type=AssuranceLevel, generated=False),
        ),
        ops.AddField(
            model_name='StaffAccount',
            name='password_login_allowed',
            field=fields.BooleanField(default=True),
        ),
    ]
