from tortoise import migrations
from tortoise.migrations import operations as ops
from models.outbox import Channel
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0006_booking')]

    initial = False

    operations = [
        ops.AlterField(
            model_name='OutboxMessage',
            name='channel',
            field=fields.CharEnumField(description='SUBSCRIBE_MESSAGE: subscribe_message\nWECOM_APP: wecom_app\nWECOM_ROBOT: wecom_robot\nSMS: sms\nCUSTOMER_SERVICE: customer_service', enum_type=Channel, max_length=24),
        ),
    ]
