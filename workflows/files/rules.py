"""What a material accepts: the guide's own rule for it, within the deployment's limits.

A guide's material may carry `upload: {types, max_bytes, max_pages, max_pixels}`; what it leaves
out, and anything beyond `[files]`, falls back to `[files]` (the deployment's ceiling).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.errors import NotFound
from core.settings import FilesSettings
from models.catalog import ServiceItem

MEDIA_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png"}


@dataclass(frozen=True)
class FileRule:
    types: tuple[str, ...]
    max_bytes: int
    max_pages: int
    max_pixels: int


def guide_material(item: ServiceItem, name: str) -> dict[str, Any]:
    """The guide's entry for this material, or NotFound: nothing beyond the guide (art. 11)."""
    for material in item.materials:
        if material.get("name") == name:
            return material
    raise NotFound("this item's guide lists no such material", code="material_not_found")


def rule_for(material: dict[str, Any], limits: FilesSettings) -> FileRule:
    own = material.get("upload") or {}
    types = tuple(t for t in own.get("types") or limits.allowed_types if t in limits.allowed_types)
    return FileRule(
        types=types,
        max_bytes=min(own.get("max_bytes") or limits.max_bytes, limits.max_bytes),
        max_pages=min(own.get("max_pages") or limits.max_pdf_pages, limits.max_pdf_pages),
        max_pixels=min(own.get("max_pixels") or limits.max_image_pixels, limits.max_image_pixels),
    )
