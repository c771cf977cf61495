"""Everything the minutes say, read from a meeting's projection tables into plain frozen data.

It takes a SQLAlchemy ``Connection`` so that the desk (SQLite) and the server (the same tables,
filled by the same event handlers) read the same record. Every list is sorted on values alone
(folded names, then ids), and every time comes from the journal — never from the clock — so the
same events give the same record, hence the same PDF bytes, everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo

from sqlalchemy import Connection, func, select

from civodesk.checkin.handlers import proxies_table, scans_table
from civodesk.checkin.name_search import fold
from civodesk.checkin.presence import CHECK_IN
from civodesk.i18n import language_on_this_thread
from civodesk.journal.clock_offset import stream_offsets
from civodesk.journal.fingerprint import meeting_fingerprint
from civodesk.journal.store import events_table
from civodesk.meetings.guards import MeetingNotFoundError
from civodesk.meetings.handlers import agenda_items, meetings, organizations
from civodesk.meetings.meeting import MeetingStatus
from civodesk.minutes.facilitation_record import (
    ClusterEntry,
    DecisionEntry,
    IdeaEntry,
    read_clusters,
    read_decisions,
    read_ideas,
    read_notes,
)
from civodesk.participants.handlers import participants_table as participants
from civodesk.voting.handlers import votes_table
from civodesk.voting.result import VoteResult
from civodesk.voting.results import vote_outcome
from civodesk.voting.vote import AttendanceSnapshot, VoteStatus

BREAKDOWN_FIELDS = ("commune", "neighbourhood", "age_bracket")


@dataclass(frozen=True)
class AgendaEntry:
    id: str
    title: str
    duration_minutes: int


@dataclass(frozen=True)
class Attendee:
    """A person who was checked in, with the time of their first admission."""

    participant_id: str
    first_name: str
    last_name: str
    commune: str
    neighbourhood: str
    age_bracket: str
    arrived_at: datetime

    @property
    def listed_name(self) -> str:
        """ "DUPONT Marie", as sign-in sheets and minutes list people ("" once erased)."""
        return " ".join(part for part in (self.last_name.upper(), self.first_name) if part)

    def breakdown_value(self, name: str) -> str:
        return str(getattr(self, name)).strip()


@dataclass(frozen=True)
class ProxyEntry:
    """A proxy recorded and not withdrawn; ``counted`` when its giver never came and its holder did
    (the giver is then "represented")."""

    giver: str
    holder: str
    counted: bool


@dataclass(frozen=True)
class VoteEntry:
    """A vote and its count (``civodesk.voting.results.vote_outcome``, the same on the server).

    ``result`` is None for a vote not closed yet: a live count includes this desk's open ballot
    box, which no other desk nor the server holds, so it is never printed.
    """

    agenda_item_id: str | None
    question: str
    result: VoteResult | None
    secret: bool = True
    voters: tuple[tuple[str, str], ...] = ()  # (name, vote) for a public ballot (procès-verbal)
    method: str = ""
    snapshot: AttendanceSnapshot | None = None  # presence and quorum when the vote closed

    @property
    def counted_method(self) -> str:
        return self.result.method if self.result is not None else self.method


@dataclass(frozen=True)
class MeetingRecord:
    meeting_id: str
    title: str
    organization: str
    place: str
    starts_at: datetime
    ends_at: datetime
    facilitators: tuple[str, ...]
    description: str
    quorum_percent: float | None
    status: MeetingStatus
    president: str
    secretaries: tuple[str, ...]
    agenda: tuple[AgendaEntry, ...]
    registered: int
    attendees: tuple[Attendee, ...]
    proxies: tuple[ProxyEntry, ...]
    ideas: tuple[IdeaEntry, ...]
    fingerprint: str
    recorded_at: datetime  # the journal's last event, in the meeting's time zone
    event_count: int
    votes: tuple[VoteEntry, ...] = ()
    decisions: tuple[DecisionEntry, ...] = ()
    notes: Mapping[str, str] = field(default_factory=dict)  # agenda item id → notes
    clusters: tuple[ClusterEntry, ...] = ()

    @property
    def is_draft(self) -> bool:
        """Minutes of a meeting not yet closed are a draft ("PROJET")."""
        return self.status is not MeetingStatus.CLOSED

    @property
    def represented(self) -> int:
        return sum(1 for proxy in self.proxies if proxy.counted)

    def ideas_of(self, agenda_item_id: str | None) -> tuple[IdeaEntry, ...]:
        return tuple(idea for idea in self.ideas if idea.agenda_item_id == agenda_item_id)

    def idea_groups(
        self, ideas: tuple[IdeaEntry, ...]
    ) -> tuple[tuple[ClusterEntry | None, tuple[IdeaEntry, ...]], ...]:
        """``ideas`` by cluster in wall order, each in its column's order, then the ungrouped
        (cluster None; also the ideas of a removed cluster)."""
        members: dict[str | None, list[IdeaEntry]] = {}
        known = {cluster.id for cluster in self.clusters}
        for idea in ideas:
            members.setdefault(idea.cluster_id if idea.cluster_id in known else None, []).append(
                idea
            )
        groups: list[tuple[ClusterEntry | None, tuple[IdeaEntry, ...]]] = [
            (cluster, tuple(sorted(members[cluster.id], key=lambda idea: idea.position)))
            for cluster in self.clusters
            if cluster.id in members
        ]
        if None in members:
            groups.append((None, tuple(sorted(members[None], key=lambda idea: idea.position))))
        return tuple(groups)

    @property
    def merged_count(self) -> int:
        """Duplicates merged into a published idea."""
        return sum(len(idea.originals) for idea in self.ideas)

    def unfiled_ideas(self) -> tuple[IdeaEntry, ...]:
        """Ideas attached to no agenda item (or to one since removed)."""
        known = {item.id for item in self.agenda}
        return tuple(idea for idea in self.ideas if idea.agenda_item_id not in known)

    def votes_of(self, agenda_item_id: str | None) -> tuple[VoteEntry, ...]:
        return tuple(vote for vote in self.votes if vote.agenda_item_id == agenda_item_id)

    def decisions_of(self, agenda_item_id: str | None) -> tuple[DecisionEntry, ...]:
        return tuple(d for d in self.decisions if d.agenda_item_id == agenda_item_id)

    def breakdown(self, name: str) -> tuple[tuple[str, int], ...]:
        """Attendees counted by ``name`` (commune…), largest group first; empty when unknown."""
        counts: dict[str, int] = {}
        for person in self.attendees:
            value = person.breakdown_value(name)
            counts[value] = counts.get(value, 0) + 1
        if not set(counts) - {""}:
            return ()
        return tuple(sorted(counts.items(), key=lambda item: (-item[1], fold(item[0]), item[0])))


def read_meeting_record(
    conn: Connection, meeting_id: str, language: str | None = None
) -> MeetingRecord:
    """The record of ``meeting_id``; ``MeetingNotFoundError`` for an unknown or deleted one.

    ``language`` is that of the votes' plain-words explanations (written when counting).
    """
    row = conn.execute(
        select(meetings, organizations.c.name.label("organization"))
        .join(organizations, organizations.c.id == meetings.c.organization_id)
        .where(meetings.c.id == meeting_id, meetings.c.deleted.is_(False))
    ).one_or_none()
    if row is None:
        raise MeetingNotFoundError(meeting_id)
    starts_at = datetime.fromisoformat(row.starts_at)
    zone = starts_at.tzinfo or UTC
    last_time, event_count = _journal_end(conn, meeting_id)
    return MeetingRecord(
        meeting_id=meeting_id,
        title=row.title,
        organization=row.organization,
        place=row.place,
        starts_at=starts_at,
        ends_at=datetime.fromisoformat(row.ends_at),
        facilitators=tuple(json.loads(row.facilitators or "[]")),
        description=row.description or "",
        quorum_percent=row.quorum_percent,
        status=MeetingStatus(row.status),
        president=row.president or "",
        secretaries=tuple(json.loads(row.secretaries or "[]")),
        agenda=_agenda(conn, meeting_id),
        registered=_registered(conn, meeting_id),
        attendees=_attendees(conn, meeting_id, zone),
        proxies=_proxies(conn, meeting_id),
        ideas=read_ideas(conn, meeting_id),
        fingerprint=meeting_fingerprint(conn, meeting_id),
        recorded_at=_local_time(last_time, zone),
        event_count=event_count,
        votes=_votes(conn, meeting_id, language),
        decisions=read_decisions(conn, meeting_id),
        notes=read_notes(conn, meeting_id),
        clusters=read_clusters(conn, meeting_id),
    )


def _votes(conn: Connection, meeting_id: str, language: str | None) -> tuple[VoteEntry, ...]:
    """The meeting's votes in the order they were created, closed ones with their result."""
    ids = conn.execute(
        select(votes_table.c.id)
        .where(votes_table.c.meeting_id == meeting_id, votes_table.c.removed.is_(False))
        .order_by(votes_table.c.created_hlc, votes_table.c.id)
    ).scalars()
    entries = []
    for vote_id in list(ids):
        if language is None:
            outcome = vote_outcome(conn, meeting_id, vote_id)
        else:
            with language_on_this_thread(language):
                outcome = vote_outcome(conn, meeting_id, vote_id)
        vote = outcome.vote
        closed = vote.status is VoteStatus.CLOSED
        entries.append(
            VoteEntry(
                agenda_item_id=vote.agenda_item_id,
                question=vote.question,
                result=outcome.result if closed else None,
                secret=vote.secret,
                voters=tuple(
                    (line.name, line.choice) for line in outcome.named if not line.duplicate
                )
                if closed
                else (),
                method=vote.method,
                snapshot=vote.snapshot if closed else None,
            )
        )
    return tuple(entries)


