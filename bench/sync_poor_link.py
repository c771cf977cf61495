"""Uploading a demo meeting of about 5,000 events over a poor link that keeps getting cut.

The link is a throttling, fault-injecting proxy on loopback: 64 kbit/s each way, 600 ms round
trip, and the connection cut at a random point on 20% of requests (during the upload, so the
server never sees the batch, or during the answer, after the server committed it). The desk
retries with its normal backoff and jitter. Checks: zero lost and zero duplicate events on the
server, and at most one batch resent per cut. Reports the total time against bytes ÷ bandwidth.

    .venv/bin/python -m bench.sync_poor_link
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from collections import Counter
from pathlib import Path

from bench._support import machine_note
from bench._sync_desk import demo_desk, journal, point_at
from sync.client.engine import SyncClient, enroll
from sync.protocol import PUSH_PATH
from tests.sync.fault_proxy import Fault, FaultProxy, RequestInfo
from tests.sync.sync_harness import LiveServer, loose_settings

BANDWIDTH_BPS = 64_000
RTT_S = 0.6
CUT_RATE = 0.20


class RandomCuts:
    """Cuts ``rate`` of the requests at random; remembers which push requests were cut."""

    def __init__(self, rate: float, seed: int) -> None:
        self.rate = rate
        self._random = random.Random(seed)
        self.cut_pushes = 0
        self.cuts = 0

    def __call__(self, info: RequestInfo) -> Fault:
        if self._random.random() >= self.rate:
            return Fault.NONE
        self.cuts += 1
        if info.path.startswith(PUSH_PATH):
            self.cut_pushes += 1
        return Fault.CUT


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    print(machine_note())
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        services, meeting_id = demo_desk(root)
        events = journal(services)
        print(f"demo meeting: {len(events)} events")
        server = LiveServer(loose_settings(f"sqlite:///{root / 'server.db'}")).start()
        try:
            organization = server.new_organization("Bench")
            enroll(services, server.url, server.enroll_code(organization))
            cuts = RandomCuts(CUT_RATE, args.seed)
            proxy = FaultProxy(server.port, cuts, bandwidth_bps=BANDWIDTH_BPS, rtt_s=RTT_S)
            with proxy:
                point_at(services, proxy.url)
                began = time.perf_counter()
                report = SyncClient(services).sync_once()
                elapsed = time.perf_counter() - began
            stored = server.event_ids(meeting_id)
        finally:
            server.close()
    duplicates = sum(count - 1 for count in Counter(stored).values() if count > 1)
    lost = len({e.event_id for e in events} - set(stored))
    push_requests = proxy.stats.paths[PUSH_PATH]
    resent = push_requests - report.batches
    wire_bytes = proxy.stats.bytes_up + proxy.stats.bytes_down
    ideal = wire_bytes * 8 / BANDWIDTH_BPS
    print(
        f"link: {BANDWIDTH_BPS // 1000} kbit/s, {RTT_S * 1000:.0f} ms RTT, "
        f"{CUT_RATE:.0%} of requests cut at random (seed {args.seed})"
    )
    print(
        f"outcome {report.outcome.value}; {proxy.stats.requests} requests, "
        f"{cuts.cuts} cut ({cuts.cut_pushes} of them pushes); {report.batches} batches "
        f"acknowledged, {push_requests} push requests → {resent} batches resent "
        f"({'≤' if resent <= cuts.cut_pushes else '>'} one per cut push)"
    )
    print(
        f"events: {len(events)} on the desk, {len(set(stored))} on the server, "
        f"{lost} lost, {duplicates} duplicates; server answered duplicate for "
        f"{report.duplicates} resent events (stored once)"
    )
    print(
        f"bytes on the link: {proxy.stats.bytes_up:,} up + {proxy.stats.bytes_down:,} down; "
        f"bytes ÷ bandwidth = {ideal:.1f} s; total time {elapsed:.1f} s "
        f"({elapsed / ideal:.2f}× the transfer time; the rest is round trips and backoff)"
    )
    ok = report.ok and lost == 0 and duplicates == 0 and resent <= cuts.cut_pushes
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
