"""Two desks edit one idea offline: both versions are kept, flagged, and the desks converge."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from civodesk.features import registry
from civodesk.ideas.idea import IdeaFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    a = open_desk(tmp_path / "a.db", "desk-a")
    b = open_desk(tmp_path / "b.db", "desk-b", start_ms=1_764_150_000_000 - 3_600_000)
    yield a, b
    a.close()
    b.close()


def test_concurrent_edits_of_one_idea_keep_both_versions(desks: tuple[Desk, Desk]) -> None:
    a, b = desks
    meeting = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    (idea,) = a.services.ideas.capture(meeting, IdeaFields("Des bancs")).created_ids
    send(a, b)
    a.clock.advance(1_000)
    a.services.ideas.edit_idea(meeting, idea, {"text": "Des bancs à l'ombre"})
    b.services.ideas.edit_idea(meeting, idea, {"text": "Des bancs en bois"})
    # Supports given on both desks while offline both count.
    a.services.ideas.support(meeting, idea)
    b.services.ideas.support(meeting, idea)
    send(a, b)
    send(b, a)
    for desk in (a, b):
        (conflict,) = desk.services.conflicts.list_conflicts(meeting)
        assert (conflict.entity_type, conflict.entity_id, conflict.field) == ("idea", idea, "text")
        assert {conflict.kept_value, conflict.other_value} == {
            "Des bancs à l'ombre",
            "Des bancs en bois",
        }
        (shown,) = desk.services.ideas.list_ideas(meeting)
        assert shown.text == conflict.kept_value
        assert shown.supports == 2
    with a.database.read() as conn_a, b.database.read() as conn_b:
        assert dump_tables(conn_a, registry) == dump_tables(conn_b, registry)
