"""What facilitation recorded, for the minutes: ideas with clusters, supports and merges, the
notes of each agenda item, the relevé de décisions.

Small read functions over the ideas and facilitation projection tables (another package's, read
only here) so the desk and the server read the same rows. The ideas follow the wall's rules
(``civodesk.ideas.reading``): withdrawn ideas are left out, merged originals appear inside the
idea that absorbed them and their supports count for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Connection, select

from civodesk.facilitation.handlers import decisions_table, notes_table
from civodesk.ideas.handlers import clusters_table, ideas_table
from civodesk.ideas.reading import display_name
from civodesk.participants.handlers import participants_table as participants

ACTION = "action"


@dataclass(frozen=True)
class MergedOriginal:
    """A duplicate merged into a published idea, with its own supports."""

    id: str
    text: str
    supports: int


@dataclass(frozen=True)
class IdeaEntry:
    """A published idea (not withdrawn, not merged into another).

    ``supports`` includes those of its merged originals; ``author`` is « Prénom N. » for a signed
    idea, None for an anonymous one or once the author's data is erased.
    """

    id: str
    text: str
    source: str
    agenda_item_id: str | None
    cluster_id: str | None = None
    supports: int = 0
    author: str | None = None
    originals: tuple[MergedOriginal, ...] = ()
    position: float = 0.0  # its place in its wall column


@dataclass(frozen=True)
class ClusterEntry:
    """A group of ideas on the wall, in wall order."""

    id: str
    agenda_item_id: str | None
    title: str


@dataclass(frozen=True)
class DecisionEntry:
    """A decision, or an action: what, who (``owner``), by when (``due``)."""

    agenda_item_id: str | None
    text: str
    owner: str = ""
    due: date | None = None
    kind: str = "decision"
    id: str = ""

    @property
    def is_action(self) -> bool:
        return self.kind == ACTION


def read_ideas(conn: Connection, meeting_id: str) -> tuple[IdeaEntry, ...]:
    """Published ideas in capture order; a merged idea carries its originals."""
    rows = (
        conn.execution_options(yield_per=5000)
        .execute(
            select(
                ideas_table.c.id,
                ideas_table.c.text,
                ideas_table.c.source,
                ideas_table.c.agenda_item_id,
                ideas_table.c.cluster_id,
                ideas_table.c.cluster_position,
                ideas_table.c.author_id,
                ideas_table.c.merged_into,
                ideas_table.c.withdrawn,
                ideas_table.c.supports,
                participants.c.first_name,
                participants.c.last_name,
            )
            .outerjoin(
                participants,
                (participants.c.id == ideas_table.c.author_id)
                & (participants.c.meeting_id == meeting_id)
                & participants.c.removed.is_(False),
            )
            .where(ideas_table.c.meeting_id == meeting_id, ideas_table.c.removed.is_(False))
            .order_by(ideas_table.c.captured_hlc, ideas_table.c.id)
        )
        .all()
    )
    known = {row.id for row in rows}
    children: dict[str, list[str]] = {}
    for row in rows:
        if row.merged_into in known:
            children.setdefault(row.merged_into, []).append(row.id)
    by_id = {row.id: row for row in rows}

    def total(idea_id: str, seen: frozenset[str]) -> int:
        return int(by_id[idea_id].supports or 0) + sum(
            total(child, seen | {idea_id})
            for child in children.get(idea_id, ())
            if child not in seen
        )

    published = [
        IdeaEntry(
            id=row.id,
            text=row.text,
            source=row.source,
            agenda_item_id=row.agenda_item_id,
            cluster_id=row.cluster_id,
            supports=total(row.id, frozenset()),
            author=display_name(row.first_name, row.last_name) if row.author_id else None,
            originals=tuple(
                MergedOriginal(child, by_id[child].text, int(by_id[child].supports or 0))
                for child in children.get(row.id, ())
            ),
            position=float(row.cluster_position or 0.0),
        )
        for row in rows
        if not row.withdrawn and row.merged_into not in known
    ]
    return tuple(published)


def read_clusters(conn: Connection, meeting_id: str) -> tuple[ClusterEntry, ...]:
    rows = conn.execute(
        select(clusters_table.c.id, clusters_table.c.agenda_item_id, clusters_table.c.name)
        .where(clusters_table.c.meeting_id == meeting_id, clusters_table.c.removed.is_(False))
        .order_by(clusters_table.c.position, clusters_table.c.id)
    ).all()
    return tuple(ClusterEntry(row.id, row.agenda_item_id, row.name) for row in rows)


def read_notes(conn: Connection, meeting_id: str) -> dict[str, str]:
    """Agenda item id → its notes (the gist of the debate), blank ones left out."""
    rows = conn.execute(
        select(notes_table.c.id, notes_table.c.notes).where(notes_table.c.meeting_id == meeting_id)
    ).all()
    return {row.id: row.notes for row in rows if (row.notes or "").strip()}


def read_decisions(conn: Connection, meeting_id: str) -> tuple[DecisionEntry, ...]:
    """The relevé de décisions in the order it was recorded (removed entries left out)."""
    rows = conn.execute(
        select(
            decisions_table.c.id,
            decisions_table.c.agenda_item_id,
            decisions_table.c.kind,
            decisions_table.c.text,
            decisions_table.c.owner,
            decisions_table.c.due_date,
        )
        .where(decisions_table.c.meeting_id == meeting_id, decisions_table.c.removed.is_(False))
        .order_by(decisions_table.c.recorded_hlc, decisions_table.c.id)
    ).all()
    return tuple(
        DecisionEntry(
            agenda_item_id=row.agenda_item_id,
            text=row.text,
            owner=row.owner or "",
            due=date.fromisoformat(row.due_date) if row.due_date else None,
            kind=row.kind,
            id=row.id,
        )
        for row in rows
    )
