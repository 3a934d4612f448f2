from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from models.routing import BundleOrder, Opinion, PartState, PostKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from models.protected import EncryptedField
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0017_files')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Bundle',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('code', fields.CharField(unique=True, max_length=64)),
                ('name', fields.CharField(max_length=100)),
                ('description', fields.TextField(default='', unique=False)),
                ('order', fields.CharEnumField(description='PARALLEL: parallel\nSEQUENCE: sequence', enum_type=BundleOrder, max_length=16)),
            ],
            options={'table': 'bundle', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='BundleApplication',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('bundle', fields.ForeignKeyField('models.Bundle', source_field='bundle_id', db_constraint=True, to_field='id', related_name='applications', on_delete=OnDelete.RESTRICT)),
                ('order', fields.CharEnumField(description='PARALLEL: parallel\nSEQUENCE: sequence', enum_type=BundleOrder, max_length=16)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='bundle_applications', on_delete=OnDelete.RESTRICT)),
                ('received_by', fields.ForeignKeyField('models.StaffAccount', source_field='received_by_id', null=True, db_constraint=True, to_field='id', related_name='received_bundles', on_delete=OnDelete.RESTRICT)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', null=True, db_constraint=True, to_field='id', related_name='bundle_applications', on_delete=OnDelete.RESTRICT)),
                ('application', EncryptedField(default='')),
                ('acceptance_days', fields.IntField()),
                ('submitted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('outcome', fields.CharField(default='', max_length=16)),
            ],
            options={'table': 'bundle_application', 'app': 'models', 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='BundleApplicationMember',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('application', fields.ForeignKeyField('models.BundleApplication', source_field='application_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='bundle_application_members', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
                ('case', fields.OneToOneField('models.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='bundle_member', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'bundle_application_member', 'app': 'models', 'unique_together': (('application', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BundleMember',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('bundle', fields.ForeignKeyField('models.Bundle', source_field='bundle_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='bundle_memberships', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
            ],
            options={'table': 'bundle_member', 'app': 'models', 'unique_together': (('bundle', 'position'), ('bundle', 'item')), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CaseRouting',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('case', fields.OneToOneField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='routing', on_delete=OnDelete.CASCADE)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', null=True, db_constraint=True, to_field='id', related_name='routed_cases', on_delete=OnDelete.RESTRICT)),
                ('received_by', fields.ForeignKeyField('models.StaffAccount', source_field='received_by_id', null=True, db_constraint=True, to_field='id', related_name='received_cases', on_delete=OnDelete.RESTRICT)),
                ('dispatched_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('on_behalf', fields.BooleanField(default=False)),
                ('consent_ref', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'case_routing', 'app': 'models', 'indexes': [Index(fields=['received_by_id', 'created_at'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='HallPost',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', db_constraint=True, to_field='id', related_name='hall_posts', on_delete=OnDelete.CASCADE)),
                ('hall', fields.ForeignKeyField('models.ServiceHall', source_field='hall_id', db_constraint=True, to_field='id', related_name='posts', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharEnumField(description='COMPREHENSIVE_WINDOW: comprehensive_window\nAGENT: agent', enum_type=PostKind, max_length=24)),
            ],
            options={'table': 'hall_post', 'app': 'models', 'unique_together': (('staff', 'hall', 'kind'),), 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='ItemHandler',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='extra_handlers', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='handled_items', on_delete=OnDelete.CASCADE)),
            ],
            options={'table': 'item_handler', 'app': 'models', 'unique_together': (('item', 'department'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ParallelPart',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='parallel_parts', on_delete=OnDelete.CASCADE)),
                ('department', fields.ForeignKeyField('models.Department', source_field='department_id', db_constraint=True, to_field='id', related_name='parallel_parts', on_delete=OnDelete.RESTRICT)),
                ('limit_working_days', fields.IntField()),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('due_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('state', fields.CharEnumField(default=PartState.PENDING, description='PENDING: pending\nANSWERED: answered', enum_type=PartState, max_length=16)),
                ('opinion', fields.CharEnumField(null=True, description='AGREE: agree\nDISAGREE: disagree', enum_type=Opinion, max_length=16)),
                ('text', fields.TextField(default='', unique=False)),
                ('answered_by_id', fields.BigIntField(null=True)),
                ('answered_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'case_parallel_part', 'app': 'models', 'unique_together': (('case', 'department'),), 'indexes': [Index(fields=['department_id', 'state'])], 'pk_attr': 'id'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='Reassignment',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('subject_type', fields.CharField(max_length=16)),
                ('subject_id', fields.BigIntField()),
                ('from_department', fields.ForeignKeyField('models.Department', source_field='from_department_id', db_constraint=True, to_field='id', related_name='reassigned_from', on_delete=OnDelete.RESTRICT)),
                ('to_department', fields.ForeignKeyField('models.Department', source_field='to_department_id', db_constraint=True, to_field='id', related_name='reassigned_to', on_delete=OnDelete.RESTRICT)),
                ('reason', fields.TextField(unique=False)),
                ('clock', fields.CharField(max_length=16)),
                ('by_staff_id', fields.BigIntField()),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'reassignment', 'app': 'models', 'indexes': [Index(fields=['subject_type', 'subject_id'])], 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]
