"""Bytes on the wire to upload a demo meeting of about 5,000 events, against the information limit.

The reference is the zstd-19-compressed size of the same events as canonical JSON lines (one event
per line, every field). The desk uploads the meeting through a counting proxy on loopback to a
real server (uvicorn, SQLite), once per batch size, and the proxy counts every byte of every
request: HTTP heads, the health check and the final pull included. Target: ≤ 1.3× the reference.

    .venv/bin/python -m bench.sync_wire
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import zstandard

from bench._support import machine_note
from bench._sync_desk import demo_desk, journal, point_at
from sync.batch_codec import canonical_json_lines
from sync.client import state
from sync.client.engine import DEFAULT_BATCH_BYTES, SyncClient, enroll
from sync.protocol import PUSH_PATH
from tests.sync.fault_proxy import FaultProxy
from tests.sync.sync_harness import LiveServer, loose_settings

TARGET_RATIO = 1.3


def forget_sync_state(services: object) -> None:
    database = services.database  # type: ignore[attr-defined]
    with database.write() as conn:
        for table in (
            state.acks_table,
            state.cursors_table,
            state.rejections_table,
            state.enrollment_table,
            state.history_table,
        ):
            conn.execute(table.delete())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--batch-kib",
        type=int,
        nargs="+",
        default=[DEFAULT_BATCH_BYTES // 1024, 256, 2048],
        help="compressed batch sizes to try (KiB)",
    )
    args = parser.parse_args()
    print(machine_note())
    with tempfile.TemporaryDirectory() as directory:
        root = Path(directory)
        started = time.perf_counter()
        services, meeting_id = demo_desk(root)
        events = journal(services)
        print(
            f"demo meeting: {len(events)} events (built in {time.perf_counter() - started:.1f} s)"
        )
        raw = canonical_json_lines(events)
        reference = len(zstandard.ZstdCompressor(level=19).compress(raw))
        print(f"canonical JSON lines: {len(raw):,} bytes; zstd-19: {reference:,} bytes (reference)")
        failed = False
        for batch_kib in args.batch_kib:
            forget_sync_state(services)
            server = LiveServer(loose_settings(f"sqlite:///{root / f'server-{batch_kib}.db'}"))
            server.start()
            try:
                organization = server.new_organization("Bench")
                enroll(services, server.url, server.enroll_code(organization))
                with FaultProxy(server.port) as proxy:
                    point_at(services, proxy.url)
                    began = time.perf_counter()
                    report = SyncClient(services, batch_bytes=batch_kib * 1024).sync_once()
                    elapsed = time.perf_counter() - began
                stored = server.event_ids(meeting_id)
            finally:
                server.close()
            push_bytes = proxy.stats.bytes_up_by_path[PUSH_PATH]
            total_up = proxy.stats.bytes_up
            complete = report.ok and sorted(stored) == sorted(e.event_id for e in events)
            ratio = total_up / reference
            failed |= not complete or ratio > TARGET_RATIO
            print(
                f"batches ≤ {batch_kib} KiB: {report.batches} push requests; "
                f"push bytes (heads + bodies) {push_bytes:,}; all bytes sent {total_up:,} "
                f"= {ratio:.3f}× reference (target ≤ {TARGET_RATIO}: "
                f"{'met' if ratio <= TARGET_RATIO else 'MISSED'}); "
                f"bytes received {proxy.stats.bytes_down:,}; {elapsed:.2f} s on loopback; "
                f"{'all events stored once' if complete else 'INCOMPLETE: ' + report.message}"
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
