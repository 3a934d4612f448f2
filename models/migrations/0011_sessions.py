from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0010_idempotency_keys')]

    initial = False

    operations = [
        ops.CreateModel(
            name='UserSession',
            fields=[
                ('token_hash', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=64)),
                ('kind', fields.CharField(description='citizen or staff', max_length=8)),
                ('subject_id', fields.BigIntField()),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'user_session', 'app': 'models', 'indexes': [Index(fields=['kind', 'subject_id'])], 'pk_attr': 'token_hash'},
            bases=['Model'],
        ),
    ]
