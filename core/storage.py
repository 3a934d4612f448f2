"""Where file contents live: one small interface, two stores.

`LocalStore` (the embedded default) keeps files under a directory; `S3Store` keeps them in an
S3-compatible bucket (aiobotocore) that several servers share. Keys are chosen by the caller
(content addresses: the sha256); a `put` is all or nothing — a half-written file never appears
under its key — and putting a key that exists does nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any, Protocol

from core.settings import FilesSettings

CHUNK_BYTES = 256 * 1024


class StorageError(Exception):
    """The store could not be reached or refused the operation."""


class FileStore(Protocol):
    async def put(self, key: str, path: Path, size: int, media_type: str) -> None: ...

    async def exists(self, key: str) -> bool: ...

    def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...

    async def close(self) -> None: ...


def content_key(sha256: str) -> str:
    """Where a content with this sha256 is kept, in every store."""
    return f"sha256/{sha256[:2]}/{sha256}"


class LocalStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise StorageError("key outside the store")
        return path

    async def put(self, key: str, path: Path, size: int, media_type: str) -> None:
        await asyncio.to_thread(self._put, self._path(key), path)

    def _put(self, target: Path, source: Path) -> None:
        if target.exists():
            return
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = target.parent / f".{target.name}.{uuid.uuid4().hex}.part"
        try:
            with source.open("rb") as src, staging.open("wb") as dst:
                while chunk := src.read(CHUNK_BYTES):
                    dst.write(chunk)
                dst.flush()
                os.fsync(dst.fileno())
            os.replace(staging, target)  # atomic: the key holds the whole file or nothing
        except OSError as error:
            raise StorageError(str(error)) from error
        finally:
            staging.unlink(missing_ok=True)

    async def exists(self, key: str) -> bool:
        return await asyncio.to_thread(self._path(key).exists)

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            handle = await asyncio.to_thread(self._path(key).open, "rb")
        except OSError as error:
            raise StorageError(str(error)) from error
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK_BYTES):
                yield chunk
        finally:
            handle.close()

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    async def close(self) -> None:
        return None


class S3Store:
    """An S3-compatible bucket. The client is opened once per process and closed with it."""

    def __init__(self, client: Any, bucket: str, prefix: str, stack: contextlib.AsyncExitStack):
        self._client = client
        self._bucket = bucket
        self._prefix = prefix
        self._stack = stack

    @classmethod
    async def open(cls, settings: FilesSettings) -> S3Store:
        from aiobotocore.config import AioConfig
        from aiobotocore.session import get_session

        stack = contextlib.AsyncExitStack()
        client = await stack.enter_async_context(
            get_session().create_client(
                "s3",
                endpoint_url=settings.s3_endpoint_url or None,
                region_name=settings.s3_region,
                aws_access_key_id=settings.s3_access_key or None,
                aws_secret_access_key=settings.s3_secret_key or None,
                config=AioConfig(
                    retries={"max_attempts": 3, "mode": "standard"},
                    connect_timeout=5,
                    read_timeout=60,
                    # Checksums only where S3 requires them: other S3-compatible stores differ.
                    request_checksum_calculation="when_required",
                    response_checksum_validation="when_required",
                ),
            )
        )
        return cls(client, settings.s3_bucket, settings.s3_prefix, stack)

    def _key(self, key: str) -> str:
        return self._prefix + key

    async def put(self, key: str, path: Path, size: int, media_type: str) -> None:
        if await self.exists(key):
            return
        try:
            with path.open("rb") as body:
                await self._client.put_object(
                    Bucket=self._bucket,
                    Key=self._key(key),
                    Body=body,
                    ContentLength=size,
                    ContentType=media_type,
                )
        except Exception as error:  # botocore's errors have no common base we can name here
            raise StorageError(f"{type(error).__name__}: {error}") from error

    async def exists(self, key: str) -> bool:
        from botocore.exceptions import ClientError

        try:
            await self._client.head_object(Bucket=self._bucket, Key=self._key(key))
        except ClientError as error:
            if error.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return False
            raise StorageError(str(error)) from error
        except Exception as error:
            raise StorageError(f"{type(error).__name__}: {error}") from error
        return True

    async def read(self, key: str) -> AsyncIterator[bytes]:
        try:
            answer = await self._client.get_object(Bucket=self._bucket, Key=self._key(key))
        except Exception as error:
            raise StorageError(f"{type(error).__name__}: {error}") from error
        body = answer["Body"]
        try:
            while chunk := await body.read(CHUNK_BYTES):
                yield chunk
        finally:
            body.close()

    async def delete(self, key: str) -> None:
        try:
            await self._client.delete_object(Bucket=self._bucket, Key=self._key(key))
        except Exception as error:
            raise StorageError(f"{type(error).__name__}: {error}") from error

    async def close(self) -> None:
        await self._stack.aclose()


async def open_store(settings: FilesSettings) -> FileStore:
    if settings.backend == "s3":
        return await S3Store.open(settings)
    return LocalStore(Path(settings.directory))
