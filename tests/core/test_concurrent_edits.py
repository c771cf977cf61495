"""Two desks edit the same meeting offline, then exchange events: they converge, nothing is lost."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from civodesk.conflicts.service import ConflictView
from civodesk.features import registry
from civodesk.journal.store import IngestStatus
from civodesk.meetings.meeting import AgendaItemFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields

DAY_MS = 24 * 3600 * 1000

Exchange = Callable[[Desk, Desk], None]


def _a_then_b(a: Desk, b: Desk) -> None:
    send(a, b)
    send(b, a)


def _b_then_a(a: Desk, b: Desk) -> None:
    send(b, a)
    send(a, b)


def _one_event_at_a_time_reversed(a: Desk, b: Desk) -> None:
    """Each event in its own batch, newest first where the stream allows (gaps are retried)."""
    for source, target in ((a, b), (b, a)):
        pending = list(reversed(source.events()))
        while pending:
            outcomes = [target.ingest([event])[0] for event in pending]
            pending = [
                event
                for event, outcome in zip(pending, outcomes, strict=True)
                if outcome.status is IngestStatus.REJECTED
            ]


EXCHANGES = [
    pytest.param(_a_then_b, id="a-to-b-first"),
    pytest.param(_b_then_a, id="b-to-a-first"),
    pytest.param(_one_event_at_a_time_reversed, id="one-by-one-reversed"),
]


@pytest.fixture
def desks(tmp_path: Path) -> Iterator[tuple[Desk, Desk]]:
    a = open_desk(tmp_path / "a.db", "desk-a")
    b = open_desk(tmp_path / "b.db", "desk-b", start_ms=1_764_150_000_000 - 2 * DAY_MS)
    yield a, b
    a.close()
    b.close()


@pytest.fixture
def shared_meeting(desks: tuple[Desk, Desk]) -> str:
    """A meeting made on desk a and copied to desk b before both go offline."""
    a, b = desks
    meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    send(a, b)
    return meeting_id


def _snapshots_equal(a: Desk, b: Desk) -> None:
    with a.database.read() as conn_a, b.database.read() as conn_b:
        assert dump_tables(conn_a, registry) == dump_tables(conn_b, registry)


def _expected_winner(a: Desk, b: Desk, value_a: str, value_b: str) -> str:
    """The deterministic rule: the later stamp (HLC, then device id) wins."""
    # Each desk's own newest event: an edit is stamped just after the version it was based on,
    # which may sort before other events of the desk it came from (a clock behind).
    last_a = max((e for e in a.events() if e.device_id == a.device_id), key=lambda e: e.hlc)
    last_b = max((e for e in b.events() if e.device_id == b.device_id), key=lambda e: e.hlc)
    return value_a if last_a.stamp > last_b.stamp else value_b


def _single_conflict(desk: Desk, meeting_id: str) -> ConflictView:
    conflicts = desk.services.conflicts.list_conflicts(meeting_id)
    assert len(conflicts) == 1, conflicts
    return conflicts[0]


@pytest.mark.parametrize("exchange", EXCHANGES)
def test_concurrent_title_edits_converge_and_are_recorded_as_a_conflict(
    desks: tuple[Desk, Desk], shared_meeting: str, exchange: Exchange
) -> None:
    a, b = desks
    a.clock.advance(60_000)
    b.clock.advance(60_000)
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Titre du desk A"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Titre du desk B"))
    winner = _expected_winner(a, b, "Titre du desk A", "Titre du desk B")
    loser = ({"Titre du desk A", "Titre du desk B"} - {winner}).pop()
    # b's clock is two days behind, so a's edit has the later stamp.
    assert winner == "Titre du desk A"

    exchange(a, b)

    for desk in (a, b):
        assert desk.services.meetings.get_meeting(shared_meeting).fields.title == winner
        conflict = _single_conflict(desk, shared_meeting)
        assert conflict.entity_type == "meeting"
        assert conflict.entity_id == shared_meeting
        assert conflict.field == "title"
        assert conflict.kept_value == winner
        assert conflict.other_value == loser
        assert not conflict.resolved
        titles = [
            e.payload["changes"]["title"]
            for e in desk.events(shared_meeting)
            if e.type == "meeting.edited"
        ]
        assert sorted(titles) == sorted([winner, loser])
    assert a.event_ids() == b.event_ids()
    assert _single_conflict(a, shared_meeting).id == _single_conflict(b, shared_meeting).id
    _snapshots_equal(a, b)


@pytest.mark.parametrize("exchange", EXCHANGES)
def test_equal_hlc_is_broken_by_device_id(
    desks: tuple[Desk, Desk], shared_meeting: str, exchange: Exchange
) -> None:
    """Same clock value on both desks: the device id decides, identically everywhere."""
    a, b = desks
    # b's first event in the meeting also writes device.joined; get that out of the way.
    b.services.meetings.add_agenda_item(shared_meeting, AgendaItemFields("Questions", 15))
    b.clock.value_ms = a.clock.value_ms = a.clock.value_ms + 3_600_000
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(place="Mairie"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(place="Gymnase"))
    hlc_a, hlc_b = a.events()[-1].hlc, b.events()[-1].hlc
    assert hlc_a == hlc_b
    expected = "Mairie" if a.device_id > b.device_id else "Gymnase"

    exchange(a, b)

    for desk in (a, b):
        assert desk.services.meetings.get_meeting(shared_meeting).fields.place == expected
        assert _single_conflict(desk, shared_meeting).kept_value == expected
    _snapshots_equal(a, b)


@pytest.mark.parametrize("exchange", EXCHANGES)
def test_concurrent_agenda_item_edits_converge(
    desks: tuple[Desk, Desk], shared_meeting: str, exchange: Exchange
) -> None:
    a, b = desks
    item = a.services.meetings.get_meeting(shared_meeting).agenda[1]
    b.clock.advance(3 * DAY_MS)  # now b is a day ahead: b wins this time
    a.services.meetings.update_agenda_item(
        shared_meeting, item.id, AgendaItemFields("Diagnostic (A)", 30)
    )
    b.services.meetings.update_agenda_item(
        shared_meeting, item.id, AgendaItemFields("Diagnostic (B)", 40)
    )
    winner_title = _expected_winner(a, b, "Diagnostic (A)", "Diagnostic (B)")
    assert winner_title == "Diagnostic (B)"

    exchange(a, b)

    for desk in (a, b):
        merged = desk.services.meetings.get_meeting(shared_meeting).agenda[1]
        assert merged.id == item.id
        assert (merged.title, merged.duration_minutes) == ("Diagnostic (B)", 40)
        conflicts = desk.services.conflicts.list_conflicts(shared_meeting)
        # Only the title clashed: a kept the duration (30), so b's 40 is not a conflict.
        assert [(c.entity_type, c.entity_id, c.field) for c in conflicts] == [
            ("agenda_item", item.id, "title")
        ]
        assert (conflicts[0].kept_value, conflicts[0].other_value) == (
            "Diagnostic (B)",
            "Diagnostic (A)",
        )
    _snapshots_equal(a, b)


@pytest.mark.parametrize("exchange", EXCHANGES)
def test_edits_of_different_fields_merge_without_conflict(
    desks: tuple[Desk, Desk], shared_meeting: str, exchange: Exchange
) -> None:
    a, b = desks
    item = a.services.meetings.get_meeting(shared_meeting).agenda[0]
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Titre revu par A"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(place="Préau de l'école"))
    a.services.meetings.update_agenda_item(
        shared_meeting, item.id, AgendaItemFields(item.title, 15)
    )
    b.services.meetings.move_agenda_item(shared_meeting, item.id, 2)

    exchange(a, b)

    for desk in (a, b):
        details = desk.services.meetings.get_meeting(shared_meeting)
        assert details.fields.title == "Titre revu par A"
        assert details.fields.place == "Préau de l'école"
        assert [i.title for i in details.agenda] == [
            "Diagnostic partagé",
            "Ateliers en petits groupes",
            "Accueil et présentation",
        ]
        assert details.agenda[2].duration_minutes == 15
        assert desk.services.conflicts.list_conflicts(shared_meeting) == []
    _snapshots_equal(a, b)


@pytest.mark.parametrize("exchange", EXCHANGES)
def test_same_value_set_concurrently_is_not_a_conflict(
    desks: tuple[Desk, Desk], shared_meeting: str, exchange: Exchange
) -> None:
    a, b = desks
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Même titre"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Même titre"))
    exchange(a, b)
    for desk in (a, b):
        assert desk.services.meetings.get_meeting(shared_meeting).fields.title == "Même titre"
        assert desk.services.conflicts.list_conflicts(shared_meeting) == []
    _snapshots_equal(a, b)


def test_sequential_edits_on_two_desks_are_not_conflicts(
    desks: tuple[Desk, Desk], shared_meeting: str
) -> None:
    """b edits after seeing a's edit (even with a clock two days behind): no conflict, b wins."""
    a, b = desks
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Premier titre"))
    send(a, b)
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Deuxième titre"))
    send(b, a)
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Troisième titre"))
    send(a, b)
    for desk in (a, b):
        assert desk.services.meetings.get_meeting(shared_meeting).fields.title == "Troisième titre"
        assert desk.services.conflicts.list_conflicts(shared_meeting, include_resolved=True) == []
    _snapshots_equal(a, b)


