"""The single writer and the change bus: one thread, commit order, every change published once."""

from __future__ import annotations

import threading
from dataclasses import dataclass, replace

import pytest

from civodesk.changes import ChangeSet, touched
from civodesk.checkin.admission import entry_label
from civodesk.checkin.views import ScanOutcome
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.undo import UndoHistory
from civodesk.writer import ChangeBus, Writer
from tests.factories import meeting_fields


@pytest.fixture
def meeting(services: Services) -> str:
    meeting_id = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(
        meeting_id, [ParticipantFields("Awa", "Diallo"), ParticipantFields("Jean", "Martin")], ""
    )
    services.checkin.issue_badges(meeting_id)
    return meeting_id


def test_calls_run_one_at_a_time_on_the_writers_thread_and_publish_in_commit_order(
    services: Services, meeting: str
) -> None:
    writer = Writer()
    published: list[tuple[str, str]] = []
    writer.bus.subscribe(
        lambda change: published.append((change.label, threading.current_thread().name))
    )
    people = services.participants.list_participants(meeting)
    try:
        futures = [
            writer.submit(services.checkin.check_in, meeting, person.id, "search")
            for person in people
        ]
        futures.append(writer.submit(services.checkin.check_out, meeting, people[0].id))
        results = [future.result(timeout=10) for future in futures]
    finally:
        writer.close()
    assert [result.outcome for result in results[:2]] == [ScanOutcome.ACCEPTED] * 2
    assert [label for label, _thread in published] == [
        *(entry_label(f"{person.first_name} {person.last_name}") for person in people),
        "Enregistrer un départ",
    ]
    assert len({thread for _label, thread in published}) == 1  # one thread, the writer's
    assert published[0][1].startswith("civodesk-db-writer")


def test_a_scan_publishes_the_ids_it_touched(services: Services, meeting: str) -> None:
    writer = Writer(threaded=False)
    published: list[ChangeSet] = []
    writer.bus.subscribe(published.append)
    badge = services.checkin.list_badges(meeting)[0]
    result = writer.call(services.checkin.scan, meeting, badge.token, "qr")
    assert result.outcome is ScanOutcome.ACCEPTED
    (change,) = published
    assert change is result.change
    assert change.ids("attendance") == {badge.participant_id}
    assert change.knows_ids("attendance", "checkin")
    assert change.event_count == 1


def test_reads_publish_nothing_and_a_failing_listener_stops_nobody(
    services: Services, meeting: str
) -> None:
    bus = ChangeBus()
    heard: list[ChangeSet] = []

    def broken(_change: ChangeSet) -> None:
        raise RuntimeError("a listener bug")

    bus.subscribe(broken)
    unsubscribe = bus.subscribe(heard.append)
    writer = Writer(bus, threaded=False)
    writer.call(services.checkin.search, meeting, "")
    assert heard == []
    change = writer.call(services.checkin.issue_badges, meeting)  # nobody new: nothing written
    assert heard == [change]
    unsubscribe()
    fields = replace(services.meetings.get_meeting(meeting).fields, place="Salle des fêtes")
    writer.call(services.meetings.update_meeting, meeting, fields)
    assert len(heard) == 1


def test_a_refused_call_publishes_nothing_and_raises_to_the_caller(
    services: Services, meeting: str
) -> None:
    writer = Writer()
    heard: list[ChangeSet] = []
    writer.bus.subscribe(heard.append)
    try:
        with pytest.raises(LookupError):
            writer.call(services.checkin.revoke_proxy, meeting, "no-such-proxy")
    finally:
        writer.close()
    assert heard == []


@dataclass(frozen=True)
class RenameMeeting:
    """A kind of command declared here, in a test: nothing central knows it."""

    meeting_id: str
    title: str

    def run(self, services: Services) -> ChangeSet:
        fields = replace(services.meetings.get_meeting(self.meeting_id).fields, title=self.title)
        change = services.meetings.update_meeting(self.meeting_id, fields)
        return ChangeSet(
            self.meeting_id,
            "Renommer",
            change.topics,
            change.event_count,
            changed=touched(meeting=[self.meeting_id]),
        )


def test_a_new_kind_of_command_runs_through_undo_without_any_central_list(
    services: Services, meeting: str
) -> None:
    history = UndoHistory(services.execute)
    history.scope = meeting  # undo acts inside the meeting in view
    before = services.meetings.get_meeting(meeting).fields.title
    first = RenameMeeting(meeting, "Budget participatif 2027")
    undo = RenameMeeting(meeting, before)
    history.record(ChangeSet(meeting, "Renommer", frozenset({"meeting"}), 1, undo, first))
    first.run(services)
    change = history.undo()
    assert change is not None
    assert change.ids("meeting") == {meeting}
    assert services.meetings.get_meeting(meeting).fields.title == before
    history.redo()
    assert services.meetings.get_meeting(meeting).fields.title == "Budget participatif 2027"
