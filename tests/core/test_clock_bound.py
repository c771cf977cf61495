"""Wrong clocks at the desks (issue 8): the hybrid clock's bound, the skew it records, and times
corrected by each desk's journaled offset."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import event, update

from civodesk.clock import ManualClock
from civodesk.db import migrate
from civodesk.db.schema import table_of
from civodesk.facilitation.agenda_run import RunState, read_timer
from civodesk.facilitation.tables import AgendaRun
from civodesk.facilitation.timer_runs import AGENDA_ITEM_PAUSED, AGENDA_ITEM_STARTED
from civodesk.journal.clock_offset import (
    CLOCK_OFFSET,
    WARN_MS,
    clock_report,
    note_server_offset,
    ntp_offset,
)
from civodesk.journal.hlc import MAX_AHEAD_MS, HybridLogicalClock, pack, wall_ms
from civodesk.meetings.meeting import AgendaItemFields
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import meeting_fields

DAY = 86_400_000
HOUR = 3_600_000
MINUTE = 60_000
NOW = 1_764_150_000_000


def _people(desk: Desk, meeting_id: str, *names: str) -> list[str]:
    desk.services.participants.register_many(
        meeting_id, [ParticipantFields(name, "Test") for name in names]
    )
    return [
        p.id
        for p in sorted(
            desk.services.participants.list_participants(meeting_id), key=lambda p: p.first_name
        )
    ]


def _agenda_meeting(desk: Desk, *titles: str) -> tuple[str, list[str]]:
    """A meeting created on ``desk`` with an agenda of ``titles``: its id and its items' ids."""
    agenda = [AgendaItemFields(title, 30) for title in titles]
    meeting_id = desk.services.meetings.create_meeting(meeting_fields(), agenda).meeting_id
    return meeting_id, [item.item_id for item in desk.services.facilitation.board(meeting_id).items]


def test_the_clock_follows_a_remote_stamp_only_up_to_its_bound() -> None:
    clock = ManualClock(NOW)
    hlc = HybridLogicalClock(clock)
    hlc.observe(pack(NOW + 60_000, 7))  # within the bound: followed exactly
    assert hlc.tick() == pack(NOW + 60_000, 8)
    hlc.observe(pack(NOW + 3 * DAY, 0))  # three days ahead: clamped
    assert hlc.tick() == pack(NOW + MAX_AHEAD_MS, 1)


def test_a_desk_three_days_ahead_no_longer_drags_the_others(tmp_path: Path) -> None:
    ahead = open_desk(tmp_path / "ahead.db", "Entrée", NOW + 3 * DAY)
    on_time = open_desk(tmp_path / "on-time.db", "Accueil", NOW)
    meeting_id = on_time.services.meetings.create_meeting(meeting_fields()).meeting_id
    send(on_time, ahead)
    _people(ahead, meeting_id, "Avance")
    assert all(outcome.status == "accepted" for outcome in send(ahead, on_time)[-2:])

    on_time.clock.advance(1_000)
    _people(on_time, meeting_id, "Ponctuel")
    mine = max(
        (e for e in on_time.events(meeting_id) if e.device_id == on_time.device_id),
        key=lambda e: e.hlc,
    )
    assert mine.type == "participant.registered"
    assert wall_ms(mine.hlc) <= NOW + 1_000 + MAX_AHEAD_MS  # not 72 h ahead
    # ...and the skew is recorded, for the Sync page and the warning.
    with on_time.database.read() as conn:
        report = clock_report(conn, on_time.device_id)
    (seen,) = report.devices
    assert seen.label == "Entrée"
    assert seen.source == "events"
    assert 3 * DAY - 60_000 < seen.ahead_ms <= 3 * DAY
    assert any("« Entrée » a 3 j d'avance" in text for text in report.warnings())


def test_the_ntp_offset_is_taken_at_the_midpoint_of_the_round_trip() -> None:
    # Sent at 1000, answered at 1600 by a server reading 5300 when it answered half-way.
    assert ntp_offset(1_000, 1_600, 5_300) == (4_000, 600)