def test_stale_base_version_from_the_same_desk_is_a_conflict(
    desks: tuple[Desk, Desk], shared_meeting: str
) -> None:
    """A dialog opened before a sync, saved after it: its base is stale, so the clash is flagged."""
    a, b = desks
    opened_at = a.services.meetings.get_meeting(shared_meeting).version
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Changé sur B"))
    send(b, a)
    a.services.meetings.update_meeting(
        shared_meeting, meeting_fields(title="Saisi sur A"), base_version=opened_at
    )
    conflict = _single_conflict(a, shared_meeting)
    assert conflict.kept_value == "Saisi sur A"  # a's save is causally later: it wins
    assert conflict.other_value == "Changé sur B"


def test_conflicts_with_a_missing_link_converge_once_the_link_arrives(
    tmp_path: Path,
) -> None:
    """c gets b's edit before the a-edit it was based on (different streams, different batches).

    While the link is missing, b's edit looks concurrent with a's first edit; once the link
    arrives, every desk must agree there was no conflict (the edits were sequential).
    """
    a, b, c = (open_desk(tmp_path / f"{name}.db", name) for name in ("a", "b", "c"))
    try:
        meeting_id = a.services.meetings.create_meeting(meeting_fields()).meeting_id
        a.services.meetings.update_meeting(meeting_id, meeting_fields(title="A1"))
        send(a, b)
        send(a, c)
        a.services.meetings.update_meeting(meeting_id, meeting_fields(place="Lieu A2"))
        send(a, b)
        b.services.meetings.update_meeting(meeting_id, meeting_fields(title="B1", place="Lieu A2"))
        # c gets b's own stream (A1 and B1), not the A2 edit B1 was based on.
        c.ingest([e for e in b.events() if e.device_id == b.device_id])
        assert len(c.services.conflicts.list_conflicts(meeting_id)) == 1
        send(a, c)
        for desk in (a, b, c):
            send(desk, a)
            send(desk, b)
        for desk in (a, b, c):
            details = desk.services.meetings.get_meeting(meeting_id)
            assert (details.fields.title, details.fields.place) == ("B1", "Lieu A2")
            assert desk.services.conflicts.list_conflicts(meeting_id, include_resolved=True) == []
        _snapshots_equal(a, c)
        _snapshots_equal(b, c)
    finally:
        for desk in (a, b, c):
            desk.close()


