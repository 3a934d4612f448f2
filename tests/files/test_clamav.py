"""A real virus scan: Debian's clamd started here, with a signature database of our own (the
machine cannot fetch ClamAV's), scanning over its unix socket. A file carrying the EICAR test
string is refused and logged without personal data, and never stored; a clean one is marked
clean; a scanner that cannot be reached refuses uploads rather than letting them through."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.clamav import ClamdClient
from models.files import MaterialUpload
from tests.files.conftest import pdf, stored_files

CLAMD = shutil.which("clamd") or ("/usr/sbin/clamd" if Path("/usr/sbin/clamd").exists() else None)
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"


@pytest.fixture(scope="module")
def clamd_socket(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if CLAMD is None:
        pytest.skip("clamd is not installed (Debian's clamav-daemon; .ci/run installs it)")
    home = tmp_path_factory.mktemp("clamd")
    database = home / "db"
    database.mkdir()
    # A body signature: the EICAR string anywhere in any file.
    (database / "test.ndb").write_text(f"Eicar-Test-Signature:0:*:{EICAR.hex()}\n")
    socket = home / "clamd.sock"
    config = home / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket}\nDatabaseDirectory {database}\nForeground yes\n"
        f"LogFile {home / 'clamd.log'}\nStreamMaxLength 10M\n"
    )
    process = subprocess.Popen(
        [CLAMD, "--config-file", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT
    )
    try:
        deadline = time.monotonic() + 60
        while not asyncio.run(ClamdClient(str(socket), 2).ping()):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (home / "clamd.log").read_text(errors="replace")[-2000:]
                raise AssertionError(f"clamd did not start: {log}")
            time.sleep(0.2)
        yield str(socket)
    finally:
        process.terminate()
        process.wait(timeout=20)


@pytest.fixture
def settings_overrides(settings_overrides: dict[str, str], clamd_socket: str) -> dict[str, str]:
    return {**settings_overrides, "MINIAPP_FILES_CLAMAV_SOCKET": clamd_socket}


def infected_pdf() -> bytes:
    """A well-formed PDF with the EICAR test string after its end, as a dropper would append."""
    return pdf() + EICAR + b"\n"


async def test_a_file_with_the_eicar_string_is_refused_and_never_stored(
    upload, login_citizen, store_dir, spool_dir, caplog
) -> None:
    citizen = await login_citizen("o-av-1")
    with caplog.at_level(logging.WARNING, logger="workflows.files.intake"):
        answer = await upload(citizen, infected_pdf(), filename="张三的身份证.pdf")
    assert answer.status == 422, await answer.text()
    assert (await answer.json())["code"] == "file_infected"
    assert stored_files(store_dir) == [] and stored_files(spool_dir) == []
    assert await MaterialUpload.all().count() == 0
    logged = " ".join(record.getMessage() for record in caplog.records)
    assert "Eicar-Test-Signature" in logged
    assert "张三" not in logged and "o-av-1" not in logged  # no name, no person


async def test_a_clean_file_is_scanned_and_kept(upload, login_citizen) -> None:
    citizen = await login_citizen("o-av-2")
    answer = await upload(citizen, pdf())
    assert answer.status == 201, await answer.text()
    assert (await answer.json())["scan"] == "clean"


class TestScannerDown:
    @pytest.fixture
    def settings_overrides(self, settings_overrides: dict[str, str], tmp_path: Path):
        return {**settings_overrides, "MINIAPP_FILES_CLAMAV_SOCKET": str(tmp_path / "none.sock")}

    async def test_uploads_are_refused_while_the_scanner_is_unreachable(
        self, upload, login_citizen, store_dir
    ) -> None:
        citizen = await login_citizen("o-av-3")
        answer = await upload(citizen, pdf())
        assert answer.status == 503 and (await answer.json())["code"] == "scanner_unavailable"
        assert stored_files(store_dir) == []
