"""One setting of glibc's malloc, made before anything is imported: large blocks get a mapping
of their own, so the memory of a burst goes back to the system once the burst is over.

glibc maps a block of 128 KiB or more on its own and unmaps it when it is freed, but on freeing
one it raises that threshold to the block's size (up to 32 MiB). From then on such blocks (a
module's code read at import, the buffers of uploads in flight) come from the heap, are freed
out of order, and the heap cannot shrink below the ones still live. bench/upload_rss.py (100
files of 5 MB, 20 in flight): the server started at 137 MB and kept 172 MB after the burst;
with the threshold fixed it starts at 130 MB and keeps 140 MB. Fixing it also stops the raising.

256 KiB rather than glibc's 128 KiB: the buffers an upload makes for each chunk (up to twice
miniapp_api/files/transfer.py's CHUNK_BYTES) stay below it and are reused from the heap; mapping
and unmapping them for every chunk cost a third more CPU. Outside glibc this does nothing, and
an operator's MALLOC_MMAP_THRESHOLD_ is left as it is.
"""

from __future__ import annotations

import ctypes
import os

M_MMAP_THRESHOLD = -3  # glibc's <malloc.h>
MMAP_THRESHOLD_BYTES = 256 * 1024


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
    return mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES) == 1
