from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_sms')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Review',
            name='reviewer_id_hash',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
        ops.AddField(
            model_name='Ticket',
            name='author_id_hash',
            field=fields.CharField(null=True, db_index=True, max_length=64),
        ),
    ]
