"""Checking the journal: every stream must run 1, 2, 3… with each event chained to the previous.

Given this desk's identity, the check also covers the signed record: every stream of another device
must end on a head signed by the key vouched for that device (its own streams are signed whenever
they leave the desk).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Connection, select

from civodesk.devices.identity import DeviceIdentity
from civodesk.i18n import _
from civodesk.journal.certificates import KeyBook, KeySource
from civodesk.journal.event import GENESIS_HASH, JournalEvent
from civodesk.journal.signing import stored_head
from civodesk.journal.store import check_event, events_table, row_to_event
from civodesk.journal.stream_trust import verify_stream


@dataclass(frozen=True)
class JournalProblem:
    meeting_id: str
    device_id: str
    seq: int
    reason: str

    def __str__(self) -> str:
        return _("réunion {meeting}, appareil {device}, événement n° {seq} : {reason}").format(
            meeting=self.meeting_id, device=self.device_id, seq=self.seq, reason=self.reason
        )


@dataclass(frozen=True)
class VerificationReport:
    events_checked: int
    streams_checked: int
    problems: tuple[JournalProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def verify_journal(
    conn: Connection, meeting_id: str | None = None, *, device: DeviceIdentity | None = None
) -> VerificationReport:
    query = select(events_table).order_by(
        events_table.c.meeting_id, events_table.c.device_id, events_table.c.seq
    )
    if meeting_id is not None:
        query = query.where(events_table.c.meeting_id == meeting_id)
    problems: list[JournalProblem] = []
    stream: tuple[str, str] | None = None
    expected_seq, expected_prev = 1, GENESIS_HASH
    count = streams = 0
    book = KeyBook(conn, device) if device is not None else None
    last: JournalEvent | None = None
    for row in conn.execution_options(yield_per=2000).execute(query):
        event = row_to_event(row)
        count += 1
        if (event.meeting_id, event.device_id) != stream:
            problems.extend(_signature_problems(conn, book, last))
            stream = (event.meeting_id, event.device_id)
            streams += 1
            expected_seq, expected_prev = 1, GENESIS_HASH

        reasons = []
        if event.seq != expected_seq:
            reasons.append(
                _("trou dans la séquence : n° {expected} attendu").format(expected=expected_seq)
            )
        if event.prev_hash != expected_prev:
            reasons.append(
                _("chaîne d'empreintes rompue : l'empreinte précédente ne correspond pas")
            )
        if reason := check_event(event):
            reasons.append(reason)
        problems.extend(
            JournalProblem(event.meeting_id, event.device_id, event.seq, text) for text in reasons
        )
        expected_seq, expected_prev = event.seq + 1, event.hash
        last = event
    problems.extend(_signature_problems(conn, book, last))
    return VerificationReport(count, streams, tuple(problems))


def _signature_problems(
    conn: Connection, book: KeyBook | None, last: JournalEvent | None
) -> list[JournalProblem]:
    """Whether another device's stream, ending on ``last``, ends on a head its vouched key signed."""
    if book is None or last is None:
        return []
    key = book.key_for(last.device_id)
    if key is not None and key.source is KeySource.OWN:
        return []
    head = stored_head(conn, last.meeting_id, last.device_id, last.seq)
    verdict = verify_stream([last], [head] if head is not None else [], key)
    if verdict.complete:
        return []
    return [JournalProblem(last.meeting_id, last.device_id, last.seq, verdict.reason)]
