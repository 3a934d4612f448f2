from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [("models", "0024_id_index_sm3")]

    initial = False

    operations = [
        ops.AddField(
            model_name="SpotCheck",
            name="scope_root",
            field=fields.CharField(null=True, max_length=12),
        ),
    ]