def test_presence_at_ten_is_corrected_by_the_fast_desks_offset(tmp_path: Path) -> None:
    """The issue's case: one desk's clock a day fast, "who was present at 10:00" said nobody."""
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + DAY)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    meeting_id = other.services.meetings.create_meeting(meeting_fields()).meeting_id
    first, second = _people(other, meeting_id, "Alice", "Bruno")
    send(other, fast)
    fast.services.checkin.check_in(meeting_id, first)
    fast.clock.advance(60_000)
    fast.services.checkin.check_in(meeting_id, second)
    ten = NOW + 30 * 60_000
    # The fast desk syncs after the meeting: the server says its clock is a day ahead.
    fast.clock.advance(2 * HOUR)
    with fast.database.write() as conn:
        sent = fast.clock.now_ms()
        offset, rtt = ntp_offset(sent, sent + 400, sent - DAY + 200)
        assert note_server_offset(conn, fast.services.journal, offset, rtt) == [meeting_id]
        # Measured again, unchanged: nothing more to journal.
        assert note_server_offset(conn, fast.services.journal, offset + 1_000, rtt) == []
    send(fast, other)
    for desk in (fast, other):
        shown = {p.display_name for p in desk.services.checkin.present_at(meeting_id, ten)}
        assert shown == {"Alice Test", "Bruno Test"}
        assert desk.services.checkin.present_at(meeting_id, NOW - 60_000) == []
    journaled = [e for e in other.events(meeting_id) if e.type == CLOCK_OFFSET]
    assert [e.payload for e in journaled] == [{"offset_ms": -DAY, "rtt_ms": 400}]
    with fast.database.read() as conn:
        report = clock_report(conn, fast.device_id)
    assert report.server_offset_ms == -DAY + 1_000  # the latest measure
    assert report.warnings()[0].startswith(
        "L'horloge de ce poste a 23 h 59 min d'avance sur le serveur."
    )
    with other.database.read() as conn:
        assert abs(clock_report(conn, other.device_id).server_offset_ms or 0) <= WARN_MS


def test_a_fast_clock_no_longer_wins_concurrent_edits(tmp_path: Path) -> None:
    """Two desks rename the meeting while apart; the on-time desk renames it an hour later in
    true time, but the other desk's clock runs a day fast. Once that desk knows its offset, the
    later rename wins on both desks, and the pair is kept as a conflict for review."""
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + DAY)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    meeting_id = other.services.meetings.create_meeting(meeting_fields()).meeting_id
    send(other, fast)
    _people(fast, meeting_id, "Alice")  # the fast desk's stream in this meeting
    with fast.database.write() as conn:
        sent = fast.clock.now_ms()
        offset, rtt = ntp_offset(sent, sent, sent - DAY)
        note_server_offset(conn, fast.services.journal, offset, rtt)
    fast.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre de l'entrée"))
    other.clock.advance(HOUR)
    other.services.meetings.update_meeting(meeting_id, meeting_fields(title="Titre de l'accueil"))
    send(fast, other)
    send(other, fast)
    for desk in (fast, other):
        assert desk.services.meetings.get_meeting(meeting_id).fields.title == "Titre de l'accueil"
        (conflict,) = desk.services.conflicts.list_conflicts(meeting_id)
        assert conflict.field == "title"


def test_events_of_a_desk_far_behind_count_in_one_batch_and_survive_a_rebuild(
    tmp_path: Path,
) -> None:
    """The meeting comes from a desk a day ahead; the desk on time, bounded, stamps its own events
    of that meeting before the meeting's creation. A third desk receiving everything at once
    (as the server receives a relayed package) and a rebuild must still apply them after what
    they name, the edit of the new agenda item included."""
    ahead = open_desk(tmp_path / "ahead.db", "Entrée", NOW + DAY)
    on_time = open_desk(tmp_path / "on-time.db", "Accueil", NOW)
    third = open_desk(tmp_path / "third.db", "Salle", NOW)
    meeting_id = ahead.services.meetings.create_meeting(meeting_fields()).meeting_id
    send(ahead, on_time)
    meetings = on_time.services.meetings
    meetings.add_agenda_item(meeting_id, AgendaItemFields("Nouveau point", 10))
    (item,) = meetings.get_meeting(meeting_id).agenda
    meetings.update_agenda_item(meeting_id, item.id, AgendaItemFields("Plan vélo", 15))
    _people(on_time, meeting_id, "Awa")
    creation = next(e for e in on_time.events(meeting_id) if e.type == "meeting.created")
    assert all(
        e.hlc < creation.hlc for e in on_time.events(meeting_id) if e.device_id == on_time.device_id
    ), "the bound puts the desk's own events before the meeting's creation"

    def agenda_and_people(desk: Desk) -> tuple[list[tuple[str, int]], list[str]]:
        details = desk.services.meetings.get_meeting(meeting_id)
        people = desk.services.participants.list_participants(meeting_id)
        return (
            [(i.title, i.duration_minutes) for i in details.agenda],
            [p.first_name for p in people],
        )

    expected = agenda_and_people(on_time)
    assert ("Plan vélo", 15) in expected[0]
    assert expected[1] == ["Awa"]
    on_time.services.journal_tools.rebuild()
    assert agenda_and_people(on_time) == expected

    mine = [e for e in on_time.events() if e.device_id == on_time.device_id]
    assert all(outcome.status == "accepted" for outcome in third.ingest(ahead.events() + mine))
    assert agenda_and_people(third) == expected
    third.services.journal_tools.rebuild()
    assert agenda_and_people(third) == expected


