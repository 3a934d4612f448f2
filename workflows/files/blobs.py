"""Storing a file the system made itself (a certificate's PDF), content-addressed like uploads."""

from __future__ import annotations

import asyncio
import hashlib
import tempfile
from pathlib import Path

from core.storage import FileStore
from models.files import FileBlob
from workflows.files.intake import blob_row, store_content


async def store_bytes(store: FileStore, data: bytes, media_type: str) -> FileBlob:
    sha256 = hashlib.sha256(data).hexdigest()
    with tempfile.TemporaryDirectory(prefix="blob-") as folder:
        path = Path(folder) / "content"
        await asyncio.to_thread(path.write_bytes, data)
        key, _ = await store_content(store, path, len(data), sha256, media_type)
    return await blob_row(key, len(data), sha256, media_type)
