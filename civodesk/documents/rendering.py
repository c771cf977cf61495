"""What makes a CivoDesk PDF reproducible: metadata and dates from the caller, nothing from now.

The same inputs give the same bytes on every desk and on the server (same CivoDesk version):
reportlab runs in its invariant mode, the creation and modification dates are the supplied
timestamp (the journal's, not the clock's), and the document ID is a digest of the metadata and
that timestamp. Reportlab keeps a few process-wide settings (``rl_config``); documents are
therefore rendered one at a time under ``reportlab_session()``, which also fixes those settings.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from civodesk import __version__

PRODUCER = f"CivoDesk {__version__} (ReportLab)"
PDF_LANGUAGES = {"fr": "fr-FR", "en": "en-GB"}
_session_lock = threading.RLock()


@dataclass(frozen=True)
class DocumentInfo:
    """The PDF's metadata (File > Properties in a viewer).

    ``timestamp`` is the document's date (the journal's last event for minutes), timezone-aware;
    ``language`` is "fr" or "en" (the PDF's /Lang, which screen readers and search use).
    """

    title: str
    author: str
    timestamp: datetime
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "fr"

    @property
    def pdf_language(self) -> str:
        return PDF_LANGUAGES.get(self.language, self.language)


@contextmanager
def reportlab_session() -> Iterator[None]:
    """Render under one lock with fixed global settings (binary streams: ASCII85 doubled the time)."""
    from reportlab import rl_config

    with _session_lock:
        saved = rl_config.useA85, rl_config.invariant
        rl_config.useA85, rl_config.invariant = 0, 1
        try:
            yield
        finally:
            rl_config.useA85, rl_config.invariant = saved


def _fixed_timestamp(moment: datetime) -> Any:
    """A reportlab ``TimeStamp`` that says ``moment`` (with its UTC offset)."""
    from reportlab.lib.utils import TimeStamp

    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("the document timestamp must be timezone-aware")
    stamp = TimeStamp(invariant=1)
    offset_minutes = int(moment.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
    sign = -1 if offset_minutes < 0 else 1
    stamp.t = moment.timestamp()
    stamp.lt = moment.timetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = sign * (abs(offset_minutes) // 60)
    stamp.dmm = abs(offset_minutes) % 60
    stamp.tzname = moment.tzname() or "UTC"
    return stamp


def apply_info(canvas: Any, info: DocumentInfo) -> None:
    """Write ``info`` into a reportlab canvas just made (before anything is drawn)."""
    canvas.setTitle(info.title)
    canvas.setAuthor(info.author)
    canvas.setSubject(info.subject)
    canvas.setKeywords(list(info.keywords))
    canvas.setCreator("CivoDesk")
    canvas.setProducer(PRODUCER)
    document = canvas._doc
    document._timeStamp = _fixed_timestamp(info.timestamp)
    document.updateSignature(info.timestamp.isoformat())
    document.updateSignature(info.pdf_language)


def canvas_options(info: DocumentInfo) -> dict[str, Any]:
    """Keyword arguments for ``Canvas(...)``: invariant output, compressed pages, the language."""
    return {"invariant": 1, "pageCompression": 1, "lang": info.pdf_language}