def test_a_timer_run_across_desks_counts_the_minutes_that_passed(tmp_path: Path) -> None:
    """The desk a day fast starts the item and the desk on time pauses it five minutes later:
    both desks count five minutes, and each reads the running timer right while it runs."""
    fast, other, meeting_id = _timer_across_desks(tmp_path)
    for desk in (fast, other):
        (item,) = desk.services.facilitation.board(meeting_id).items
        assert (item.state, item.elapsed_ms) == (RunState.PAUSED, 5 * MINUTE)


def test_a_timer_run_across_desks_survives_a_rebuild(tmp_path: Path) -> None:
    fast, _other, meeting_id = _timer_across_desks(tmp_path)
    fast.services.journal_tools.rebuild()
    (item,) = fast.services.facilitation.board(meeting_id).items
    assert (item.state, item.elapsed_ms) == (RunState.PAUSED, 5 * MINUTE)


def _timer_across_desks(tmp_path: Path) -> tuple[Desk, Desk, str]:
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + DAY)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    meeting_id, _items = _agenda_meeting(other, "Budget")
    send(other, fast)
    _people(fast, meeting_id, "Alice")  # the fast desk's stream in this meeting
    with fast.database.write() as conn:
        sent = fast.clock.now_ms()
        note_server_offset(conn, fast.services.journal, *ntp_offset(sent, sent, sent - DAY))
    fast.services.facilitation.start(meeting_id)
    send(fast, other)
    for desk in (fast, other):
        desk.clock.advance(3 * MINUTE)
    board = other.services.facilitation.board(meeting_id)
    running = board.current_item
    assert running is not None
    assert running.state == RunState.RUNNING
    seen = read_timer(running, other.clock.now_ms() + board.clock_offset_ms).elapsed_ms
    assert seen == 3 * MINUTE
    board = fast.services.facilitation.board(meeting_id)
    assert board.current_item is not None
    assert (
        read_timer(board.current_item, fast.clock.now_ms() + board.clock_offset_ms).elapsed_ms
        == 3 * MINUTE
    )
    for desk in (fast, other):
        desk.clock.advance(2 * MINUTE)
    other.services.facilitation.pause(meeting_id)
    send(other, fast)
    return fast, other, meeting_id


def test_a_pause_after_a_start_seen_from_a_fast_desk_without_offset_counts_everywhere(
    tmp_path: Path,
) -> None:
    """No desk knows its offset: the desk ten minutes fast starts the item and the desk on time
    pauses it two minutes later, after seeing the start. The pause's corrected time is before the
    start's, but it names the start as what it came after: the desks, a rebuild and a third desk
    given both in one batch all hold the item paused."""
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + 10 * MINUTE)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    third = open_desk(tmp_path / "third.db", "Salle", NOW)
    meeting_id, _items = _agenda_meeting(other, "Budget")
    send(other, fast)
    fast.services.facilitation.start(meeting_id)
    send(fast, other)
    other.clock.advance(2 * MINUTE)
    other.services.facilitation.pause(meeting_id)
    send(other, fast)
    third.ingest([*fast.events(), *other.events()])
    for desk in (fast, other, third):
        for _ in range(2):  # live, then rebuilt from the journal in clock order
            (item,) = desk.services.facilitation.board(meeting_id).items
            assert item.state == RunState.PAUSED
            desk.services.journal_tools.rebuild()


def test_a_database_from_before_the_timer_actions_gets_them_from_its_journal(
    tmp_path: Path,
) -> None:
    """Migration 0096 fills the actions from the journal at their corrected times, so the first
    action after the upgrade recomputes the runs the old handlers had left."""
    fast, _other, meeting_id = _timer_across_desks(tmp_path)
    with fast.database.read() as conn:
        before = dump_tables(conn)
    with fast.database.write() as conn:
        command.downgrade(migrate.alembic_config(conn), "0095")
        migrate.upgrade(conn)
    with fast.database.read() as conn:
        assert dump_tables(conn) == before
    fast.clock.advance(MINUTE)
    fast.services.facilitation.start(meeting_id)
    fast.clock.advance(MINUTE)
    fast.services.facilitation.pause(meeting_id)
    (item,) = fast.services.facilitation.board(meeting_id).items
    assert (item.state, item.elapsed_ms) == (RunState.PAUSED, 6 * MINUTE)


