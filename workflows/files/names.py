"""A file name as the citizen's phone gave it: kept for display, never used as a path."""

from __future__ import annotations

import unicodedata

from core.errors import InvalidInput

MAX_NAME_BYTES = 255


def check_file_name(name: str | None) -> str:
    if not name or not name.strip():
        raise InvalidInput("the file needs a name", code="file_name_invalid")
    problem = ""
    if "/" in name or "\\" in name:
        problem = "a file name may not contain / or \\"
    elif any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in name):
        # Control characters and invisible format characters (e.g. right-to-left overrides that
        # disguise "exe.pdf" as "fdp.exe") are refused, not silently removed.
        problem = "a file name may not contain control or invisible characters"
    elif name.strip() in (".", ".."):
        problem = "not a file name"
    elif len(name.encode()) > MAX_NAME_BYTES:
        problem = f"a file name is at most {MAX_NAME_BYTES} bytes"
    if problem:
        raise InvalidInput(problem, code="file_name_invalid", fields={"file": problem})
    return name.strip()
