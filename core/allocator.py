"""Memory settings made before anything is imported: glibc's malloc thresholds, so the memory of
a burst goes back to the system once the burst is over, and asyncio's socket read size, so a
request's read is not a mapping of its own.

glibc maps a block of 128 KiB or more on its own and unmaps it when it is freed, but on freeing
one it raises that threshold to the block's size (up to 32 MiB). From then on such blocks (a
module's code read at import, the buffers of uploads in flight) come from the heap, are freed
out of order, and the heap cannot shrink below the ones still live. bench/upload_rss.py (100
files of 5 MB, 20 in flight): the server started at 137 MB and kept 172 MB after the burst;
with the threshold fixed it starts at 130 MB and keeps 140 MB. Fixing it also stops the raising.

256 KiB rather than glibc's 128 KiB: the buffers an upload makes for each chunk (up to twice
miniapp_api/files/transfer.py's CHUNK_BYTES) stay below it and are reused from the heap; mapping
and unmapping them for every chunk cost a third more CPU. Once fixed, glibc no longer raises the
trim threshold with it either: it is fixed at twice the mmap threshold, glibc's own ratio, or
the heap top is given back and taken again around every larger read (brk twice a request).
Outside glibc this does nothing, and an operator's MALLOC_MMAP_THRESHOLD_ /
MALLOC_TRIM_THRESHOLD_ is left as it is.

asyncio reads each socket into a fresh bytes object of 256 KiB (262,177 bytes with its header,
just over the threshold) and then shrinks it to what came: every request and every Redis reply
was an mmap, an mremap and a munmap (strace), and a cached getItem cost 140 µs of CPU instead of
105 (bench/read_paths.py). Reading 64 KiB at most puts that buffer on the heap, where it is
reused; it is what aiohttp buffers per connection anyway (miniapp_api/app.py's READ_BUFSIZE),
and uploads keep their RSS (a 320 KiB threshold instead kept 256 KiB reads on the heap, and the
uploads' peak rose from 142 to 156 MB).
"""

from __future__ import annotations

import asyncio.selector_events
import ctypes
import os

M_TRIM_THRESHOLD = -1  # glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD_BYTES = 256 * 1024
TRIM_THRESHOLD_BYTES = 2 * MMAP_THRESHOLD_BYTES
SOCKET_READ_BYTES = 64 * 1024


def fix_mmap_threshold() -> bool:
    """Whether malloc now maps every block of MMAP_THRESHOLD_BYTES or more on its own."""
    if "MALLOC_MMAP_THRESHOLD_" in os.environ:
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False  # not glibc (musl, macOS): no such setting
    mallopt.argtypes = (ctypes.c_int, ctypes.c_int)
    mallopt.restype = ctypes.c_int
    if "MALLOC_TRIM_THRESHOLD_" not in os.environ:
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1


def limit_socket_reads() -> bool:
    """Whether asyncio's socket transports now read at most SOCKET_READ_BYTES at a time.

    `max_size` is a class attribute of CPython's selector transport, not a documented setting:
    if a later Python drops it, nothing is changed and this says so."""
    transport = getattr(asyncio.selector_events, "_SelectorSocketTransport", None)
    if not isinstance(getattr(transport, "max_size", None), int):
        return False
    transport.max_size = SOCKET_READ_BYTES  # type: ignore[union-attr]
    return True
