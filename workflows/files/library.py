"""The citizen's material library (免提交, seed 002 art. 26, 001 §三(三)1).

Two kinds of entry: a material a department verified on an earlier case, and a certificate the
system issued. Either may be attached to a new application instead of a file; an expired or
revoked entry is neither offered nor accepted. Certificates are another module's: it makes each
issued certificate an entry with `add_certificate_entry` and withdraws it with
`revoke_certificate_entry`.
"""

from __future__ import annotations

from datetime import datetime

from tortoise.expressions import Q

from models.files import CaseMaterial, LibraryEntry, LibraryKind
from workflows.audit import Actor, record_change


def usable(entry: LibraryEntry, now: datetime) -> bool:
    return entry.revoked_at is None and (entry.valid_until is None or entry.valid_until > now)


async def offered(
    citizen_id: int, now: datetime, material_name: str | None = None
) -> list[LibraryEntry]:
    rows = LibraryEntry.filter(citizen_id=citizen_id, revoked_at=None).filter(
        Q(valid_until=None) | Q(valid_until__gt=now)
    )
    if material_name is not None:
        rows = rows.filter(material_name=material_name)
    return list(
        await rows.order_by("-created_at", "-id").select_related(
            "origin_case", "origin_department", "verified_by"
        )
    )


async def add_verified_entry(
    material: CaseMaterial, citizen_id: int, department_id: int, actor: Actor,
    now: datetime, valid_until: datetime | None = None,
) -> LibraryEntry:  # fmt: skip
    """The verified file of a case becomes the citizen's entry; verifying again changes nothing."""
    existing = await LibraryEntry.get_or_none(source_material_id=material.id)
    if existing is not None:
        return existing
    entry = await LibraryEntry.create(
        citizen_id=citizen_id,
        kind=LibraryKind.VERIFIED_MATERIAL,
        material_name=material.material_name,
        title=material.material_name,
        blob_id=material.blob_id,  # type: ignore[attr-defined]
        file_name=material.file_name,
        media_type=material.media_type,
        size=material.size,
        sha256=material.sha256,
        origin_case_id=material.case_id,  # type: ignore[attr-defined]
        origin_department_id=department_id,
        verified_by_id=material.verified_by_id,  # type: ignore[attr-defined]
        verified_at=now,
        source_material_id=material.id,
        valid_until=valid_until,
    )
    await record_change(
        actor, "library.add", "library_entry", entry.id,
        after={"kind": entry.kind.value, "material": entry.material_name,
               "origin_case_id": entry.origin_case_id},  # type: ignore[attr-defined]
    )  # fmt: skip
    return entry


async def add_certificate_entry(
    *,
    citizen_id: int,
    certificate_id: int,
    material_name: str,
    title: str,
    department_id: int,
    issued_at: datetime,
    valid_until: datetime | None = None,
    case_id: int | None = None,
    blob_id: int | None = None,
    actor: Actor | None = None,
) -> LibraryEntry:
    """Make an issued certificate a library entry (call it in the transaction that issues it).

    `material_name` is the name guides use for it (e.g. "营业执照"): items asking for that
    material offer it. `blob_id` is its stored PDF, if there is one (`workflows.files.blobs`).
    Calling it again for the same certificate returns the entry it made.
    """
    existing = await LibraryEntry.get_or_none(certificate_id=certificate_id)
    if existing is not None:
        return existing
    entry = await LibraryEntry.create(
        citizen_id=citizen_id,
        kind=LibraryKind.CERTIFICATE,
        material_name=material_name,
        title=title,
        blob_id=blob_id,
        origin_case_id=case_id,
        origin_department_id=department_id,
        verified_at=issued_at,
        certificate_id=certificate_id,
        valid_until=valid_until,
    )
    await record_change(
        actor or Actor.system(), "library.add", "library_entry", entry.id,
        after={"kind": entry.kind.value, "material": material_name,
               "certificate_id": certificate_id},
    )  # fmt: skip
    return entry


async def revoke_certificate_entry(
    certificate_id: int, now: datetime, actor: Actor | None = None
) -> bool:
    """A revoked certificate is no longer offered or accepted; False if it has no entry."""
    changed = await LibraryEntry.filter(certificate_id=certificate_id, revoked_at=None).update(
        revoked_at=now
    )
    if changed:
        await record_change(
            actor or Actor.system(), "library.revoke", "certificate", certificate_id
        )
    return bool(changed)
