"""What a file really is, read from its bytes: never from its name or the client's MIME type.

PDFs must be whole (end with %%EOF, parse, not encrypted) and within the page limit; images
must be whole and within the pixel limit, read from the header before any pixel is decoded, so
a small file that would inflate to gigabytes (a pixel bomb) is refused unopened. Archives are
not accepted at all, so an archive bomb never gets as far as being opened.

Runs in a worker thread: parsing is CPU work. pypdf and Pillow are imported on the first file
that needs them (9 MB together), not by every process that imports the app.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from core.errors import ValidationFailed
from workflows.files.rules import MEDIA_TYPES, FileRule

MAGIC = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"PK\x03\x04", "zip"),
    (b"PK\x05\x06", "zip"),
    (b"\x1f\x8b", "gzip"),
    (b"7z\xbc\xaf\x27\x1c", "7z"),
    (b"Rar!\x1a\x07", "rar"),
    (b"GIF8", "gif"),
    (b"MZ", "executable"),
    (b"\x7fELF", "executable"),
)
PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG"}


@dataclass(frozen=True)
class Facts:
    kind: str
    media_type: str
    pages: int | None = None
    width: int | None = None
    height: int | None = None


def sniff(head: bytes) -> str:
    for magic, kind in MAGIC:
        if head.startswith(magic):
            return kind
    return "unknown"


def inspect_file(path: Path, size: int, rule: FileRule) -> Facts:
    with path.open("rb") as handle:
        head = handle.read(16)
    kind = sniff(head)
    if kind not in rule.types:
        raise ValidationFailed(
            f"this material takes {', '.join(rule.types)}; the file is {kind}",
            code="file_type_not_allowed",
            fields={"file": f"content is {kind}"},
        )
    if kind == "pdf":
        return _pdf(path, size, rule)
    return _image(path, kind, rule)


def _corrupt(what: str) -> ValidationFailed:
    return ValidationFailed(
        f"the {what} is damaged or incomplete", code="file_corrupt", fields={"file": "damaged"}
    )


def _pdf(path: Path, size: int, rule: FileRule) -> Facts:
    from pypdf import PdfReader

    with path.open("rb") as handle:
        handle.seek(max(0, size - 2048))
        if b"%%EOF" not in handle.read():
            raise _corrupt("PDF")  # cut short: a whole PDF ends with %%EOF
    try:
        # An open file, not the path: given a path, pypdf reads the whole file into memory.
        handle = path.open("rb")
        reader = PdfReader(handle, strict=False)
        if reader.is_encrypted:
            raise ValidationFailed(
                "an encrypted PDF cannot be reviewed; hand in an unprotected copy",
                code="pdf_encrypted",
                fields={"file": "encrypted"},
            )
        pages = len(reader.pages)
    except ValidationFailed:
        raise
    except Exception:  # pypdf raises many kinds on malformed input; each means "damaged"
        raise _corrupt("PDF") from None
    finally:
        handle.close()
    if pages < 1:
        raise _corrupt("PDF")
    if pages > rule.max_pages:
        raise ValidationFailed(
            f"this material takes at most {rule.max_pages} pages; the PDF has {pages}",
            code="pdf_too_many_pages",
            fields={"file": f"{pages} pages"},
        )
    return Facts("pdf", MEDIA_TYPES["pdf"], pages=pages)


def _image(path: Path, kind: str, rule: FileRule) -> Facts:
    from PIL import Image, UnidentifiedImageError

    too_many = ValidationFailed(
        f"the image has more than {rule.max_pixels} pixels",
        code="image_too_many_pixels",
        fields={"file": "too many pixels"},
    )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path, formats=[PIL_FORMATS[kind]]) as image:
                width, height = image.size
                if width < 1 or height < 1:
                    raise _corrupt("image")
                if width * height > rule.max_pixels:
                    raise too_many
                if kind == "png":
                    image.verify()  # every chunk's CRC, through IEND: a cut file fails
                else:
                    # Decode at 1/8 scale: all the data is read (a cut file fails) at a
                    # sixty-fourth of the memory.
                    image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
                    image.load()
    except ValidationFailed:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise _corrupt("image") from None
    return Facts(kind, MEDIA_TYPES[kind], width=width, height=height)