def _local_time(milliseconds: int, zone: tzinfo) -> datetime:
    return datetime.fromtimestamp(milliseconds / 1000, UTC).astimezone(zone)


def _journal_end(conn: Connection, meeting_id: str) -> tuple[int, int]:
    """(time of the causally last event, corrected by its desk's clock offset; number of events)."""
    last = conn.execute(
        select(events_table.c.device_time_ms, events_table.c.device_id, events_table.c.seq)
        .where(events_table.c.meeting_id == meeting_id)
        .order_by(
            events_table.c.hlc.desc(), events_table.c.device_id.desc(), events_table.c.seq.desc()
        )
        .limit(1)
    ).one_or_none()
    count = conn.execute(
        select(func.count()).where(events_table.c.meeting_id == meeting_id)
    ).scalar_one()
    if last is None:
        return 0, int(count)
    corrected = stream_offsets(conn, meeting_id).correct(
        last.device_id, last.seq, last.device_time_ms
    )
    return corrected, int(count)


def _agenda(conn: Connection, meeting_id: str) -> tuple[AgendaEntry, ...]:
    rows = conn.execute(
        select(agenda_items.c.id, agenda_items.c.title, agenda_items.c.duration_minutes)
        .where(agenda_items.c.meeting_id == meeting_id, agenda_items.c.removed.is_(False))
        .order_by(agenda_items.c.position, agenda_items.c.id)
    ).all()
    return tuple(AgendaEntry(row.id, row.title, row.duration_minutes) for row in rows)


