"""Fixtures for materials as files: items whose guides carry file rules, real files made here,
uploads through the real multipart endpoint, and the store's directory to look into."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp.test_utils import TestClient
from PIL import Image
from pypdf import PdfWriter

from models.catalog import ItemStatus, ItemType, OnlineDepth, ServiceItem
from models.people import Department

MATERIALS = [
    {"name": "申请书", "format": "电子件", "copies": 1,
     "upload": {"types": ["pdf"], "max_pages": 3}},
    {"name": "身份证复印件", "format": "电子件", "copies": 1,
     "upload": {"types": ["jpeg", "png"], "max_pixels": 1_000_000}},
    {"name": "营业执照", "format": "电子证照", "copies": 1},
]  # fmt: skip
MAX_BYTES = 200_000


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def spool_dir(tmp_path: Path) -> Path:
    path = tmp_path / "spool"
    path.mkdir()
    return path


@pytest.fixture
def settings_overrides(store_dir: Path, spool_dir: Path) -> dict[str, str]:
    return {
        "MINIAPP_FILES_DIRECTORY": str(store_dir),
        "MINIAPP_FILES_TEMP_DIRECTORY": str(spool_dir),
        "MINIAPP_FILES_MAX_BYTES": str(MAX_BYTES),
        "MINIAPP_FILES_LINK_KEY": "test-link-key",
        "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
    }


async def make_item(code: str, department_code: str) -> ServiceItem:
    department, _ = await Department.get_or_create(
        code=department_code, defaults={"name": f"部门 {department_code}", "region": "测试县"}
    )
    return await ServiceItem.create(
        code=code,
        name=f"事项 {code}",
        item_type=ItemType.LICENSING,
        department=department,
        online_depth=OnlineDepth.FULLY_ONLINE,
        legal_limit_days=20,
        promised_limit_days=5,
        materials=MATERIALS,
        status=ItemStatus.PUBLISHED,
    )


@pytest.fixture
async def items(client: TestClient) -> dict[str, ServiceItem]:
    return {"a": await make_item("ITEM-A", "DEPT-A"), "b": await make_item("ITEM-B", "DEPT-B")}


def pdf(pages: int = 1, padding: int = 0) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if padding:
        writer.add_metadata({"/Padding": "x" * padding})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def image(fmt: str = "PNG", size: tuple[int, int] = (64, 48), color: int = 90) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (color, 120, 200)).save(out, fmt)
    return out.getvalue()


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A few hundred bytes whose header promises 900 million pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * 4096, 9)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def form(data: bytes, filename: str = "scan.pdf", content_type: str = "application/pdf") -> Any:
    body = aiohttp.FormData()
    body.add_field("file", data, filename=filename, content_type=content_type)
    return body


@pytest.fixture
def upload(client: TestClient, items: dict[str, ServiceItem]) -> Callable[..., Awaitable[Any]]:
    """POST one file for (item, material); returns the response."""

    async def send(
        headers: dict[str, Any],
        data: bytes,
        *,
        material: str = "申请书",
        item_code: str = "ITEM-A",
        filename: str = "scan.pdf",
        content_type: str = "application/pdf",
    ) -> Any:
        return await client.post(
            "/api/files/uploads",
            params={"item_code": item_code, "material": material},
            data=form(data, filename, content_type),
            headers=headers,
        )

    return send


def stored_files(store_dir: Path) -> list[Path]:
    return [p for p in store_dir.rglob("*") if p.is_file()] if store_dir.exists() else []


def application(materials: list[dict[str, Any]], item_code: str = "ITEM-A") -> dict[str, Any]:
    return {
        "item_code": item_code,
        "applicant_name": "张三丰",
        "applicant_phone": "13812345678",
        "applicant_id_number": "11010519491231002X",
        "materials": materials,
    }
