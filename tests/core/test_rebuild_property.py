"""Property: whatever a person does, rebuilding the projections from the journal gives the live state.

A hypothesis state machine drives the real services (meetings, agenda, participants, ideas with
their clusters, merges and supports, the agenda runner with notes and decisions, badges, reissues
(on both desks for one person), scans, check-ins and check-outs, proxies, personal-data purges,
status, undo/redo, clock jumps, and edits arriving from a second desk) and, at random points and at
the end, empties and replays every projection table and compares the full table contents.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    multiple,
    rule,
)
from sqlalchemy import func, select

from civodesk.changes import ChangeSet
from civodesk.checkin.views import ScanResult
from civodesk.facilitation.agenda_run import DecisionFields
from civodesk.ideas.idea import IdeaFields, IdeaSource
from civodesk.journal.store import events_table
from civodesk.meetings.meeting import AgendaItemFields, ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.undo import LIST_SCOPE, UndoHistory
from tests.core.desks import Desk, dump_tables, open_desk, send
from tests.factories import AGENDA, meeting_fields

REFUSALS = (ValidationError, LookupError, PermissionError)  # NoAgendaItemError is a LookupError

words = st.sampled_from(
    ["Réunion", "budget", "vélo", "école", "Marché", "quartier", "Salle", "des", "fêtes", "Île"]
)
titles = st.lists(words, min_size=1, max_size=4).map(" ".join)
names = st.sampled_from(["Awa", "Jean", "Zoé", "Karim", "Léa", "Nguyen", "Martin", ""])
durations = st.integers(min_value=1, max_value=240)


class RebuildMachine(RuleBasedStateMachine):
    meetings = Bundle("meetings")
    items = Bundle("items")
    people = Bundle("people")
    ideas = Bundle("ideas")

    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="civodesk-rebuild-"))
        self.desk = open_desk(self.directory / "live.db", "live")
        self.remote = open_desk(self.directory / "remote.db", "remote")
        self.history = UndoHistory(self.desk.services.execute)
        self.rebuilds = 0

    @property
    def services(self) -> Any:
        return self.desk.services

    def _event_count(self, desk: Desk | None = None) -> int:
        with (desk or self.desk).database.read() as conn:
            return int(conn.execute(select(func.count()).select_from(events_table)).scalar_one())

    def _attempt(self, action: Callable[[], ChangeSet]) -> ChangeSet | None:
        """Run an action; a refused one (closed, deleted, invalid) must write nothing."""
        before = self._event_count()
        try:
            change = action()
        except REFUSALS:
            assert self._event_count() == before
            return None
        written = self._event_count() - before
        # One more when it was this device's first event in the meeting (device.joined).
        assert written in (
            {0} if change.event_count == 0 else {change.event_count, change.event_count + 1}
        )
        self.history.record(change, LIST_SCOPE)  # one stack for every meeting, as before scopes
        return change

    # Meetings ----------------------------------------------------------------------------------

    @initialize(target=meetings)
    def first_meeting(self) -> str:
        return self.services.meetings.create_meeting(meeting_fields()).meeting_id

    @rule(target=meetings, title=titles, agenda=st.lists(st.tuples(titles, durations), max_size=3))
    def create_meeting(self, title: str, agenda: list[tuple[str, int]]) -> Any:
        change = self._attempt(
            lambda: self.services.meetings.create_meeting(
                meeting_fields(title=title), [AgendaItemFields(t, d) for t, d in agenda]
            )
        )
        return multiple() if change is None else change.meeting_id

    @rule(
        meeting=meetings,
        title=titles,
        place=titles,
        quorum=st.none() | st.sampled_from([10.0, 33.3, 50.0, 100.0]),
        hours=st.integers(min_value=1, max_value=5),
    )
    def edit_meeting(
        self, meeting: str, title: str, place: str, quorum: float | None, hours: int
    ) -> None:
        start = meeting_fields().starts_at
        fields = meeting_fields(
            title=title, place=place, quorum_percent=quorum, ends_at=start + timedelta(hours=hours)
        )
        self._attempt(lambda: self.services.meetings.update_meeting(meeting, fields))

    @rule(meeting=meetings)
    def open_meeting(self, meeting: str) -> None:
        self._attempt(lambda: self.services.meetings.open_meeting(meeting))

    @rule(meeting=meetings)
    def close_meeting(self, meeting: str) -> None:
        self._attempt(lambda: self.services.meetings.close_meeting(meeting))

    @rule(meeting=meetings, reason=st.sampled_from(["Erreur de saisie", "", "Oubli"]))
    def reopen_meeting(self, meeting: str, reason: str) -> None:
        self._attempt(lambda: self.services.meetings.reopen_meeting(meeting, reason))

    @rule(meeting=meetings)
    def delete_meeting(self, meeting: str) -> None:
        self._attempt(lambda: self.services.meetings.delete_meeting(meeting))

    # Agenda ------------------------------------------------------------------------------------

    @rule(
        target=items,
        meeting=meetings,
        title=titles,
        duration=durations,
        index=st.none() | st.integers(0, 4),
    )
    def add_item(self, meeting: str, title: str, duration: int, index: int | None) -> Any:
        change = self._attempt(
            lambda: self.services.meetings.add_agenda_item(
                meeting, AgendaItemFields(title, duration), index
            )
        )
        return multiple() if change is None else (meeting, change.created_ids[0])

    @rule(item=items, title=titles, duration=durations)
    def edit_item(self, item: tuple[str, str], title: str, duration: int) -> None:
        meeting, item_id = item
        self._attempt(
            lambda: self.services.meetings.update_agenda_item(
                meeting, item_id, AgendaItemFields(title, duration)
            )
        )

    @rule(item=items, index=st.integers(0, 4))
    def move_item(self, item: tuple[str, str], index: int) -> None:
        meeting, item_id = item
        self._attempt(lambda: self.services.meetings.move_agenda_item(meeting, item_id, index))

    @rule(item=items)
    def remove_item(self, item: tuple[str, str]) -> None:
        meeting, item_id = item
        self._attempt(lambda: self.services.meetings.remove_agenda_item(meeting, item_id))

    # Participants and ideas --------------------------------------------------------------------

    @rule(
        target=people,
        meeting=meetings,
        people=st.lists(
            st.tuples(names, names, st.sampled_from(["", "Lyon", "Cayenne"])),
            min_size=1,
            max_size=3,
        ),
    )
    def register(self, meeting: str, people: list[tuple[str, str, str]]) -> Any:
        fields = [
            ParticipantFields(first, last, commune=commune) for first, last, commune in people
        ]
        change = self._attempt(lambda: self.services.participants.register_many(meeting, fields))
        if change is None:
            return multiple()
        return multiple(*((meeting, pid) for pid in change.created_ids))

    @rule(person=people, last_name=names, email=st.sampled_from(["", "a@example.org"]))
    def edit_person(self, person: tuple[str, str], last_name: str, email: str) -> None:
        meeting, pid = person
        # An e-mail is kept only with consent (``contacts_without_consent``): given with it.
        consent = {"consent": True, "consent_purpose": "Émargement"} if email else {}
        self._attempt(
            lambda: self.services.participants.update_participant(
                meeting, pid, {"last_name": last_name, "email": email, **consent}
            )
        )

    @rule(person=consumes(people))
    def remove_person(self, person: tuple[str, str]) -> None:
        meeting, pid = person
        self._attempt(lambda: self.services.participants.remove_participant(meeting, pid))

    @rule(
        target=ideas,
        meeting=meetings,
        texts=st.lists(titles, min_size=1, max_size=3),
        source=st.sampled_from(IdeaSource),
        tags=st.lists(words, max_size=2),
    )
    def capture_ideas(
        self, meeting: str, texts: list[str], source: IdeaSource, tags: list[str]
    ) -> Any:
        change = self._attempt(
            lambda: self.services.ideas.capture_many(
                meeting, [IdeaFields(text, source, tags=tuple(tags)) for text in texts]
            )
        )
        if change is None:
            return multiple()
        return multiple(*((meeting, idea_id) for idea_id in change.created_ids))

    @rule(idea=ideas, text=titles, withdrawn=st.booleans())
    def edit_idea(self, idea: tuple[str, str], text: str, withdrawn: bool) -> None:
        meeting, idea_id = idea
        self._attempt(
            lambda: self.services.ideas.edit_idea(
                meeting, idea_id, {"text": text, "withdrawn": withdrawn}
            )
        )

    @rule(idea=ideas, amount=st.sampled_from([1, 2, -1]), count=st.none() | st.integers(0, 30))
    def support_idea(self, idea: tuple[str, str], amount: int, count: int | None) -> None:
        meeting, idea_id = idea
        if count is None:
            self._attempt(lambda: self.services.ideas.support(meeting, idea_id, amount))
        else:
            self._attempt(lambda: self.services.ideas.set_support_count(meeting, idea_id, count))

    @rule(first=ideas, second=ideas, name=titles, merge=st.booleans())
    def group_ideas(
        self, first: tuple[str, str], second: tuple[str, str], name: str, merge: bool
    ) -> None:
        if first[0] != second[0] or first[1] == second[1]:
            return
        meeting, ids = first[0], [first[1], second[1]]
        if merge:
            self._attempt(lambda: self.services.ideas.merge(meeting, ids))
        else:
            self._attempt(lambda: self.services.ideas.create_cluster(meeting, name, ids))

    @rule(meeting=meetings, action=st.sampled_from(["start", "pause", "next"]))
    def run_agenda(self, meeting: str, action: str) -> None:
        facilitation = self.services.facilitation
        run = {"start": facilitation.start, "pause": facilitation.pause}.get(
            action, facilitation.next_item
        )
        self._attempt(lambda: run(meeting))

    @rule(item=items, notes=titles, decision=st.none() | titles)
    def note_item(self, item: tuple[str, str], notes: str, decision: str | None) -> None:
        meeting, item_id = item
        facilitation = self.services.facilitation
        self._attempt(lambda: facilitation.set_notes(meeting, item_id, notes))
        if decision is not None:
            self._attempt(
                lambda: facilitation.record_decision(
                    meeting, DecisionFields(decision, agenda_item_id=item_id)
                )
            )
            self._attempt(lambda: facilitation.ask_question(meeting, item_id, decision))

    # Badges, the door, proxies, purges ---------------------------------------------------------

    def _at_the_door(self, action: Callable[[], ScanResult]) -> None:
        """A scan or check-in: refused ones may still be journaled (the door keeps them)."""
        with suppress(*REFUSALS):
            result = action()
            if result.change is not None:
                self.history.record(result.change, LIST_SCOPE)

    @rule(meeting=meetings)
    def issue_badges(self, meeting: str) -> None:
        self._attempt(lambda: self.services.checkin.issue_badges(meeting))

    @rule(person=people, on_remote_too=st.booleans())
    def reissue_badge(self, person: tuple[str, str], on_remote_too: bool) -> None:
        """Both desks reissuing offline for one person collide on ingest: one badge admits."""
        self._attempt(lambda: self.services.checkin.reissue_badge(*person))
        if on_remote_too:
            with suppress(*REFUSALS):
                self.remote.services.checkin.reissue_badge(*person)
            send(self.remote, self.desk)

    @rule(meeting=meetings, pick=st.integers(0, 20), spoil=st.booleans())
    def scan_badge(self, meeting: str, pick: int, spoil: bool) -> None:
        with suppress(*REFUSALS):
            badges = self.services.checkin.list_badges(meeting)
            if badges:
                token = badges[pick % len(badges)].token
                text = token[:-1] + ("A" if token[-1] != "A" else "B") if spoil else token
                self._at_the_door(lambda: self.services.checkin.scan(meeting, text))

    @rule(person=people)
    def check_in(self, person: tuple[str, str]) -> None:
        self._at_the_door(lambda: self.services.checkin.check_in(*person))

    @rule(person=people)
    def check_out(self, person: tuple[str, str]) -> None:
        self._attempt(lambda: self.services.checkin.check_out(*person))

    @rule(giver=people, holder=people, on_remote=st.booleans())
    def grant_proxy(self, giver: tuple[str, str], holder: tuple[str, str], on_remote: bool) -> None:
        """On the remote desk too: two desks recording a proxy for one person is a conflict."""
        if giver[0] != holder[0]:
            return
        if on_remote:
            with suppress(*REFUSALS):
                self.remote.services.checkin.grant_proxy(giver[0], giver[1], holder[1])
            send(self.remote, self.desk)
        else:
            self._attempt(lambda: self.services.checkin.grant_proxy(giver[0], giver[1], holder[1]))

    @rule(meeting=meetings)
    def purge_personal_data(self, meeting: str) -> None:
        self._attempt(lambda: self.services.privacy.purge_personal_data(meeting))

    # Undo, time, other desks -------------------------------------------------------------------

    @rule()
    def undo(self) -> None:
        with suppress(*REFUSALS):
            self.history.undo()

    @rule()
    def redo(self) -> None:
        with suppress(*REFUSALS):
            self.history.redo()

    @rule(ms=st.sampled_from([1, 1000, 60_000, -5_000, -86_400_000, 0]))
    def move_clock(self, ms: int) -> None:
        self.desk.clock.advance(ms)

    @rule(meeting=meetings, title=titles, skew=st.sampled_from([-86_400_000, 0, 3_600_000]))
    def remote_desk_edits(self, meeting: str, title: str, skew: int) -> None:
        """Another desk, offline since its last sync, renames the meeting; its events arrive."""
        self.remote.clock.value_ms = self.desk.clock.value_ms + skew
        remote_meetings = self.remote.services.meetings
        with suppress(*REFUSALS):
            current = remote_meetings.get_meeting(meeting).fields
            remote_meetings.update_meeting(meeting, replace(current, title=title))
        send(self.remote, self.desk)

    @rule()
    def sync_to_remote(self) -> None:
        send(self.desk, self.remote)

    @rule(meeting=meetings, pick=st.integers(0, 3))
    def review_conflict(self, meeting: str, pick: int) -> None:
        """Someone marks a conflict (made by remote edits) as reviewed."""
        conflicts = self.services.conflicts.list_conflicts(meeting)
        if conflicts:
            chosen = conflicts[pick % len(conflicts)]
            self._attempt(lambda: self.services.conflicts.mark_reviewed(meeting, chosen.id))

    @rule()
    def rebuild(self) -> None:
        self._check_rebuild(self.desk)
        self.rebuilds += 1

    @invariant()
    def journal_verifies(self) -> None:
        assert self.desk.services.journal_tools.verify().ok

    def _check_rebuild(self, desk: Desk) -> None:
        with desk.database.read() as conn:
            live = dump_tables(conn)
        replayed = desk.services.journal_tools.rebuild()
        assert replayed == self._event_count(desk)
        with desk.database.read() as conn:
            assert dump_tables(conn) == live

    def teardown(self) -> None:
        try:
            self._check_rebuild(self.desk)
            self._check_rebuild(self.remote)
        finally:
            self.desk.close()
            self.remote.close()
            shutil.rmtree(self.directory, ignore_errors=True)


RebuildMachine.TestCase.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
TestRebuildEqualsLiveState = RebuildMachine.TestCase


def test_rebuild_of_a_meeting_with_every_kind_of_row(services: Services) -> None:
    """Ideas and participants reference meetings: emptying must follow foreign keys."""
    meeting_id = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(meeting_id, [ParticipantFields("Awa", "Diallo")])
    services.ideas.capture_many(meeting_id, [IdeaFields("Plus de bancs sur la place")])
    services.meetings.close_meeting(meeting_id)
    with services.database.read() as conn:
        live = dump_tables(conn)
    assert all(live[name] for name in ("meetings", "agenda_items", "participants", "ideas"))
    assert services.journal_tools.rebuild() == len(live["device_keys"]) + 7
    with services.database.read() as conn:
        assert dump_tables(conn) == live