def _registered(conn: Connection, meeting_id: str) -> int:
    return int(
        conn.execute(
            select(func.count()).where(
                participants.c.meeting_id == meeting_id, participants.c.removed.is_(False)
            )
        ).scalar_one()
    )


def _attendees(conn: Connection, meeting_id: str, zone: tzinfo) -> tuple[Attendee, ...]:
    """Everyone admitted at least once, with the time of their first accepted check-in (the
    desk's time corrected by its journaled clock offset)."""
    offsets = stream_offsets(conn, meeting_id)
    scans = conn.execution_options(yield_per=5000).execute(
        select(
            scans_table.c.participant_id,
            scans_table.c.device_time_ms,
            scans_table.c.device_id,
            scans_table.c.seq,
        )
        .where(
            scans_table.c.meeting_id == meeting_id,
            scans_table.c.accepted.is_(True),
            scans_table.c.direction == CHECK_IN,
            scans_table.c.participant_id.is_not(None),
        )
        .order_by(scans_table.c.hlc, scans_table.c.device_id, scans_table.c.seq)
    )
    first_arrival: dict[str, int] = {}
    for participant_id, device_time_ms, device_id, seq in scans:
        first_arrival.setdefault(participant_id, offsets.correct(device_id, seq, device_time_ms))
    rows = conn.execution_options(yield_per=5000).execute(
        select(
            participants.c.id,
            participants.c.first_name,
            participants.c.last_name,
            participants.c.commune,
            participants.c.neighbourhood,
            participants.c.age_bracket,
        ).where(participants.c.meeting_id == meeting_id, participants.c.removed.is_(False))
    )
    people = [
        Attendee(
            participant_id=row.id,
            first_name=row.first_name or "",
            last_name=row.last_name or "",
            commune=row.commune or "",
            neighbourhood=row.neighbourhood or "",
            age_bracket=row.age_bracket or "",
            arrived_at=_local_time(first_arrival[row.id], zone),
        )
        for row in rows
        if row.id in first_arrival
    ]
    return tuple(
        sorted(
            people,
            key=lambda p: (
                not p.last_name,
                fold(p.last_name),
                fold(p.first_name),
                p.last_name,
                p.first_name,
                p.participant_id,
            ),
        )
    )


def _proxies(conn: Connection, meeting_id: str) -> tuple[ProxyEntry, ...]:
    giver = participants.alias("giver")
    holder = participants.alias("holder")
    rows = conn.execute(
        select(
            proxies_table.c.id,
            proxies_table.c.giver_id,
            proxies_table.c.holder_id,
            giver.c.first_name.label("giver_first"),
            giver.c.last_name.label("giver_last"),
            holder.c.first_name.label("holder_first"),
            holder.c.last_name.label("holder_last"),
        )
        .join(giver, giver.c.id == proxies_table.c.giver_id)
        .join(holder, holder.c.id == proxies_table.c.holder_id)
        .where(
            proxies_table.c.meeting_id == meeting_id,
            proxies_table.c.revoked.is_(False),
            giver.c.removed.is_(False),
            holder.c.removed.is_(False),
        )
    ).all()
    came = set(
        conn.execute(
            select(scans_table.c.participant_id).where(
                scans_table.c.meeting_id == meeting_id,
                scans_table.c.accepted.is_(True),
                scans_table.c.direction == CHECK_IN,
            )
        ).scalars()
    )

    def listed(first: str | None, last: str | None) -> str:
        return " ".join(part for part in ((last or "").upper(), first or "") if part)

    entries = [
        (
            ProxyEntry(
                giver=listed(row.giver_first, row.giver_last),
                holder=listed(row.holder_first, row.holder_last),
                counted=row.giver_id not in came and row.holder_id in came,
            ),
            row.id,
        )
        for row in rows
    ]
    entries.sort(key=lambda pair: (fold(pair[0].giver), pair[0].giver, pair[1]))
    return tuple(entry for entry, _id in entries)
