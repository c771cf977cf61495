"""Reading ideas: the wall of a meeting, search and filters, an idea's history.

Search folds case and accents in Python (SQLite's LIKE folds only ASCII): a meeting's ideas are
read once, folded once per idea, and filtered in memory, which keeps 5,000 ideas well under 50 ms.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Connection, select

from civodesk.checkin.handlers import attendance_table
from civodesk.ideas.handlers import clusters_table, ideas_table
from civodesk.ideas.idea import (
    ClusterView,
    IdeaEditEntry,
    IdeaFilter,
    IdeaSource,
    IdeaView,
    IdeaWall,
)
from civodesk.journal.lww import edits_table
from civodesk.journal.store import events_table
from civodesk.meetings.service import fold_for_search
from civodesk.participants.handlers import participants_table


def display_name(first_name: str | None, last_name: str | None) -> str | None:
    """« Awa D. »: enough to credit an idea, no more (None once the person's data is erased)."""
    first = (first_name or "").strip()
    last = (last_name or "").strip()
    if not first and not last:
        return None
    return f"{first} {last[:1]}.".strip() if first and last else first or last


_COLUMNS = (
    ideas_table.c.id,
    ideas_table.c.text,
    ideas_table.c.source,
    ideas_table.c.agenda_item_id,
    ideas_table.c.question_id,
    ideas_table.c.author_id,
    ideas_table.c.tags,
    ideas_table.c.colour,
    ideas_table.c.cluster_id,
    ideas_table.c.cluster_position,
    ideas_table.c.merged_into,
    ideas_table.c.merged_from,
    ideas_table.c.withdrawn,
    ideas_table.c.supports,
    ideas_table.c.version,
    ideas_table.c.captured_hlc,
)
_SOURCES = {source.value: source for source in IdeaSource}


def _json_list(raw: str) -> tuple[str, ...]:
    """Most ideas have no tags and merge nothing: skip the JSON parser for « [] »."""
    return () if raw == "[]" else tuple(json.loads(raw))


def _idea_rows(conn: Connection, meeting_id: str, among: Collection[str] | None) -> list[Any]:
    """The rows, with the author's name; ``among``: those ideas and, level by level, the
    originals their ``merged_from`` names that are still merged into them (primary-key lookups
    only: a change on a wall of 5,000 ideas reads a handful of rows)."""
    query = (
        select(*_COLUMNS, participants_table.c.first_name, participants_table.c.last_name)
        .outerjoin(
            participants_table,
            (participants_table.c.id == ideas_table.c.author_id)
            & (participants_table.c.meeting_id == meeting_id),
        )
        .where(ideas_table.c.meeting_id == meeting_id, ideas_table.c.removed.is_(False))
    )
    if among is None:
        return list(
            conn.execute(query.order_by(ideas_table.c.captured_hlc, ideas_table.c.id)).all()
        )
    found: dict[str, Any] = {}
    parents: dict[str, str | None] = dict.fromkeys(among)
    while parents:
        rows = conn.execute(query.where(ideas_table.c.id.in_(sorted(parents)))).all()
        fresh = {}
        for row in rows:
            if row.id in found or (parents[row.id] not in (None, row.merged_into)):
                continue
            found[row.id] = row
            fresh.update(dict.fromkeys(_json_list(row.merged_from), row.id))
        parents = {child: parent for child, parent in fresh.items() if child not in found}
    return sorted(found.values(), key=lambda row: (row.captured_hlc, row.id))


def read_ideas(
    conn: Connection, meeting_id: str, among: Collection[str] | None = None
) -> list[IdeaView]:
    """Every idea of the meeting (withdrawn and merged ones too), supports of merges summed;
    ``among``: only those ideas (what a change touched), read with the originals they hold."""
    rows = _idea_rows(conn, meeting_id, among)
    own = {row.id: row.supports for row in rows}
    children: dict[str, list[str]] = {}
    for row in rows:
        if row.merged_into is not None:
            children.setdefault(row.merged_into, []).append(row.id)

    def total(idea_id: str, seen: frozenset[str] = frozenset()) -> int:
        return int(own.get(idea_id, 0)) + sum(
            total(child, seen | {idea_id})
            for child in children.get(idea_id, [])
            if child not in seen
        )

    ideas = []
    for (
        idea_id,
        text,
        source,
        agenda_item_id,
        question_id,
        author_id,
        tags,
        colour,
        cluster_id,
        cluster_position,
        merged_into,
        merged_from,
        withdrawn,
        supports,
        version,
        _hlc,
        first_name,
        last_name,
    ) in rows:  # fmt: skip  (unpacked: 5,000 rows read in a third of the time of row.name)
        ideas.append(
            IdeaView(
                idea_id,
                text,
                _SOURCES[source],
                agenda_item_id,
                question_id,
                author_id,
                display_name(first_name, last_name) if author_id else None,
                _json_list(tags),
                colour,
                cluster_id,
                cluster_position,
                merged_into,
                _json_list(merged_from),
                withdrawn,
                total(idea_id) if idea_id in children else supports,
                supports,
                version,
            )
        )
    return ideas


def read_present_people(conn: Connection, meeting_id: str) -> list[tuple[str, str]]:
    """(participant id, full name) of everyone checked in now: who may author an idea."""
    rows = conn.execute(
        select(
            participants_table.c.id, participants_table.c.first_name, participants_table.c.last_name
        )
        .join(attendance_table, attendance_table.c.participant_id == participants_table.c.id)
        .where(
            attendance_table.c.meeting_id == meeting_id,
            attendance_table.c.present.is_(True),
            participants_table.c.removed.is_(False),
        )
    ).all()
    people = [
        (row.id, " ".join(part for part in (row.first_name, row.last_name) if part)) for row in rows
    ]
    return sorted((p for p in people if p[1]), key=lambda person: (person[1].casefold(), person[0]))


def read_clusters(conn: Connection, meeting_id: str) -> list[ClusterView]:
    rows = conn.execute(
        select(clusters_table)
        .where(clusters_table.c.meeting_id == meeting_id, clusters_table.c.removed.is_(False))
        .order_by(clusters_table.c.position, clusters_table.c.id)
    ).all()
    return [ClusterView(row.id, row.name, row.position, row.agenda_item_id) for row in rows]


class IdeaMatcher:
    """Applies an ``IdeaFilter``; folds each idea's text once and reuses it for later filters.

    The filter's own words are folded once per filter, not once per idea: a keystroke in the
    search box tests 5,000 ideas in a few milliseconds.
    """

    def __init__(self) -> None:
        self._folded: dict[tuple[str, str], str] = {}
        self._words: tuple[str, list[str]] = ("", [])

    def folded(self, idea: IdeaView) -> str:
        key = (idea.id, idea.version)
        if key not in self._folded:
            self._folded[key] = fold_for_search(" ".join((idea.text, *idea.tags)))
        return self._folded[key]

    def words(self, text: str) -> list[str]:
        if self._words[0] != text:
            self._words = (text, fold_for_search(text).split())
        return self._words[1]

    def matches(self, idea: IdeaView, wanted: IdeaFilter) -> bool:
        if idea.withdrawn and not wanted.include_withdrawn:
            return False
        if idea.merged_into is not None and not wanted.include_merged:
            return False
        if wanted.agenda_item_id is not None and idea.agenda_item_id != wanted.agenda_item_id:
            return False
        if wanted.cluster_id is not None and idea.cluster_id != wanted.cluster_id:
            return False
        if wanted.author_id is not None and idea.author_id != wanted.author_id:
            return False
        if wanted.tag is not None and wanted.tag.casefold() not in {
            tag.casefold() for tag in idea.tags
        }:
            return False
        words = self.words(wanted.text)
        if not words:
            return True
        folded = self.folded(idea)
        return all(word in folded for word in words)

    def select(self, ideas: Sequence[IdeaView], wanted: IdeaFilter) -> list[IdeaView]:
        return [idea for idea in ideas if self.matches(idea, wanted)]


def build_wall(
    ideas: Sequence[IdeaView], clusters: Sequence[ClusterView], wanted: IdeaFilter
) -> IdeaWall:
    """The wall: clusters (of the item, when one is asked), matching ideas, and merged originals."""
    shown_clusters = tuple(
        cluster
        for cluster in clusters
        if wanted.agenda_item_id is None or cluster.agenda_item_id in (None, wanted.agenda_item_id)
    )
    originals: dict[str, list[IdeaView]] = {}
    for idea in ideas:
        if idea.merged_into is not None:
            originals.setdefault(idea.merged_into, []).append(idea)
    return IdeaWall(
        clusters=shown_clusters,
        ideas=tuple(IdeaMatcher().select(ideas, wanted)),
        originals={key: tuple(value) for key, value in originals.items()},
    )


def read_history(conn: Connection, meeting_id: str, idea_id: str) -> list[IdeaEditEntry]:
    """Every edit of the idea, oldest first, with the device time of each."""
    rows = conn.execute(
        select(
            edits_table.c.event_id,
            edits_table.c.changes,
            events_table.c.device_time_ms,
            events_table.c.device_id,
        )
        .join(events_table, events_table.c.event_id == edits_table.c.event_id)
        .where(
            edits_table.c.meeting_id == meeting_id,
            edits_table.c.entity_type == "idea",
            edits_table.c.entity_id == idea_id,
        )
        .order_by(events_table.c.hlc, events_table.c.device_id)
    ).all()
    return [
        IdeaEditEntry(row.event_id, row.device_time_ms, row.device_id, json.loads(row.changes))
        for row in rows
    ]
