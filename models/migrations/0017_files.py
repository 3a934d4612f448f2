from tortoise import migrations
from tortoise.migrations import operations as ops
from models.files import LibraryKind, MaterialSource, ScanResult
from tortoise.fields.base import OnDelete
from tortoise import fields
from models.protected import EncryptedField
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0016_catalog_ticket_rules')]

    initial = False

    operations = [
        ops.CreateModel(
            name='FileBlob',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('sha256', fields.CharField(unique=True, max_length=64)),
                ('size', fields.BigIntField()),
                ('media_type', fields.CharField(max_length=64)),
                ('storage_key', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'file_blob', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One stored content, whoever handed it in.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='LibraryEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', db_constraint=True, to_field='id', related_name='library', on_delete=OnDelete.RESTRICT)),
                ('kind', fields.CharEnumField(description='VERIFIED_MATERIAL: verified_material\nCERTIFICATE: certificate', enum_type=LibraryKind, max_length=24)),
                ('material_name', fields.CharField(max_length=100)),
                ('title', fields.CharField(default='', max_length=200)),
                ('blob', fields.ForeignKeyField('models.FileBlob', source_field='blob_id', null=True, db_constraint=True, to_field='id', related_name='library_entries', on_delete=OnDelete.RESTRICT)),
                ('file_name', EncryptedField(default='', max_length=255)),
                ('media_type', fields.CharField(default='', max_length=64)),
                ('size', fields.BigIntField(null=True)),
                ('sha256', fields.CharField(default='', max_length=64)),
                ('origin_case', fields.ForeignKeyField('models.Case', source_field='origin_case_id', null=True, db_constraint=True, to_field='id', related_name='library_entries', on_delete=OnDelete.RESTRICT)),
                ('origin_department', fields.ForeignKeyField('models.Department', source_field='origin_department_id', null=True, db_constraint=True, to_field='id', related_name='library_entries', on_delete=OnDelete.RESTRICT)),
                ('verified_by', fields.ForeignKeyField('models.StaffAccount', source_field='verified_by_id', null=True, db_constraint=True, to_field='id', related_name='verified_entries', on_delete=OnDelete.RESTRICT)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('certificate_id', fields.BigIntField(null=True, unique=True)),
                ('source_material_id', fields.BigIntField(null=True, unique=True)),
                ('valid_until', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('revoked_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'material_library_entry', 'app': 'models', 'indexes': [Index(fields=['citizen_id', 'material_name'])], 'pk_attr': 'id', 'table_description': 'A material the citizen may attach to a new application instead of uploading it again.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='MaterialUpload',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('citizen', fields.ForeignKeyField('models.Citizen', source_field='citizen_id', null=True, db_constraint=True, to_field='id', related_name='uploads', on_delete=OnDelete.RESTRICT)),
                ('staff', fields.ForeignKeyField('models.StaffAccount', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='uploads', on_delete=OnDelete.RESTRICT)),
                ('item', fields.ForeignKeyField('models.ServiceItem', source_field='item_id', db_constraint=True, to_field='id', related_name='uploads', on_delete=OnDelete.RESTRICT)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', null=True, db_constraint=True, to_field='id', related_name='uploads', on_delete=OnDelete.RESTRICT)),
                ('material_name', fields.CharField(max_length=100)),
                ('file_name', EncryptedField(max_length=255)),
                ('blob', fields.ForeignKeyField('models.FileBlob', source_field='blob_id', db_constraint=True, to_field='id', related_name='uploads', on_delete=OnDelete.RESTRICT)),
                ('media_type', fields.CharField(max_length=64)),
                ('size', fields.BigIntField()),
                ('sha256', fields.CharField(max_length=64)),
                ('pages', fields.IntField(null=True)),
                ('width', fields.IntField(null=True)),
                ('height', fields.IntField(null=True)),
                ('scan', fields.CharEnumField(description='CLEAN: clean\nNOT_SCANNED: not_scanned', enum_type=ScanResult, max_length=16)),
                ('attached_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'material_upload', 'app': 'models', 'indexes': [Index(fields=['citizen_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A file handed in for one material of one item, before (or for) a case.'},
            bases=['TimestampedModel'],
        ),
        ops.CreateModel(
            name='CaseMaterial',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('case', fields.ForeignKeyField('models.Case', source_field='case_id', db_constraint=True, to_field='id', related_name='files', on_delete=OnDelete.CASCADE)),
                ('material_name', fields.CharField(max_length=100)),
                ('source', fields.CharEnumField(description='UPLOAD: upload\nLIBRARY: library', enum_type=MaterialSource, max_length=16)),
                ('upload', fields.ForeignKeyField('models.MaterialUpload', source_field='upload_id', null=True, db_constraint=True, to_field='id', related_name='case_materials', on_delete=OnDelete.RESTRICT)),
                ('library_entry', fields.ForeignKeyField('models.LibraryEntry', source_field='library_entry_id', null=True, db_constraint=True, to_field='id', related_name='case_materials', on_delete=OnDelete.RESTRICT)),
                ('blob', fields.ForeignKeyField('models.FileBlob', source_field='blob_id', null=True, db_constraint=True, to_field='id', related_name='case_materials', on_delete=OnDelete.RESTRICT)),
                ('file_name', EncryptedField(default='', max_length=255)),
                ('media_type', fields.CharField(default='', max_length=64)),
                ('size', fields.BigIntField(null=True)),
                ('sha256', fields.CharField(default='', max_length=64)),
                ('scan', fields.CharEnumField(null=True, description='CLEAN: clean\nNOT_SCANNED: not_scanned', enum_type=ScanResult, max_length=16)),
                ('verified_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('verified_by', fields.ForeignKeyField('models.StaffAccount', source_field='verified_by_id', null=True, db_constraint=True, to_field='id', related_name='verified_materials', on_delete=OnDelete.RESTRICT)),
                ('superseded_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'case_material', 'app': 'models', 'indexes': [Index(fields=['case_id', 'material_name'])], 'pk_attr': 'id', 'table_description': 'One material of one case that is a file: uploaded, or taken from the library.'},
            bases=['TimestampedModel'],
        ),
    ]
