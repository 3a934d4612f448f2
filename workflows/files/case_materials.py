"""A case's file materials as its views show them: read on every getCase, so in one explicit
statement with the verifying staff joined; the library entries they came from (rarer) through
the ORM, only when there are any."""

from __future__ import annotations

from models.files import CaseMaterial, LibraryEntry
from models.people import StaffAccount
from workflows import statements as sql


async def case_materials(case_id: int) -> list[CaseMaterial]:
    """In the order handed in, with `verified_by` and `library_entry` (and the entry's origin
    case, department and verifier) loaded: what
    `CaseMaterial.filter(case_id=...).order_by("id").select_related(...)` gives."""
    db = sql.connection(CaseMaterial)
    (mark,) = sql.placeholders(db, 1)
    rows = await db.execute_query_dict(
        f"SELECT {sql.select_list(CaseMaterial, 'm')}, "
        f"{sql.select_list(StaffAccount, 's', 's__')} FROM {sql.table(CaseMaterial)} m "
        f"LEFT JOIN {sql.table(StaffAccount)} s ON s.id = m.verified_by_id "
        f"WHERE m.case_id = {mark} ORDER BY m.id",
        [case_id],
    )
    materials = []
    for row in rows:
        material = sql.from_row(CaseMaterial, row)
        sql.attach(material, "verified_by", sql.joined_from_row(StaffAccount, row, "s__"))
        materials.append(material)
    wanted = {m.library_entry_id for m in materials} - {None}  # type: ignore[attr-defined]
    entries = {}
    if wanted:
        found = LibraryEntry.filter(id__in=wanted).select_related(
            "origin_case", "origin_department", "verified_by"
        )
        entries = {entry.id: entry for entry in await found}
    for material in materials:
        entry_id = material.library_entry_id  # type: ignore[attr-defined]
        sql.attach(material, "library_entry", entries.get(entry_id) if entry_id else None)
    return materials