def test_list_conflicts_and_mark_reviewed(desks: tuple[Desk, Desk], shared_meeting: str) -> None:
    a, b = desks
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Titre A"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="Titre B"))
    _a_then_b(a, b)
    conflict = _single_conflict(a, shared_meeting)

    change = a.services.conflicts.mark_reviewed(shared_meeting, conflict.id)
    assert change.topics == frozenset({"conflicts"})
    assert change.event_count == 1
    assert a.services.conflicts.list_conflicts(shared_meeting) == []
    [reviewed] = a.services.conflicts.list_conflicts(shared_meeting, include_resolved=True)
    assert reviewed.id == conflict.id
    assert reviewed.resolved
    # The review is an event: it reaches the other desk and survives a rebuild.
    assert a.events()[-1].type == "conflict.reviewed"
    send(a, b)
    assert b.services.conflicts.list_conflicts(shared_meeting) == []
    b.services.journal_tools.rebuild()
    assert b.services.conflicts.list_conflicts(shared_meeting) == []
    assert b.services.conflicts.list_conflicts(shared_meeting, include_resolved=True)[0].resolved
    # Other meetings are not mixed in.
    assert b.services.conflicts.list_conflicts("0193a000-0000-7000-8000-00000000dead") == []


def test_reviewing_an_unknown_conflict_is_refused(
    desks: tuple[Desk, Desk], shared_meeting: str
) -> None:
    a, _b = desks
    before = len(a.events())
    with pytest.raises(LookupError):
        a.services.conflicts.mark_reviewed(shared_meeting, "0" * 64)
    assert len(a.events()) == before


