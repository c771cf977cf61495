"""Three desks and one server, driven by hypothesis through edits, joins, badges, reissues, scans,
check-outs, proxies, purges, syncs, partitions, faults, crashes and USB replays: once the links
heal, everyone holds the same journal and the same attendance, badges and proxies.

One live server serves the whole test, on SQLite and then on PostgreSQL; every example gets its
own organization and fresh desks, each behind its own fault proxy so it can be partitioned or given
a bad link alone.
"""

from __future__ import annotations

import contextlib
import itertools
import random
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from civodesk.meetings.meeting import ValidationError
from civodesk.participants.participant import ParticipantFields
from civodesk.transfer.package import export_meeting, import_package
from sync.client import state
from sync.client.directory import remote_meetings
from sync.client.retry import RetryPolicy
from sync.client.transport import SyncError
from tests.factories import meeting_fields
from tests.sync.conftest import _postgres_database
from tests.sync.fault_proxy import Fault, FaultProxy, RequestInfo
from tests.sync.sync_harness import LiveServer, SyncingDesk, loose_settings, make_desk

pytestmark = pytest.mark.slow

DESKS = 3
QUICK_GIVE_UP = RetryPolicy(max_attempts=3, base_delay_s=0.005, max_delay_s=0.02)
LINK_FAULTS = [Fault.NONE, Fault.DROP, Fault.LOSE_RESPONSE, Fault.DUPLICATE, Fault.CUT]


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def live_server(request: pytest.FixtureRequest) -> Iterator[LiveServer]:
    with tempfile.TemporaryDirectory() as directory, contextlib.ExitStack() as stack:
        if request.param == "sqlite":
            url = f"sqlite:///{Path(directory) / 'server.db'}"
        else:
            url = stack.enter_context(contextlib.contextmanager(_postgres_database)())
        live = LiveServer(loose_settings(url)).start()
        yield live
        live.close()


def refusable(action: Callable[[], object]) -> None:
    """Run a desk action that the desk may refuse as a person would see it refused (someone not
    present to check out, a proxy the rules forbid, a meeting closed meanwhile, a participant
    this desk has not received yet): the machine goes on."""
    with contextlib.suppress(ValidationError, PermissionError, LookupError):
        action()


class DeskLink:
    """The fault plan of one desk's proxy: a fault applied to a share of its sync requests."""

    def __init__(self, seed: int) -> None:
        self.fault = Fault.NONE
        self._random = random.Random(seed)

    def __call__(self, info: RequestInfo) -> Fault:
        if self.fault is Fault.NONE or not info.path.startswith(("/v1/push", "/v1/pull")):
            return Fault.NONE
        return self.fault if self._random.random() < 0.5 else Fault.NONE


_example_numbers = itertools.count()


