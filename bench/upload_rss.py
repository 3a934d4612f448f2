"""Upload 100 files of 5 MB, 20 in flight, to a real server process; report its peak RSS.

The server streams each upload to a temporary file while hashing it, so its memory should not
grow with the size or number of uploads in flight (goal: peak RSS under 150 MB). Runs the server
on the embedded default (SQLite, local store) from a temporary directory, as a window clerk of the
demo data (`seed-demo`), since clerks upload for walk-in applications.

    .venv/bin/python -m bench.upload_rss [--files 100] [--size-mb 5] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import aiohttp
from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench-password-1"
ITEM = "11330000QS-SCJG-0002"


def make_pdf(size: int, seed: int) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    writer.add_metadata({"/Padding": f"{seed:08d}" + "x" * (size - 600)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def status_mb(pid: int, field: str) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(rf"{field}:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def peak_rss_mb(pid: int) -> float:
    return status_mb(pid, "VmHWM")


async def sample_rss(pid: int, peak: list[float]) -> None:
    """The highest VmRSS seen every 20 ms while the uploads run (VmHWM also holds the login's
    argon2 check, 64 MiB for a moment, made before the first upload)."""
    while True:
        peak[0] = max(peak[0], status_mb(pid, "VmRSS"))
        await asyncio.sleep(0.02)


async def run(args: argparse.Namespace, base: str, pid: int) -> None:
    async with aiohttp.ClientSession() as http:
        login = await http.post(
            base + "/api/auth/staff-login", json={"username": "budongchan", "password": PASSWORD}
        )
        headers = {"Authorization": "Bearer " + (await login.json())["token"]}
        item = await (await http.get(f"{base}/api/items/{ITEM}")).json()
        material = item["materials"][0]["name"]
        size = args.size_mb * 1024 * 1024
        body = make_pdf(size, 0)
        gate = asyncio.Semaphore(args.concurrency)
        statuses: list[int] = []
        baseline = peak_rss_mb(pid)
        before = status_mb(pid, "VmRSS")
        during = [before]
        sampler = asyncio.create_task(sample_rss(pid, during))

        async def one(n: int) -> None:
            # A distinct file each time (its first bytes differ), so nothing is deduplicated.
            data = body.replace(b"00000000", f"{n:08d}".encode(), 1)
            form = aiohttp.FormData()
            form.add_field("file", data, filename=f"scan-{n}.pdf", content_type="application/pdf")
            async with gate:
                answer = await http.post(
                    base + "/api/files/uploads",
                    params={"item_code": ITEM, "material": material},
                    data=form,
                    headers=headers,
                )
                statuses.append(answer.status)
                await answer.read()

        cpu_before = cpu_seconds(pid)
        started = time.monotonic()
        await asyncio.gather(*(one(n) for n in range(args.files)))
        took = time.monotonic() - started
        cpu = cpu_seconds(pid) - cpu_before
        sampler.cancel()
        after = status_mb(pid, "VmRSS")
    ok = statuses.count(201)
    peak = peak_rss_mb(pid)
    print(f"{ok}/{args.files} uploads of {args.size_mb} MB accepted, {args.concurrency} in flight,")
    # CPU seconds beside the wall time: on a shared machine the wall time is mostly the load.
    print(f"{took:.1f} s ({cpu:.2f} s of the server's CPU); server peak RSS {peak:.0f} MB,")
    print(f"{peak - baseline:.0f} MB over its own")
    print(f"peak before the first upload ({baseline:.0f} MB)")
    print(f"RSS before the uploads {before:.0f} MB, highest during them {during[0]:.0f} MB,")
    print(f"after them {after:.0f} MB")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--size-mb", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="upload-rss-") as folder:
        tmp = Path(folder)
        env = {k: v for k, v in os.environ.items() if not k.startswith("MINIAPP_")}
        env.update({
            "MINIAPP_DATABASE_URL": f"sqlite://{tmp / 'bench.sqlite3'}",
            "MINIAPP_FILES_DIRECTORY": str(tmp / "store"),
            "MINIAPP_FILES_LINK_KEY": "bench",
            "MINIAPP_LIMITS_WRITES_PER_MINUTE_PER_USER": "0",
            "MINIAPP_PROTECTION_DEMO_KEYS": "true",
        })  # fmt: skip
        cmd = [sys.executable, "-m", "miniapp_api"]
        subprocess.run([*cmd, "seed-demo", "--password", PASSWORD], cwd=ROOT, env=env, check=True,
                       capture_output=True)  # fmt: skip
        log_path = tmp / "serve.log"
        with log_path.open("wb") as log:
            server = subprocess.Popen([*cmd, "serve", "--port", "0"], cwd=ROOT, env=env,
                                      stdout=log, stderr=subprocess.STDOUT)  # fmt: skip
            try:
                deadline = time.monotonic() + 60
                while not (found := re.search(r"serving on (http://\S+)", log_path.read_text())):
                    if time.monotonic() > deadline or server.poll() is not None:
                        raise SystemExit("the server did not start:\n" + log_path.read_text())
                    time.sleep(0.2)
                asyncio.run(run(args, found.group(1), server.pid))
            finally:
                server.terminate()
                server.wait(timeout=20)
    return 0


if __name__ == "__main__":
    sys.exit(main())