def test_a_journal_timed_before_ranks_is_recomputed_once_so_every_desk_equals_a_rebuild(
    tmp_path: Path,
) -> None:
    """Timer events written before ranks (no ``rank``), the pause stamped before the start it
    paused (a desk ten minutes fast, no offset). The old handlers left the item paused live and
    running once rebuilt. Migration 0096 recomputes the runs in the order a rebuild gives, so on
    every desk the tables equal a rebuild, and the desks agree."""
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + 10 * MINUTE)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    meeting_id, (item_id,) = _agenda_meeting(other, "Budget")
    send(other, fast)
    with fast.database.write() as conn:  # what the old code wrote: no rank
        fast.services.journal.append(conn, meeting_id, AGENDA_ITEM_STARTED, {"item_id": item_id})
    send(fast, other)
    other.clock.advance(2 * MINUTE)
    with other.database.write() as conn:
        other.services.journal.append(conn, meeting_id, AGENDA_ITEM_PAUSED, {"item_id": item_id})
    send(other, fast)
    runs = []
    for desk in (fast, other):
        with desk.database.write() as conn:
            command.downgrade(migrate.alembic_config(conn), "0095")
            conn.execute(  # the old handlers' live result, in arrival order
                update(table_of(AgendaRun)).values(state="paused", running_since_ms=None)
            )
            migrate.upgrade(conn)
        with desk.database.read() as conn:
            migrated = dump_tables(conn)
        desk.services.journal_tools.rebuild()
        with desk.database.read() as conn:
            assert dump_tables(conn) == migrated
        runs.append(migrated["agenda_runs"])
    assert runs[0] == runs[1]


def test_a_push_of_interleaved_agenda_actions_recomputes_the_live_agenda_once(
    tmp_path: Path,
) -> None:
    """Starts and pauses, each followed by a note (another event type), reach a desk in one
    batch, and a registration stamped before the meeting's creation (a desk a day behind) sends
    that batch down the one-at-a-time path: the meeting's runs are recomputed once in all, not
    once per action (a hostile push of thousands would otherwise take minutes)."""
    maker = open_desk(tmp_path / "maker.db", "Entrée", NOW)
    behind = open_desk(tmp_path / "behind.db", "Accueil", NOW - DAY)
    taker = open_desk(tmp_path / "taker.db", "Salle", NOW)
    meeting_id, (item_id,) = _agenda_meeting(maker, "Budget")
    send(maker, behind)
    _people(behind, meeting_id, "Retard")
    send(behind, maker)
    for turn in range(50):
        maker.clock.advance(1_000)
        maker.services.facilitation.start(meeting_id)
        maker.services.facilitation.set_notes(meeting_id, item_id, f"Tour {turn}")
        maker.services.facilitation.pause(meeting_id)
    recomputes = []

    def count(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.startswith("DELETE FROM agenda_runs"):
            recomputes.append(statement)

    event.listen(taker.database.engine, "before_cursor_execute", count)
    taker.ingest([*behind.events(), *maker.events()])
    assert len(recomputes) == 1
    assert taker.services.facilitation.board(meeting_id) == maker.services.facilitation.board(
        meeting_id
    )
    assert [p.last_name for p in taker.services.participants.list_participants(meeting_id)] == [
        "Test"
    ]


def test_the_item_started_after_seeing_another_is_the_current_one_on_every_desk(
    tmp_path: Path,
) -> None:
    """The desk ten minutes fast starts « Budget »; the desk on time, having seen it, moves on to
    « Voirie ». Clock order says Budget came last; every desk, a rebuild and a third desk agree
    that Voirie runs, Budget is paused and the meeting is on Voirie."""
    fast = open_desk(tmp_path / "fast.db", "Entrée", NOW + 10 * MINUTE)
    other = open_desk(tmp_path / "other.db", "Accueil", NOW)
    third = open_desk(tmp_path / "third.db", "Salle", NOW)
    meeting_id, (budget, voirie) = _agenda_meeting(other, "Budget", "Voirie")
    send(other, fast)
    fast.services.facilitation.start(meeting_id, budget)
    send(fast, other)
    other.clock.advance(MINUTE)
    other.services.facilitation.start(meeting_id, voirie)
    send(other, fast)
    third.ingest([*fast.events(), *other.events()])
    for desk in (fast, other, third):
        for _ in range(2):  # live, then rebuilt from the journal in clock order
            board = desk.services.facilitation.board(meeting_id)
            assert board.current_item_id == voirie
            assert [item.state for item in board.items] == [RunState.PAUSED, RunState.RUNNING]
            desk.services.journal_tools.rebuild()
