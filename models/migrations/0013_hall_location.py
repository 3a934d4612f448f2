from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_identity')]

    initial = False

    operations = [
        ops.AddField(
            model_name='ServiceHall',
            name='latitude',
            field=fields.FloatField(null=True),
        ),
        ops.AddField(
            model_name='ServiceHall',
            name='longitude',
            field=fields.FloatField(null=True),
        ),
    ]