def machine_for(server: LiveServer) -> type[RuleBasedStateMachine]:
    class SyncMachine(RuleBasedStateMachine):
        """The model is simple: every event written anywhere must end up everywhere, once."""

        @initialize()
        def start(self) -> None:
            number = next(_example_numbers)
            self.directory = tempfile.TemporaryDirectory()
            root = Path(self.directory.name)
            organization = server.new_organization(f"Territoire {number}")
            self.links = [DeskLink(seed=number * 10 + i) for i in range(DESKS)]
            self.proxies = [FaultProxy(server.port, link).start() for link in self.links]
            self.desks: list[SyncingDesk] = []
            for index, proxy in enumerate(self.proxies):
                # Device clocks disagree by hours and days: nothing may depend on them.
                skew = [0, -3 * 86_400_000, 7 * 3_600_000][index]
                desk = make_desk(root, f"desk-{index}", start_ms=1_764_150_000_000 + skew)
                desk.enroll(proxy.url, server.enroll_code(organization))
                self.desks.append(desk)
            self.meetings: list[str] = []
            self.participants: dict[str, list[str]] = {}
            self.names = itertools.count()

        def _known_meetings(self, desk: SyncingDesk) -> list[str]:
            return [m for m in self.meetings if desk.events(m)]

        @rule(desk=st.integers(0, DESKS - 1))
        def create_meeting(self, desk: int) -> None:
            services = self.desks[desk].services
            meeting_id = services.meetings.create_meeting(
                meeting_fields(title=f"Réunion {len(self.meetings) + 1}")
            ).meeting_id
            services.meetings.open_meeting(meeting_id)
            self.meetings.append(meeting_id)
            self.participants[meeting_id] = []

        @rule(desk=st.integers(0, DESKS - 1), count=st.integers(1, 12), pick=st.randoms())
        def register(self, desk: int, count: int, pick: random.Random) -> None:
            known = self._known_meetings(self.desks[desk])
            if not known:
                return
            meeting_id = pick.choice(known)
            people = [ParticipantFields("Personne", f"N{next(self.names)}") for _ in range(count)]

            def register() -> None:  # refused once the meeting was closed and purged
                change = self.desks[desk].services.participants.register_many(meeting_id, people)
                self.participants[meeting_id].extend(change.created_ids)

            refusable(register)

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def check_in(self, desk: int, pick: random.Random) -> None:
            services = self.desks[desk].services
            candidates = [
                (meeting_id, pid)
                for meeting_id in self._known_meetings(self.desks[desk])
                for pid in self.participants[meeting_id]
                if services.participants.count(meeting_id)
            ]
            if candidates:
                meeting_id, participant_id = pick.choice(candidates)
                services.checkin.check_in(meeting_id, participant_id)

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def edit_title(self, desk: int, pick: random.Random) -> None:
            known = self._known_meetings(self.desks[desk])
            if known:
                meeting_id = pick.choice(known)
                title = f"Titre {next(self.names)}"
                self.desks[desk].services.meetings.update_meeting(
                    meeting_id, meeting_fields(title=title)
                )

        def _pick_person(self, desk: int, pick: random.Random) -> tuple[str, str] | None:
            candidates = [
                (meeting_id, pid)
                for meeting_id in self._known_meetings(self.desks[desk])
                for pid in self.participants[meeting_id]
            ]
            return pick.choice(candidates) if candidates else None

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def issue_badges(self, desk: int, pick: random.Random) -> None:
            known = self._known_meetings(self.desks[desk])
            if known:
                checkin = self.desks[desk].services.checkin
                refusable(lambda: checkin.issue_badges(pick.choice(known)))

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def reissue_badge(self, desk: int, pick: random.Random) -> None:
            """Two offline desks reissuing for one person is the ordinary case: both print."""
            chosen = self._pick_person(desk, pick)
            if chosen:
                checkin = self.desks[desk].services.checkin
                refusable(lambda: checkin.reissue_badge(*chosen))

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def scan_badge(self, desk: int, pick: random.Random) -> None:
            known = self._known_meetings(self.desks[desk])
            if not known:
                return
            meeting_id = pick.choice(known)
            checkin = self.desks[desk].services.checkin
            badges = checkin.list_badges(meeting_id)
            if badges:
                token = pick.choice(badges).token
                refusable(lambda: checkin.scan(meeting_id, token))

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def check_out(self, desk: int, pick: random.Random) -> None:
            chosen = self._pick_person(desk, pick)
            if chosen:
                checkin = self.desks[desk].services.checkin
                refusable(lambda: checkin.check_out(*chosen))

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def grant_proxy(self, desk: int, pick: random.Random) -> None:
            """Two desks may each record a proxy for the same absent person."""
            giver, holder = self._pick_person(desk, pick), self._pick_person(desk, pick)
            if giver and holder and giver[0] == holder[0] and giver != holder:
                checkin = self.desks[desk].services.checkin
                refusable(lambda: checkin.grant_proxy(giver[0], giver[1], holder[1]))

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def close_and_purge(self, desk: int, pick: random.Random) -> None:
            """Close a meeting and erase its names, while other desks may still write in it."""
            known = self._known_meetings(self.desks[desk])
            if known:
                services = self.desks[desk].services
                meeting_id = pick.choice(known)
                refusable(lambda: services.meetings.close_meeting(meeting_id))
                refusable(lambda: services.privacy.purge_personal_data(meeting_id))

        @rule(desk=st.integers(0, DESKS - 1), minutes=st.integers(1, 600))
        def time_passes(self, desk: int, minutes: int) -> None:
            self.desks[desk].clock.advance(minutes * 60_000)

        @rule(desk=st.integers(0, DESKS - 1), pick=st.randoms())
        def join(self, desk: int, pick: random.Random) -> None:
            """A desk joins one of the territory's meetings (it holds only those it takes part in)."""
            services = self.desks[desk].services
            try:
                listed = [m.meeting_id for m in remote_meetings(services, QUICK_GIVE_UP)]
                if listed:
                    self.desks[desk].join(pick.choice(listed), QUICK_GIVE_UP)
            except SyncError:
                return  # a cut link or a partition: the desk tries again another time

        @rule(desk=st.integers(0, DESKS - 1))
        def sync(self, desk: int) -> None:
            self.desks[desk].client(policy=QUICK_GIVE_UP, batch_bytes=2048).sync_once()

        @rule(desk=st.integers(0, DESKS - 1), cut=st.booleans())
        def partition(self, desk: int, cut: bool) -> None:
            self.proxies[desk].partitioned = cut

        @rule(desk=st.integers(0, DESKS - 1), fault=st.sampled_from(LINK_FAULTS))
        def degrade_link(self, desk: int, fault: Fault) -> None:
            self.links[desk].fault = fault

        @rule(desk=st.integers(0, DESKS - 1))
        def crash(self, desk: int) -> None:
            self.desks[desk].crash_and_restart()

        @rule(desk=st.integers(0, DESKS - 1))
        def crash_before_acks_were_saved(self, desk: int) -> None:
            """The server committed a push, the desk died before recording the answer."""
            with self.desks[desk].services.database.write() as conn:
                conn.execute(state.acks_table.delete())
            self.desks[desk].crash_and_restart()

        @rule(
            source=st.integers(0, DESKS - 1), receiver=st.integers(0, DESKS - 1), pick=st.randoms()
        )
        def usb_replay(self, source: int, receiver: int, pick: random.Random) -> None:
            known = self._known_meetings(self.desks[source])
            if not known or source == receiver:
                return
            path = Path(self.directory.name) / "usb.civo"
            export_meeting(self.desks[source].services, pick.choice(known), path)
            import_package(self.desks[receiver].services, path)

        @invariant()
        def journals_stay_intact(self) -> None:
            if not hasattr(self, "desks"):
                return
            for desk in self.desks:
                with desk.services.database.read() as conn:
                    assert state.list_rejections(conn) == []

        def teardown(self) -> None:
            """Heal every link, sync until quiet, then check that everyone agrees."""
            if not hasattr(self, "desks"):
                return
            try:
                for proxy, link in zip(self.proxies, self.links, strict=True):
                    proxy.partitioned = False
                    link.fault = Fault.NONE
                for desk in self.desks:  # every meeting reaches the server...
                    desk.sync()
                for desk in self.desks:  # ...and every desk takes part in all, to compare them
                    for meeting in remote_meetings(desk.services):
                        if not meeting.joined:
                            desk.join(meeting.meeting_id)
                for _round in range(4):
                    reports = [desk.sync() for desk in self.desks]
                    if all(r.ok and r.pushed == 0 and r.pulled == 0 for r in reports):
                        break
                assert all(r.ok for r in reports), [r.message for r in reports]
                self._assert_converged()
            finally:
                for desk in self.desks:
                    desk.close()
                for proxy in self.proxies:
                    proxy.stop()
                self.directory.cleanup()

        def _assert_converged(self) -> None:
            stored = server.event_ids()
            mine = [eid for meeting_id in self.meetings for eid in server.event_ids(meeting_id)]
            assert [eid for eid, n in Counter(mine).items() if n > 1] == []
            union = set().union(*(desk.event_ids() for desk in self.desks))
            assert union <= set(stored)
            for desk in self.desks:
                assert set(desk.event_ids()) == union
            for meeting_id in self.meetings:
                expected = server.stored_fingerprint(meeting_id)
                for desk in self.desks:
                    assert desk.fingerprint(meeting_id) == expected
                    assert desk.services.journal_tools.verify(meeting_id).ok
                titles = {
                    desk.services.meetings.get_meeting(meeting_id).fields.title
                    for desk in self.desks
                }
                assert len(titles) == 1
                present = {
                    desk.services.checkin.attendance(meeting_id).present for desk in self.desks
                }
                assert len(present) == 1
                badges = {
                    frozenset(
                        (b.participant_id, b.serial, b.token)
                        for b in desk.services.checkin.list_badges(meeting_id)
                    )
                    for desk in self.desks
                }
                assert len(badges) == 1
                proxies = {
                    frozenset(
                        (p.id, p.giver_id, p.holder_id)
                        for p in desk.services.checkin.list_proxies(meeting_id)
                    )
                    for desk in self.desks
                }
                assert len(proxies) == 1

    return SyncMachine


def test_three_desks_and_a_server_converge(live_server: LiveServer) -> None:
    machine = machine_for(live_server)
    machine.TestCase.settings = settings(
        max_examples=6,
        stateful_step_count=20,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    machine.TestCase().runTest()