def test_rebuild_gives_the_same_tables_after_concurrent_edits(
    desks: tuple[Desk, Desk], shared_meeting: str
) -> None:
    a, b = desks
    item = a.services.meetings.get_meeting(shared_meeting).agenda[0]
    a.services.meetings.update_meeting(shared_meeting, meeting_fields(title="A"))
    b.services.meetings.update_meeting(shared_meeting, meeting_fields(title="B"))
    a.services.meetings.remove_agenda_item(shared_meeting, item.id)
    b.services.meetings.update_agenda_item(shared_meeting, item.id, AgendaItemFields("X", 5))
    _b_then_a(a, b)
    for desk in (a, b):
        with desk.database.read() as conn:
            live = dump_tables(conn)
        desk.services.journal_tools.rebuild()
        with desk.database.read() as conn:
            assert dump_tables(conn) == live
    _snapshots_equal(a, b)


def test_an_edit_that_arrives_before_the_creation_counts_once_it_is_there(
    tmp_path: Path,
) -> None:
    """c gets b's stream (an edit) before a's (the creation): same tables as in-order delivery."""
    a, b, c = (open_desk(tmp_path / f"{name}.db", name) for name in ("a", "b", "c"))
    try:
        meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
        send(a, b)
        b.clock.advance(5_000)
        item = b.services.meetings.get_meeting(meeting_id).agenda[0]
        b.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre de B"))
        b.services.meetings.update_agenda_item(
            meeting_id, item.id, AgendaItemFields("Point revu par B", 12)
        )
        b.services.meetings.open_meeting(meeting_id)
        outcomes = c.ingest([e for e in b.events() if e.device_id == b.device_id])
        assert {o.status for o in outcomes} == {IngestStatus.ACCEPTED}
        send(a, c)
        send(b, a)
        for desk in (a, c):
            details = desk.services.meetings.get_meeting(meeting_id)
            assert details.fields.title == "Titre de B"
            assert details.agenda[0].title == "Point revu par B"
        assert c.services.meetings.most_recent_meeting_id() == meeting_id
        _snapshots_equal(a, c)
        _snapshots_equal(b, c)
    finally:
        for desk in (a, b, c):
            desk.close()
