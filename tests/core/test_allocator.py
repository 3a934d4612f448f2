"""The server's socket reads: at most 64 KiB at a time (core/allocator.py says why)."""

import asyncio

from core.allocator import SOCKET_READ_BYTES, limit_socket_reads


class Chunks(asyncio.Protocol):
    def __init__(self, expected: int) -> None:
        self.sizes: list[int] = []
        self.expected = expected
        self.done = asyncio.get_running_loop().create_future()

    def data_received(self, data: bytes) -> None:
        self.sizes.append(len(data))
        if sum(self.sizes) >= self.expected and not self.done.done():
            self.done.set_result(None)


async def test_a_large_message_arrives_in_reads_of_at_most_64_kib() -> None:
    assert limit_socket_reads()  # this Python's transport still has the setting
    size = 1024 * 1024
    chunks = Chunks(size)

    async def send(_reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"x" * size)
        await writer.drain()
        writer.close()
        await writer.wait_closed()

    server = await asyncio.start_server(send, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    loop = asyncio.get_running_loop()
    transport, _ = await loop.create_connection(lambda: chunks, "127.0.0.1", port)
    try:
        await asyncio.wait_for(chunks.done, 10)
    finally:
        transport.close()
        server.close()
        await server.wait_closed()
    assert sum(chunks.sizes) == size
    assert max(chunks.sizes) <= SOCKET_READ_BYTES
