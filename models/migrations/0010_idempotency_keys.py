from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

# Booking's own Idempotency-Key table gives way to one for every write (caller + key, with the
# stored answer). Booking keys in flight at the upgrade are not carried over: they held no
# answer to replay, only a booking id, and a retry within the upgrade is unlikely.

class Migration(migrations.Migration):
    dependencies = [('models', '0009_reviews')]

    initial = False

    operations = [
        ops.DeleteModel(name='IdempotencyRecord'),
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('caller', fields.CharField(max_length=40)),
                ('key', fields.CharField(max_length=100)),
                ('operation', fields.CharField(max_length=64)),
                ('request_hash', fields.CharField(max_length=64)),
                ('status', fields.SmallIntField()),
                ('body', fields.TextField(unique=False)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('expires_at', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'idempotency_key', 'app': 'models', 'unique_together': (('caller', 'key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
