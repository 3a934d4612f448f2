"""A small client of ClamAV's daemon (clamd) over its unix socket: the INSTREAM command.

clamd's protocol (clamd(8)): send `zINSTREAM\\0`, then the data in chunks, each preceded by its
length as a 4-byte big-endian integer, then a zero length; clamd answers one NUL-terminated line,
`stream: OK`, `stream: <signature> FOUND` or `... ERROR`. Written here (60 lines) rather than
taken from a library: the Python clients of clamd are synchronous or unmaintained, and this is
the whole of what we use.
"""

from __future__ import annotations

import asyncio
import struct
from dataclasses import dataclass
from pathlib import Path

CHUNK_BYTES = 64 * 1024


class ScanUnavailable(Exception):
    """clamd could not be reached or did not answer in time."""


class ScanFailed(ScanUnavailable):
    """clamd answered that it could not scan this file (its size limit, a parse error)."""


@dataclass(frozen=True)
class Verdict:
    clean: bool
    signature: str = ""


class ClamdClient:
    def __init__(self, socket_path: str, timeout_seconds: float) -> None:
        self.socket_path = socket_path
        self.timeout = timeout_seconds

    async def scan_file(self, path: Path) -> Verdict:
        try:
            return await asyncio.wait_for(self._scan(path), self.timeout)
        except TimeoutError:
            raise ScanUnavailable("clamd did not answer in time") from None
        except OSError as error:
            raise ScanUnavailable(f"clamd unreachable: {error.strerror or error}") from None

    async def ping(self) -> bool:
        try:
            reader, writer = await asyncio.open_unix_connection(self.socket_path)
        except OSError:
            return False
        try:
            writer.write(b"zPING\0")
            await writer.drain()
            return (await reader.readuntil(b"\0")).rstrip(b"\0") == b"PONG"
        except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            return False
        finally:
            writer.close()

    async def _scan(self, path: Path) -> Verdict:
        reader, writer = await asyncio.open_unix_connection(self.socket_path)
        try:
            writer.write(b"zINSTREAM\0")
            with path.open("rb") as handle:
                while chunk := handle.read(CHUNK_BYTES):
                    writer.write(struct.pack(">I", len(chunk)) + chunk)
                    await writer.drain()
            writer.write(struct.pack(">I", 0))
            await writer.drain()
            try:
                line = (await reader.readuntil(b"\0")).rstrip(b"\0").decode(errors="replace")
            except asyncio.IncompleteReadError as error:
                # clamd closes the stream early when it refuses it (StreamMaxLength).
                line = error.partial.rstrip(b"\0").decode(errors="replace")
        finally:
            writer.close()
        return parse_answer(line)


def parse_answer(line: str) -> Verdict:
    _, _, result = line.partition(": ")
    if result == "OK":
        return Verdict(clean=True)
    if result.endswith(" FOUND"):
        return Verdict(clean=False, signature=result.removesuffix(" FOUND"))
    raise ScanFailed(f"clamd could not scan: {line[:200] or 'no answer'}")
