"""A desk joins a large meeting it does not hold and pulls it over a poor link that keeps getting cut.

A first desk creates a demo meeting (``--participants``, badges, ideas) and pushes it straight to
the server. A second desk of the organization joins it (``civodesk join``) and syncs through a
throttling, fault-injecting proxy: 64 kbit/s each way, 600 ms round trip, 20 % of requests cut at
a random point. Checks that the desk ends with the whole meeting and that no page it had applied
came again: every pulled event is new to it (``pulled == ingested``).

    .venv/bin/python -m bench.sync_join_poor_link --participants 20000
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench._support import machine_note
from bench._sync_desk import journal, point_at
from bench.sync_poor_link import BANDWIDTH_BPS, CUT_RATE, RTT_S, RandomCuts
from civodesk.clock import ManualClock
from civodesk.db.database import open_database
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.services import build_services
from sync.client.directory import join_meeting
from sync.client.engine import SyncClient, enroll
from sync.protocol import PULL_PATH
from tests.sync.fault_proxy import FaultProxy
from tests.sync.sync_harness import LiveServer, loose_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(machine_note())
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        clock = ManualClock(1_764_150_000_000)
        source = build_services(
            open_database(root / "source.db"), DeviceIdentity.generate("source"), clock
        )
        meeting_id = create_demo_meeting(source, participants=args.participants, ideas=200)
        events = journal(source)
        server = LiveServer(loose_settings(f"sqlite:///{root / 'server.db'}")).start()
        try:
            organization = server.new_organization("Bench")
            enroll(source, server.url, server.enroll_code(organization))
            assert SyncClient(source).sync_once().ok
            joiner = build_services(
                open_database(root / "joiner.db"), DeviceIdentity.generate("joiner"), clock
            )
            enroll(joiner, server.url, server.enroll_code(organization))
            join_meeting(joiner, meeting_id)
            cuts = RandomCuts(CUT_RATE, args.seed)
            proxy = FaultProxy(server.port, cuts, bandwidth_bps=BANDWIDTH_BPS, rtt_s=RTT_S)
            with proxy:
                point_at(joiner, proxy.url)
                began = time.perf_counter()
                report = SyncClient(joiner).sync_once()
                elapsed = time.perf_counter() - began
            held = {e.event_id for e in journal(joiner) if e.meeting_id == meeting_id}
        finally:
            server.close()
    lost = len({e.event_id for e in events} - held)
    again = report.pulled - report.ingested
    wire = proxy.stats.bytes_up + proxy.stats.bytes_down
    print(
        f"meeting: {args.participants} participants, {len(events)} events; link "
        f"{BANDWIDTH_BPS // 1000} kbit/s, {RTT_S * 1000:.0f} ms RTT, {CUT_RATE:.0%} of requests "
        f"cut (seed {args.seed})"
    )
    print(
        f"outcome {report.outcome.value}; {proxy.stats.paths[PULL_PATH]} pull requests, "
        f"{cuts.cuts} cut; {report.pulled} events pulled, {report.ingested} new, "
        f"{again} received again; {lost} missing"
    )
    print(
        f"bytes on the link: {proxy.stats.bytes_up:,} up + {proxy.stats.bytes_down:,} down; "
        f"bytes ÷ bandwidth = {wire * 8 / BANDWIDTH_BPS:.1f} s; total {elapsed:.1f} s"
    )
    return 0 if report.ok and lost == 0 and again == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
