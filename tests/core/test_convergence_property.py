"""Property: desks that edit a meeting offline end with identical tables once they have the same
events, whatever was edited and in whatever order and batches the events travelled.

Two desks make random edits through the services with occasional partial syncs; a third desk gets
everything afterwards in a shuffled order, in random batches (a batch that would leave a gap in a
stream is refused and retried later, as a sync does). Every table, conflicts included, must match.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import IntegrityError

from civodesk.ideas.idea import IdeaFields
from civodesk.journal.event import JournalEvent
from civodesk.journal.store import IngestProblem, IngestStatus
from civodesk.meetings.meeting import AgendaItemFields, ValidationError
from civodesk.participants.participant import ParticipantFields
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields

REFUSALS = (ValidationError, LookupError, PermissionError)
DAY_MS = 86_400_000

ACTIONS = (
    "title",
    "place",
    "add_item",
    "edit_item",
    "move_item",
    "remove_item",
    "register",
    "edit_person",
    "idea",
    "close",
    "reopen",
    "open",
    "start",
    "pause",
    "next",
    "question",
    "partial_sync",
)


def _deliver(target: Desk, events: list[JournalEvent], batch_sizes: list[int]) -> None:
    """Hand ``events`` over in batches; what cannot be taken yet is queued again, as a sync does.

    An event refused for a gap waits for its predecessor. A batch whose projection refers to a
    meeting another stream has not created yet fails as a whole (foreign key) and is retried
    later too, which is what the server does with such a push.
    """
    pending = list(events)
    sizes = iter(batch_sizes)
    while pending:
        size = next(sizes, len(pending))
        batch, rest = pending[:size], pending[size:]
        try:
            outcomes = target.ingest(batch)
        except IntegrityError:
            assert rest, "with every event at hand, nothing can be missing"
            pending = rest + batch
            continue
        rejected = [
            (event, outcome)
            for event, outcome in zip(batch, outcomes, strict=True)
            if outcome.status is IngestStatus.REJECTED
        ]
        assert all(outcome.problem is IngestProblem.SEQUENCE_GAP for _e, outcome in rejected)
        if len(rejected) == len(batch) and not rest:
            return  # what is left lacks predecessors that were not handed over
        pending = rest + [event for event, _outcome in rejected]


def _act(desk: Desk, meeting_id: str, action: str, draw: Callable[..., object]) -> None:
    meetings = desk.services.meetings
    participants = desk.services.participants
    with suppress(*REFUSALS):
        details = meetings.get_meeting(meeting_id)
        agenda = details.agenda
        people = participants.list_participants(meeting_id)
        if action == "title":
            title = draw(st.sampled_from(["Plan vélo", "Budget", "Place du Marché"]))
            meetings.update_meeting(meeting_id, replace(details.fields, title=title))
        elif action == "place":
            place = draw(st.sampled_from(["Mairie", "Gymnase", "École"]))
            meetings.update_meeting(meeting_id, replace(details.fields, place=place))
        elif action == "add_item":
            index = draw(st.none() | st.integers(0, 3))
            meetings.add_agenda_item(meeting_id, AgendaItemFields("Nouveau point", 10), index)
        elif action == "edit_item" and agenda:
            item = draw(st.sampled_from(agenda))
            title = draw(st.sampled_from(["Point A", "Point B"]))
            minutes = draw(st.sampled_from([5, 15]))
            meetings.update_agenda_item(meeting_id, item.id, AgendaItemFields(title, minutes))
        elif action == "move_item" and agenda:
            item = draw(st.sampled_from(agenda))
            meetings.move_agenda_item(meeting_id, item.id, draw(st.integers(0, len(agenda))))
        elif action == "remove_item" and agenda:
            meetings.remove_agenda_item(meeting_id, draw(st.sampled_from(agenda)).id)
        elif action == "register":
            name = draw(st.sampled_from(["Diallo", "Martin", "Nguyen"]))
            participants.register_many(meeting_id, [ParticipantFields("Awa", name)])
        elif action == "edit_person" and people:
            person = draw(st.sampled_from(people))
            name = draw(st.sampled_from(["Diallo", "Durand", "Petit"]))
            participants.update_participant(meeting_id, person.id, {"last_name": name})
        elif action == "idea":
            desk.services.ideas.capture_many(meeting_id, [IdeaFields("Plus de bancs")])
        elif action == "close":
            meetings.close_meeting(meeting_id)
        elif action == "reopen":
            meetings.reopen_meeting(meeting_id, "Oubli")
        elif action == "open":
            meetings.open_meeting(meeting_id)
        elif action in ("start", "pause", "next"):
            facilitation = desk.services.facilitation
            {"start": facilitation.start, "pause": facilitation.pause}.get(
                action, facilitation.next_item
            )(meeting_id)
        elif action == "question":
            desk.services.facilitation.ask_question(meeting_id, None, "Et le parking ?")


def _dump(desk: Desk) -> dict[str, object]:
    with desk.database.read() as conn:
        return dump_tables(conn)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(data=st.data())
def test_desks_converge_whatever_the_delivery_order(data: st.DataObject) -> None:
    directory = Path(tempfile.mkdtemp(prefix="civodesk-converge-"))
    desks = [
        open_desk(directory / "a.db", "a"),
        open_desk(directory / "b.db", "b", start_ms=1_764_150_000_000 - DAY_MS),
        open_desk(directory / "c.db", "c", start_ms=1_764_150_000_000 + DAY_MS),
    ]
    a, b, c = desks
    try:
        meeting_id = a.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
        send(a, b)
        steps = data.draw(
            st.lists(
                st.tuples(st.sampled_from([a, b]), st.sampled_from(ACTIONS)),
                min_size=3,
                max_size=14,
            ),
            label="steps",
        )
        for desk, action in steps:
            desk.clock.advance(data.draw(st.sampled_from([0, 1, 1000, -60_000]), label="tick"))
            if action == "partial_sync":
                other = b if desk is a else a
                events = data.draw(st.permutations(desk.events()), label="shuffled")
                count = data.draw(st.integers(0, len(events)), label="count")
                _deliver(other, events[:count], [count])
            else:
                _act(desk, meeting_id, action, data.draw)

        # c gets everything from a and b: shuffled, or stream after stream in a random order,
        # in random batches.
        everything = {e.event_id: e for desk in (a, b) for e in desk.events()}
        shuffled = data.draw(st.permutations(list(everything.values())), label="delivery")
        if data.draw(st.booleans(), label="by stream"):
            streams = data.draw(st.permutations(sorted({e.device_id for e in shuffled})))
            shuffled.sort(key=lambda e: (streams.index(e.device_id), e.seq))
        sizes = data.draw(st.lists(st.integers(1, 8), max_size=20), label="batches")
        _deliver(c, shuffled, sizes)
        send(a, b)
        send(b, a)

        assert a.event_ids() == b.event_ids() == c.event_ids() == set(everything)
        reference = _dump(a)
        assert _dump(b) == reference
        assert _dump(c) == reference
        assert c.services.journal_tools.verify().ok
        c.services.journal_tools.rebuild()
        assert _dump(c) == reference
    finally:
        for desk in desks:
            desk.close()
        shutil.rmtree(directory, ignore_errors=True)
