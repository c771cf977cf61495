"""A meeting's open data from its record: the same tables as JSON or as CSV files.

CSV files are UTF-8 with a byte-order mark and ``;`` separators (what Excel and LibreOffice open
as they are in France), one per table, cells neutralised against formulas. Without names, the
participants table gives counts by commune, neighbourhood and age bracket instead of people.
Every file is written atomically: a failure leaves no half-written table.
"""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from civodesk.csv_export import write_csv
from civodesk.documents.output import write_atomically
from civodesk.minutes.record import BREAKDOWN_FIELDS, MeetingRecord

SCHEMA_VERSION = 1
CSV_ENCODING = "utf-8-sig"


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]


def tables(record: MeetingRecord, with_names: bool = True) -> list[Table]:
    return [
        _participants(record) if with_names else _attendance_counts(record),
        _ideas(record),
        _clusters(record),
        Table(
            "votes",
            (
                "vote_number",
                "agenda_item_id",
                "question",
                "method",
                "secret",
                "ballots",
                "valid",
                "blank",
                "spoiled",
            ),
            tuple(
                (
                    number,
                    vote.agenda_item_id or "",
                    vote.question,
                    vote.result.method,
                    vote.secret,
                    vote.result.tally.ballots,
                    vote.result.tally.valid,
                    vote.result.tally.blank,
                    vote.result.tally.spoiled,
                )
                for number, vote in enumerate(record.votes, start=1)
                if vote.result is not None  # a vote not closed has no result to publish
            ),
        ),
        Table(
            "results",
            ("vote_number", "option_id", "label", "rank", "figures"),
            tuple(
                (
                    number,
                    option,
                    vote.result.labels[option],
                    _rank(vote.result.ranking, option),
                    json.dumps(
                        vote.result.to_dict()["figures"].get(option, {}),
                        ensure_ascii=False,
                        sort_keys=True,
                    ),
                )
                for number, vote in enumerate(record.votes, start=1)
                if vote.result is not None
                for option in vote.result.options
            ),
        ),
        _decisions(record, with_names),
    ]


def _rank(ranking: Sequence[Sequence[str]], option: str) -> int | None:
    for number, tier in enumerate(ranking, start=1):
        if option in tier:
            return number
    return None


def _ideas(record: MeetingRecord) -> Table:
    """Published ideas, each followed by the duplicates merged into it (``merged_into`` set);
    withdrawn ideas are not published, nor are authors (an opinion tied to a name)."""
    rows: list[tuple[Any, ...]] = []
    for idea in record.ideas:
        common = (idea.agenda_item_id or "", idea.cluster_id or "", idea.source)
        rows.append((idea.id, *common, idea.text, idea.supports, ""))
        rows += [
            (original.id, *common, original.text, original.supports, idea.id)
            for original in idea.originals
        ]
    return Table(
        "ideas",
        (
            "idea_id",
            "agenda_item_id",
            "cluster_id",
            "source",
            "text",
            "supports",
            "merged_into",
        ),
        tuple(rows),
    )


def _clusters(record: MeetingRecord) -> Table:
    """Each cluster holding published ideas: how many, and their supports added up."""
    rows = []
    for cluster in record.clusters:
        members = [idea for idea in record.ideas if idea.cluster_id == cluster.id]
        if members:
            rows.append(
                (
                    cluster.id,
                    cluster.agenda_item_id or "",
                    cluster.title,
                    len(members),
                    sum(idea.supports for idea in members),
                )
            )
    return Table(
        "clusters", ("cluster_id", "agenda_item_id", "title", "ideas", "supports"), tuple(rows)
    )


def _decisions(record: MeetingRecord, with_names: bool) -> Table:
    """The relevé de décisions; without names, the owners of actions are left empty."""
    return Table(
        "decisions",
        ("decision_id", "agenda_item_id", "kind", "text", "owner", "due"),
        tuple(
            (
                d.id,
                d.agenda_item_id or "",
                d.kind,
                d.text,
                d.owner if with_names else "",
                d.due.isoformat() if d.due else "",
            )
            for d in record.decisions
        ),
    )


def _participants(record: MeetingRecord) -> Table:
    return Table(
        "participants",
        ("last_name", "first_name", "commune", "neighbourhood", "age_bracket", "arrived_at"),
        tuple(
            (
                p.last_name,
                p.first_name,
                p.commune,
                p.neighbourhood,
                p.age_bracket,
                p.arrived_at.isoformat(),
            )
            for p in record.attendees
        ),
    )


def _attendance_counts(record: MeetingRecord) -> Table:
    rows: list[tuple[Any, ...]] = [("total", "", len(record.attendees))]
    for name in BREAKDOWN_FIELDS:
        rows += [(name, value, count) for value, count in record.breakdown(name)]
    return Table("participants", ("breakdown", "value", "present"), tuple(rows))


def meeting_document(record: MeetingRecord, with_names: bool = True) -> dict[str, Any]:
    """The JSON export: the meeting, its agenda, attendance figures and every table."""
    return {
        "schema_version": SCHEMA_VERSION,
        "meeting": {
            "id": record.meeting_id,
            "title": record.title,
            "organization": record.organization,
            "place": record.place,
            "starts_at": record.starts_at.isoformat(),
            "ends_at": record.ends_at.isoformat(),
            "status": record.status.value,
            "facilitators": list(record.facilitators),
            "president": record.president,
            "secretaries": list(record.secretaries),
            "quorum_percent": record.quorum_percent,
            "journal_fingerprint": record.fingerprint,
            "journal_events": record.event_count,
            "last_event_at": record.recorded_at.isoformat(),
        },
        "agenda": [
            {
                "id": item.id,
                "position": number,
                "title": item.title,
                "duration_minutes": item.duration_minutes,
            }
            for number, item in enumerate(record.agenda, start=1)
        ],
        "attendance": {
            "registered": record.registered,
            "present": len(record.attendees),
            "represented": record.represented,
            "proxies": len(record.proxies),
        },
        "tables": {
            table.name: [dict(zip(table.columns, row, strict=True)) for row in table.rows]
            for table in tables(record, with_names)
        },
    }


def csv_text(table: Table) -> str:
    """The table as ``;``-separated CSV, through the product's formula-safe writer."""
    buffer = io.StringIO()
    write_csv(buffer, table.columns, ([_csv_value(value) for value in row] for row in table.rows))
    return buffer.getvalue()


def _csv_value(value: Any) -> object:
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def export_meeting(
    record: MeetingRecord, folder: Path, file_format: str = "csv", with_names: bool = True
) -> list[Path]:
    """Write the export into ``folder`` (created if needed); returns the files written."""
    folder.mkdir(parents=True, exist_ok=True)
    if file_format == "json":
        path = folder / "meeting.json"
        text = json.dumps(
            meeting_document(record, with_names), ensure_ascii=False, indent=2, sort_keys=True
        )
        write_atomically(path, lambda stream: stream.write((text + "\n").encode("utf-8")))
        return [path]
    written = []
    for table in tables(record, with_names):
        path = folder / f"{table.name}.csv"
        data = csv_text(table).encode(CSV_ENCODING)
        write_atomically(path, lambda stream, data=data: stream.write(data))  # type: ignore[misc]
        written.append(path)
    return written
