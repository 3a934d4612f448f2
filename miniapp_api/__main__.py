"""`python -m miniapp_api ...`: the commands live in the composition root, app/."""

import sys

from core.allocator import fix_mmap_threshold, limit_socket_reads

fix_mmap_threshold()  # before the imports below allocate (core/allocator.py says why)
limit_socket_reads()

from app.cli import main  # noqa: E402

sys.exit(main())
