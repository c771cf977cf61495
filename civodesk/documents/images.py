"""An organization's logo for a document's cover: a missing or broken file never stops the PDF.

``load_logo`` checks the file before reportlab sees it (it exists, is a PNG, JPEG or GIF that
Pillow can decode, is not absurdly large) and answers with a flowable scaled to fit a box, or with
a translated warning for the person and no logo. The image's bytes are embedded as read, so the
same file gives the same PDF.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civodesk.i18n import _

MAX_LOGO_BYTES = 10 * 1024 * 1024
MAX_LOGO_PIXELS = 25_000_000  # a decompression bomb is refused before it is decoded
LOGO_FORMATS = {"PNG", "JPEG", "GIF"}


@dataclass(frozen=True)
class Logo:
    """What to put on the cover: ``flowable`` (None without a usable logo) and why not."""

    flowable: Any | None
    warning: str = ""


def load_logo(path: str | Path | None, max_width: float, max_height: float) -> Logo:
    """The logo at ``path`` scaled to fit ``max_width`` × ``max_height`` points, keeping its
    proportions; ``Logo(None)`` without a path, ``Logo(None, warning)`` for a bad file."""
    if path is None or str(path) == "":
        return Logo(None)
    file = Path(path)
    try:
        data = file.read_bytes() if file.stat().st_size <= MAX_LOGO_BYTES else None
    except OSError:
        return Logo(
            None,
            _("Logo introuvable ou illisible : {path}. Le document est fait sans logo.").format(
                path=file
            ),
        )
    if data is None:
        return Logo(
            None,
            _("Logo trop lourd (plus de 10 Mo) : {path}. Le document est fait sans logo.").format(
                path=file
            ),
        )
    size = _image_size(data)
    if size is None:
        return Logo(
            None,
            _(
                "Le logo {path} n'est pas une image PNG, JPEG ou GIF lisible. Le document est "
                "fait sans logo."
            ).format(path=file),
        )
    from reportlab.platypus import Image

    width, height = size
    scale = min(max_width / width, max_height / height)
    flowable = Image(io.BytesIO(data), width=width * scale, height=height * scale)
    flowable.hAlign = "LEFT"
    return Logo(flowable)


def _image_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a decodable PNG, JPEG or GIF of reasonable size, else None."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format not in LOGO_FORMATS:
                return None
            width, height = image.size
            if not width or not height or width * height > MAX_LOGO_PIXELS:
                return None
            image.load()  # a truncated file fails here, not in the middle of the PDF
    except (OSError, ValueError, UnidentifiedImageError, Image.DecompressionBombError):
        return None
    return width, height
