"""The S3-compatible store, against moto's server mode started here (ThreadedMotoServer on a
port of the OS's choice): a faithful stand-in that speaks S3's HTTP API, since no real S3
server installs on this machine. Upload, download, storing once, and a refusal storing nothing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from moto.server import ThreadedMotoServer

from tests.files.conftest import pdf

BUCKET = "materials-test"


@pytest.fixture(scope="module")
def s3_url() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    url = f"http://{host}:{port}"
    try:
        yield url
    finally:
        server.stop()


def _s3(url: str):  # type: ignore[no-untyped-def]
    return boto3.client(
        "s3", endpoint_url=url, region_name="us-east-1",
        aws_access_key_id="test", aws_secret_access_key="test",
    )  # fmt: skip


@pytest.fixture
def settings_overrides(s3_url: str, tmp_path: Path) -> dict[str, str]:
    client = _s3(s3_url)
    if BUCKET not in [b["Name"] for b in client.list_buckets().get("Buckets", [])]:
        client.create_bucket(Bucket=BUCKET)
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    spool = tmp_path / "spool"
    spool.mkdir()
    return {
        "MINIAPP_FILES_BACKEND": "s3",
        "MINIAPP_FILES_S3_ENDPOINT_URL": s3_url,
        "MINIAPP_FILES_S3_BUCKET": BUCKET,
        "MINIAPP_FILES_S3_ACCESS_KEY": "test",
        "MINIAPP_FILES_S3_SECRET_KEY": "test",
        "MINIAPP_FILES_TEMP_DIRECTORY": str(spool),
        "MINIAPP_FILES_MAX_BYTES": "200000",
        "MINIAPP_FILES_LINK_KEY": "test-link-key",
    }


def _keys(url: str) -> list[str]:
    return [o["Key"] for o in _s3(url).list_objects_v2(Bucket=BUCKET).get("Contents", [])]


async def test_upload_and_download_through_s3(client, upload, login_citizen, s3_url) -> None:
    citizen, other = await login_citizen("o-s3-1"), await login_citizen("o-s3-2")
    data = pdf(3)
    answer = await upload(citizen, data)
    assert answer.status == 201, await answer.text()
    body = await answer.json()
    assert _keys(s3_url) == [f"materials/sha256/{body['sha256'][:2]}/{body['sha256']}"]
    assert (await upload(other, data)).status == 201
    assert len(_keys(s3_url)) == 1  # the same content, stored once
    link = await (await client.get(f"/api/files/uploads/{body['id']}/link", headers=citizen)).json()
    got = await client.get(link["url"])
    assert got.status == 200 and await got.read() == data


async def test_a_refused_file_leaves_nothing_in_s3(upload, login_citizen, s3_url) -> None:
    citizen = await login_citizen("o-s3-3")
    whole = pdf(2)
    assert (await upload(citizen, whole[: len(whole) // 2])).status == 422
    assert (await upload(citizen, pdf(padding=300_000))).status == 413
    assert _keys(s3_url) == []
