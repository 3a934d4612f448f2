"""The wire: each inbound request signed, fresh and new, or refused with a stable code, audited,
nothing changed; HMAC-SHA256 and HMAC-SM3 both."""

from __future__ import annotations

import time

import pytest
from aiohttp.test_utils import TestClient

from core.exchange_signing import SignatureRefused, Verifier, sign
from core.kv import MemoryStore
from models.audit import AuditRecord
from models.catalog import ServiceItem
from models.exchange import ItemDraft
from tests.exchange.conftest import Sim, exchange_environment, province_item, push

PATH = "/api/exchange/items"


async def _refused(client: TestClient, status: int, code: str) -> None:
    assert not await ServiceItem.exists(code="P-0001")
    assert not await ItemDraft.exists()
    audit = await AuditRecord.filter(action="exchange.refused").order_by("-id").first()
    assert audit is not None and audit.after["code"] == code and audit.after["operation"] == PATH


async def test_a_signed_push_is_taken(client: TestClient, sim: Sim) -> None:
    status, body = await push(sim, client, PATH, province_item())
    assert status == 200, body
    assert body["outcome"] == "draft"


async def test_a_bad_signature_is_refused_and_audited(client: TestClient, sim: Sim) -> None:
    status, body = await push(sim, client, PATH, province_item(), secret="not-the-secret")
    assert (status, body["code"]) == (401, "signature_invalid")
    await _refused(client, status, "signature_invalid")


async def test_an_old_timestamp_is_refused(client: TestClient, sim: Sim) -> None:
    status, body = await push(sim, client, PATH, province_item(), timestamp=time.time() - 3600)
    assert (status, body["code"]) == (401, "timestamp_out_of_window")
    await _refused(client, status, "timestamp_out_of_window")


async def test_a_reused_nonce_is_refused(client: TestClient, sim: Sim) -> None:
    first, _ = await push(sim, client, PATH, province_item(), nonce="n0nce42")
    assert first == 200
    before = await ItemDraft.all().count()
    status, body = await push(sim, client, PATH, province_item(version=2), nonce="n0nce42")
    assert (status, body["code"]) == (401, "nonce_reused")
    assert await ItemDraft.all().count() == before  # the replay changed nothing
    audit = await AuditRecord.filter(action="exchange.refused").order_by("-id").first()
    assert audit is not None and audit.after["code"] == "nonce_reused"


async def test_an_unsigned_request_is_refused(client: TestClient, sim: Sim) -> None:
    response = await client.post(PATH, json=province_item())
    assert response.status == 401
    assert (await response.json())["code"] == "signature_missing"
    await _refused(client, 401, "signature_missing")


class TestSm3:
    @pytest.fixture
    def settings_overrides(self, sim: Sim) -> dict[str, str]:
        return exchange_environment(sim, "HMAC-SM3")

    async def test_sm3_signed_push_is_taken_and_sha256_refused(
        self, client: TestClient, sim: Sim
    ) -> None:
        status, body = await push(sim, client, PATH, province_item())
        assert status == 200, body
        sim.state.algorithm = "HMAC-SHA256"
        status, body = await push(sim, client, PATH, province_item(version=2))
        assert (status, body["code"]) == (401, "algorithm_refused")


@pytest.mark.parametrize("algorithm", ["HMAC-SHA256", "HMAC-SM3"])
async def test_signature_covers_method_path_and_body(algorithm: str) -> None:
    kv = MemoryStore("t:")
    verifier = Verifier(algorithm, "k", "secret", 300, kv)  # type: ignore[arg-type]
    now = time.time()
    headers = sign(algorithm, "k", "secret", "POST", "/a?x=1", b'{"a":1}', now)  # type: ignore[arg-type]
    for method, path, body in (("GET", "/a?x=1", b'{"a":1}'), ("POST", "/a?x=2", b'{"a":1}'),
                               ("POST", "/a?x=1", b'{"a":2}')):  # fmt: skip
        with pytest.raises(SignatureRefused) as refused:
            await verifier.verify(headers, method, path, body, now)
        assert refused.value.code == "signature_invalid"
    assert await verifier.verify(headers, "POST", "/a?x=1", b'{"a":1}', now)
