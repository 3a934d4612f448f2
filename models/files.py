"""Materials as files: stored content, uploads, a case's materials and the citizen's library.

Only metadata lives here; the bytes are in the file store (core/storage.py), addressed by their
sha256, so the same content is stored once however often it is handed in. Seeds 002 art. 26 and
001 §三(三)1: a material a department verified, or a certificate the system issued, is offered
again instead of being asked for again (免提交).
"""

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model

from models.base import TimestampedModel
from models.cases import Case
from models.catalog import ServiceItem
from models.people import Citizen, Department, StaffAccount
from models.protected import EncryptedField


class ScanResult(StrEnum):
    CLEAN = "clean"  # the virus scanner found nothing
    NOT_SCANNED = "not_scanned"  # no scanner is configured ([files] clamav_socket)


class MaterialSource(StrEnum):
    UPLOAD = "upload"
    LIBRARY = "library"


class LibraryKind(StrEnum):
    VERIFIED_MATERIAL = "verified_material"  # verified by a department on an earlier case
    CERTIFICATE = "certificate"  # an electronic certificate this system issued (电子证照)


class FileBlob(Model):
    """One stored content, whoever handed it in."""

    id = fields.BigIntField(primary_key=True)
    sha256 = fields.CharField(max_length=64, unique=True)
    size = fields.BigIntField()
    media_type = fields.CharField(max_length=64)
    storage_key = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "file_blob"


class MaterialUpload(TimestampedModel):
    """A file handed in for one material of one item, before (or for) a case."""

    citizen: fields.ForeignKeyNullableRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="uploads", null=True, on_delete=fields.RESTRICT
    )
    staff: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount", related_name="uploads", null=True, on_delete=fields.RESTRICT
    )
    item: fields.ForeignKeyRelation[ServiceItem] = fields.ForeignKeyField(
        "models.ServiceItem", related_name="uploads", on_delete=fields.RESTRICT
    )
    # The case it was uploaded for (a correction) or, once used, attached to.
    case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="uploads", null=True, on_delete=fields.RESTRICT
    )
    material_name = fields.CharField(max_length=100)
    file_name = EncryptedField(max_length=255)
    blob: fields.ForeignKeyRelation[FileBlob] = fields.ForeignKeyField(
        "models.FileBlob", related_name="uploads", on_delete=fields.RESTRICT
    )
    media_type = fields.CharField(max_length=64)
    size = fields.BigIntField()
    sha256 = fields.CharField(max_length=64)
    pages = fields.IntField(null=True)
    width = fields.IntField(null=True)
    height = fields.IntField(null=True)
    scan = fields.CharEnumField(ScanResult, max_length=16)
    attached_at = fields.DatetimeField(null=True)

    class Meta:
        table = "material_upload"
        indexes = (("citizen_id", "created_at"),)


class LibraryEntry(TimestampedModel):
    """A material the citizen may attach to a new application instead of uploading it again."""

    citizen: fields.ForeignKeyRelation[Citizen] = fields.ForeignKeyField(
        "models.Citizen", related_name="library", on_delete=fields.RESTRICT
    )
    kind = fields.CharEnumField(LibraryKind, max_length=24)
    # The guide's material name it stands for (an item asking for it is offered this entry).
    material_name = fields.CharField(max_length=100)
    title = fields.CharField(max_length=200, default="")
    blob: fields.ForeignKeyNullableRelation[FileBlob] = fields.ForeignKeyField(
        "models.FileBlob", related_name="library_entries", null=True, on_delete=fields.RESTRICT
    )
    file_name = EncryptedField(max_length=255, default="")
    media_type = fields.CharField(max_length=64, default="")
    size = fields.BigIntField(null=True)
    sha256 = fields.CharField(max_length=64, default="")
    origin_case: fields.ForeignKeyNullableRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="library_entries", null=True, on_delete=fields.RESTRICT
    )
    origin_department: fields.ForeignKeyNullableRelation[Department] = fields.ForeignKeyField(
        "models.Department", related_name="library_entries", null=True, on_delete=fields.RESTRICT
    )
    verified_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="verified_entries",
        null=True,
        on_delete=fields.RESTRICT,
    )
    verified_at = fields.DatetimeField(null=True)
    # The certificate it is (certificates are another module's rows: a plain id, no FK).
    certificate_id = fields.BigIntField(null=True, unique=True)
    # The case material it was made from: verifying twice makes one entry.
    source_material_id = fields.BigIntField(null=True, unique=True)
    valid_until = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)

    class Meta:
        table = "material_library_entry"
        indexes = (("citizen_id", "material_name"),)


class CaseMaterial(TimestampedModel):
    """One material of one case that is a file: uploaded, or taken from the library."""

    case: fields.ForeignKeyRelation[Case] = fields.ForeignKeyField(
        "models.Case", related_name="files", on_delete=fields.CASCADE
    )
    material_name = fields.CharField(max_length=100)
    source = fields.CharEnumField(MaterialSource, max_length=16)
    upload: fields.ForeignKeyNullableRelation[MaterialUpload] = fields.ForeignKeyField(
        "models.MaterialUpload", related_name="case_materials", null=True, on_delete=fields.RESTRICT
    )
    library_entry: fields.ForeignKeyNullableRelation[LibraryEntry] = fields.ForeignKeyField(
        "models.LibraryEntry", related_name="case_materials", null=True, on_delete=fields.RESTRICT
    )
    blob: fields.ForeignKeyNullableRelation[FileBlob] = fields.ForeignKeyField(
        "models.FileBlob", related_name="case_materials", null=True, on_delete=fields.RESTRICT
    )
    file_name = EncryptedField(max_length=255, default="")
    media_type = fields.CharField(max_length=64, default="")
    size = fields.BigIntField(null=True)
    sha256 = fields.CharField(max_length=64, default="")
    scan = fields.CharEnumField(ScanResult, max_length=16, null=True)
    verified_at = fields.DatetimeField(null=True)
    verified_by: fields.ForeignKeyNullableRelation[StaffAccount] = fields.ForeignKeyField(
        "models.StaffAccount",
        related_name="verified_materials",
        null=True,
        on_delete=fields.RESTRICT,
    )
    # A correction replaced it; kept, so the department sees what was handed in before.
    superseded_at = fields.DatetimeField(null=True)

    class Meta:
        table = "case_material"
        indexes = (("case_id", "material_name"),)
