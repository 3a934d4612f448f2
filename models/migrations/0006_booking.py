from tortoise import migrations
from tortoise.migrations import operations as ops
from models.booking import BookingStatus, TicketKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0005_tickets')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BookingSuspension',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='booking_suspensions', on_delete=OnDelete.RESTRICT)),
                ('since', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('until', fields.DatetimeField(db_index=True, auto_now=False, auto_now_add=False)),
                ('no_shows', fields.IntField()),
            ],
            options={'table': 'booking_suspension', 'app': 'models', 'indexes': [Index(fields=['citizen_id', 'until'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='QueueCounter',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='queue_counters', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('kind', fields.CharEnumField(description='BOOKED: booked\nWALK_IN: walk_in', enum_type=TicketKind, max_length=16)),
                ('last_number', fields.IntField(default=0)),
            ],
            options={'table': 'booking_queue_counter', 'app': 'models', 'unique_together': (('hall', 'day', 'kind'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Slot',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='slots', on_delete=OnDelete.CASCADE)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='slots', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField(description='local date')),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('capacity', fields.IntField()),
                ('booked', fields.IntField(default=0)),
            ],
            options={'table': 'booking_slot', 'app': 'models', 'unique_together': (('hall', 'item', 'starts_at'),), 'indexes': [Index(fields=['hall_id', 'item_id', 'day'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Booking',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, description='typed or scanned at the hall', max_length=16)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('slot', fields.ForeignKeyField('models.Slot', source_field='slot_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='bookings', on_delete=OnDelete.RESTRICT)),
                ('day', fields.DateField()),
                ('starts_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ends_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('status', fields.CharEnumField(default=BookingStatus.BOOKED, description='BOOKED: booked\nCHECKED_IN: checked_in\nCANCELLED: cancelled\nNO_SHOW: no_show', enum_type=BookingStatus, max_length=16)),
                ('active_key', fields.CharField(null=True, unique=True, max_length=64)),
                ('cancelled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('checked_in_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'booking', 'app': 'models', 'indexes': [Index(fields=['citizen_id', 'status']), Index(fields=['status', 'ends_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='IdempotencyRecord',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='idempotency_records', on_delete=OnDelete.CASCADE)),
                ('operation', fields.CharField(max_length=32)),
                ('key', fields.CharField(max_length=100)),
                ('request_hash', fields.CharField(max_length=64)),
                ('booking', fields.ForeignKeyField('models.Booking', source_field='booking_id', db_constraint=True, to_field='id', related_name='idempotency_records', on_delete=OnDelete.CASCADE)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'booking_idempotency', 'app': 'models', 'unique_together': (('citizen', 'operation', 'key'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='QueueTicket',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='queue_tickets', on_delete=OnDelete.RESTRICT)),
                ('day', fields.DateField()),
                ('kind', fields.CharEnumField(description='BOOKED: booked\nWALK_IN: walk_in', enum_type=TicketKind, max_length=16)),
                ('number', fields.IntField()),
                ('label', fields.CharField(max_length=8)),
                ('booking', fields.OneToOneField('models.Booking', source_field='booking_id', null=True, db_constraint=True, to_field='id', related_name='ticket', on_delete=OnDelete.RESTRICT)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', null=True, db_constraint=True, to_field='id', related_name='queue_tickets', on_delete=OnDelete.RESTRICT)),
                ('priority_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('issued_by_staff_id', fields.BigIntField()),
                ('issued_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'booking_queue_ticket', 'app': 'models', 'unique_together': (('hall', 'day', 'kind', 'number'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SlotConfig',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='slot_configs', on_delete=OnDelete.CASCADE)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='slot_configs', on_delete=OnDelete.CASCADE)),
                ('slot_minutes', fields.IntField()),
                ('capacity', fields.IntField()),
                ('enabled', fields.BooleanField(default=True)),
            ],
            options={'table': 'booking_slot_config', 'app': 'models', 'unique_together': (('hall', 'item'),), 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
    ]
