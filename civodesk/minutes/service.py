"""The one minutes use case: the desk's Compte-rendu page, ``civodesk minutes`` and the server
all read the meeting's record and render it through here, so they make the same bytes.

Reading takes a short read transaction; the layout runs outside it (it takes seconds for a large
meeting). The language is the caller's choice for this document only
(``language_on_this_thread``): the interface of the desk stays in its own language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import IO

from sqlalchemy import Connection

from civodesk.db.database import Database
from civodesk.documents.output import write_atomically
from civodesk.documents.page_template import Progress
from civodesk.i18n import language_on_this_thread
from civodesk.minutes.document import render_minutes
from civodesk.minutes.options import MinutesOptions
from civodesk.minutes.record import MeetingRecord, read_meeting_record


@dataclass(frozen=True)
class RenderedMinutes:
    pdf: bytes
    pages: int
    warnings: tuple[str, ...]  # translated, for the person (a logo left out)
    fingerprint: str
    draft: bool


def render_record(
    record: MeetingRecord, options: MinutesOptions, progress: Progress | None = None
) -> RenderedMinutes:
    with language_on_this_thread(options.language):
        data, pages, warnings = render_minutes(record, options, progress)
    return RenderedMinutes(data, pages, tuple(warnings), record.fingerprint, record.is_draft)


def minutes_pdf(
    conn: Connection,
    meeting_id: str,
    options: MinutesOptions,
    progress: Progress | None = None,
) -> RenderedMinutes:
    """The minutes of ``meeting_id`` from the tables behind ``conn`` (the desk's or the server's)."""
    return render_record(read_meeting_record(conn, meeting_id), options, progress)


def write_minutes(target: str | Path | IO[bytes], rendered: RenderedMinutes) -> None:
    """Write the PDF atomically to a path (``DocumentWriteError`` when it cannot be), or to a stream."""
    if isinstance(target, str | Path):
        write_atomically(target, lambda stream: stream.write(rendered.pdf))
    else:
        target.write(rendered.pdf)


class MinutesService:
    """The desk's entry: reading on the caller's thread, rendering wherever the caller runs it."""

    def __init__(self, database: Database) -> None:
        self._db = database

    def read_record(self, meeting_id: str) -> MeetingRecord:
        with self._db.read() as conn:
            return read_meeting_record(conn, meeting_id)

    def render(
        self, meeting_id: str, options: MinutesOptions, progress: Progress | None = None
    ) -> RenderedMinutes:
        return render_record(self.read_record(meeting_id), options, progress)
