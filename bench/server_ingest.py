"""Sync server ingest on PostgreSQL: many desks pushing their meetings at once.

Starts a real ``civodesk-server serve`` (uvicorn, several worker processes) on loopback over a
throwaway PostgreSQL database, enrolls the desks, then has every desk push its own demo meeting in
batches from its own thread at the same moment. Reports events stored per second (wall time from
the first request to the last answer) and checks that the server holds every event exactly once.
Also reports the wire size of one meeting against zstd-19 canonical JSON lines.

``--compare-validation`` pushes the same journals to a fresh database and server four times in
one run: as served (payload schemas and signatures checked), without payload schemas, without
signature checks (unsigned batches), and as served again, and prints each rate and the ratios.
"""

from __future__ import annotations

import argparse
import base64
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import httpx
import zstandard
from sqlalchemy import create_engine, text

from bench._support import fresh_services, machine_note
from civodesk.demo import create_demo_meeting
from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import sign_head
from civodesk.journal.store import iter_events
from sync.batch_codec import WIRE_CHECKPOINT_EVENTS, canonical_json_lines, encode_batch
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    ENROLL_PATH,
    HEALTH_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_PATH,
    bearer,
    enroll_proof_message,
)

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
TARGET_EVENTS_PER_SECOND = 5_000


@contextmanager
def throwaway_postgres() -> Iterator[str]:
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    name = f"civodesk_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


SERVED, UNVALIDATED, UNSIGNED = "served", "no payload schemas", "no signature checks"
BASELINE_FACTORIES = {
    UNVALIDATED: "bench._server_without_payload_schemas:app",
    UNSIGNED: "bench._server_without_signature_checks:app",
}


@contextmanager
def running_server(database_url: str, workers: int, mode: str = SERVED) -> Iterator[str]:
    """``civodesk-server serve``, or for a baseline ``mode`` the bench-only app factory."""
    port = free_port()
    environment = {
        **os.environ,
        "CIVODESK_DATABASE_URL": database_url,
        "CIVODESK_RATE_PER_SECOND": "100000",
        "CIVODESK_RATE_BURST": "100000",
    }
    command = [
        sys.executable,
        "-m",
        "sync.server.cli",
        "serve",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--log-level",
        "warning",
    ]
    if mode != SERVED:
        command[1:4] = ["-m", "uvicorn", BASELINE_FACTORIES[mode], "--factory"]
    process = subprocess.Popen(command, env=environment)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 180  # migrations on a fresh database, on a loaded machine
        while True:
            try:
                if httpx.get(url + HEALTH_PATH, timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the server did not start")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


def make_meetings(
    directory: Path, desks: int, participants: int, ideas: int
) -> tuple[list[list[JournalEvent]], list[DeviceIdentity]]:
    journals, devices = [], []
    for index in range(desks):
        services = fresh_services(directory, f"desk-{index}.db")
        try:
            meeting_id = create_demo_meeting(
                services, participants=participants, ideas=ideas, seed=index + 1
            )
            with services.database.read() as conn:
                journals.append(list(iter_events(conn, meeting_id)))
            devices.append(services.device)
        finally:
            services.database.close()
    return journals, devices


def batches_of(
    events: Sequence[JournalEvent], size: int, device: DeviceIdentity | None
) -> list[bytes]:
    """Push bodies as the desk sends them: each run's tail (and every 100th head) signed.

    Without a device the runs go unsigned, which protocol 2 servers refuse; it measures the bytes
    the signatures add.
    """
    ordered = sorted(events, key=lambda e: e.seq)

    def signer(event: JournalEvent) -> str | None:
        if device is None:
            return None
        return sign_head(device, event.meeting_id, event.seq, event.hash).signature

    return [
        encode_batch(
            ordered[i : i + size],
            level=3,
            signer=signer,
            checkpoint_every=WIRE_CHECKPOINT_EVENTS,
        )
        for i in range(0, len(ordered), size)
    ]


def enroll(url: str, database_url: str, organization: str, device: DeviceIdentity) -> str:
    from sync.server.admin import issue_enroll_code
    from sync.server.db import ServerDatabase

    database = ServerDatabase(database_url)
    try:
        code = issue_enroll_code(database, organization).code
    finally:
        database.close()
    label = device.device_id[-6:]
    proof = device.sign(enroll_proof_message(code, device.device_id, device.public_key_b64, label))
    response = httpx.post(
        url + ENROLL_PATH,
        json={
            "code": code,
            "device_id": device.device_id,
            "label": label,
            "public_key": device.public_key_b64,
            "proof": base64.b64encode(proof).decode(),
        },
        headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
        timeout=30,
    )
    response.raise_for_status()
    return str(response.json()["token"])


def push_all(
    url: str, token: str, bodies: list[bytes], totals: dict[str, int], lock: threading.Lock
) -> None:
    headers = {**bearer(token), "Content-Type": BATCH_MEDIA_TYPE}
    accepted = duplicate = rejected = 0
    with httpx.Client(base_url=url, timeout=300) as client:
        for body in bodies:
            response = client.post(PUSH_PATH, content=body, headers=headers)
            while response.status_code == 503:  # overloaded: wait and retry, as a desk does
                time.sleep(float(response.headers.get("Retry-After", "5")))
                response = client.post(PUSH_PATH, content=body, headers=headers)
            response.raise_for_status()
            answer = response.json()
            accepted += answer["accepted"]
            duplicate += answer["duplicate"]
            rejected += len(answer["rejected"])
    with lock:
        totals["accepted"] += accepted
        totals["duplicate"] += duplicate
        totals["rejected"] += rejected


def stored_counts(database_url: str) -> tuple[int, int]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as conn:
            events = conn.execute(text("SELECT count(*) FROM events")).scalar_one()
            distinct = conn.execute(
                text("SELECT count(DISTINCT event_id) FROM events")
            ).scalar_one()
    finally:
        engine.dispose()
    return int(events), int(distinct)


def wire_size(events: Sequence[JournalEvent]) -> tuple[int, int]:
    reference = zstandard.ZstdCompressor(level=19).compress(canonical_json_lines(events))
    return len(encode_batch(events, level=19)), len(reference)


def push_round(
    args: argparse.Namespace,
    devices: list[DeviceIdentity],
    bodies: list[list[bytes]],
    mode: str,
) -> tuple[dict[str, int], float, int, int]:
    """One timed round on a fresh database and server: every desk pushes its meeting at once."""
    with (
        throwaway_postgres() as database_url,
        running_server(database_url, args.workers, mode) as url,
    ):
        from sync.server.admin import create_organization
        from sync.server.db import ServerDatabase

        database = ServerDatabase(database_url)
        names = [f"Organisation {n + 1}" for n in range(args.organizations)]
        for name in names:
            create_organization(database, name)
        database.close()
        tokens = [
            enroll(url, database_url, names[index % len(names)], device)
            for index, device in enumerate(devices)
        ]
        totals = {"accepted": 0, "duplicate": 0, "rejected": 0}
        lock = threading.Lock()
        threads = [
            threading.Thread(target=push_all, args=(url, token, desk_bodies, totals, lock))
            for token, desk_bodies in zip(tokens, bodies, strict=True)
        ]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - started
        stored, distinct = stored_counts(database_url)
    return totals, elapsed, stored, distinct


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--desks", type=int, default=50)
    parser.add_argument("--participants", type=int, default=1_500)
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--batch", type=int, default=1_000, help="events per push")
    parser.add_argument("--workers", type=int, default=2, help="server processes")
    parser.add_argument("--organizations", type=int, default=1)
    parser.add_argument(
        "--compare-validation",
        action="store_true",
        help="also push to servers without payload schemas and without signature checks, "
        "in one run, and print the rates and ratios",
    )
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        started = time.perf_counter()
        journals, devices = make_meetings(
            Path(directory), args.desks, args.participants, args.ideas
        )
        prepared = time.perf_counter() - started
    total = sum(len(journal) for journal in journals)
    began_signing = time.perf_counter()
    bodies = [
        batches_of(journal, args.batch, device)
        for journal, device in zip(journals, devices, strict=True)
    ]
    signing = time.perf_counter() - began_signing
    signed_bytes = sum(len(body) for body in bodies[0])
    unsigned_bytes = sum(len(body) for body in batches_of(journals[0], args.batch, None))
    wire, reference = wire_size(journals[0])

    # Served first and last: a change of machine load during the run shows in the figures.
    modes = [SERVED, UNVALIDATED, UNSIGNED, SERVED] if args.compare_validation else [SERVED]
    unsigned_bodies = (
        [batches_of(journal, args.batch, None) for journal in journals]
        if args.compare_validation
        else []
    )
    runs = {
        index: push_round(args, devices, unsigned_bodies if mode == UNSIGNED else bodies, mode)
        for index, mode in enumerate(modes)
    }
    totals, elapsed, stored, distinct = runs[0]
    ok = all(run[2] == run[3] == total and run[0]["rejected"] == 0 for run in runs.values())
    rate = totals["accepted"] / elapsed
    print(
        f"server_ingest: {args.desks} desks pushing at once, {total:,} events "
        f"(one demo meeting each: {args.participants:,} participants, {args.ideas:,} ideas, "
        f"about {total // args.desks:,} events), "
        f"{args.batch:,} events per push, {args.workers} server worker(s), "
        f"{args.organizations} organization(s), PostgreSQL on loopback ({machine_note()})"
    )
    print(f"  prepared the desks' journals in {prepared:.1f} s (not timed below)")
    print(
        f"  signing every batch of the {args.desks} desks took {signing:.2f} s (desk side, "
        f"not timed below); one meeting's push bodies: {signed_bytes:,} bytes signed vs "
        f"{unsigned_bytes:,} unsigned (+{(signed_bytes / unsigned_bytes - 1) * 100:.2f} %)"
    )
    print(
        f"  {totals['accepted']:,} accepted, {totals['duplicate']:,} duplicate, "
        f"{totals['rejected']:,} rejected in {elapsed:.2f} s: {rate:,.0f} events/s "
        f"(target ≥ {TARGET_EVENTS_PER_SECOND:,}: "
        f"{'met' if rate >= TARGET_EVENTS_PER_SECOND else 'MISSED'})"
    )
    print(
        f"  server holds {stored:,} events, {distinct:,} distinct "
        f"({'none lost, none twice' if stored == distinct == total else 'MISMATCH'})"
    )
    print(
        f"  wire size of one meeting ({len(journals[0]):,} events): {wire:,} bytes at zstd-19 vs "
        f"{reference:,} bytes for zstd-19 canonical JSON lines ({wire / reference:.2f}×, "
        f"target ≤ 1.30×)"
    )
    if args.compare_validation:
        rates = [run[0]["accepted"] / run[1] for run in runs.values()]
        served = (rates[0] + rates[3]) / 2
        print(
            f"  served (schemas and signatures checked): {rates[0]:,.0f} then {rates[3]:,.0f} "
            f"events/s (mean {served:,.0f}); without payload schemas: {rates[1]:,.0f} events/s; "
            f"without signature checks (unsigned batches): {rates[2]:,.0f} events/s"
        )
        print(
            f"  validation costs {100 * (1 - served / rates[1]):.1f} % of the rate; signing and "
            f"verification cost {100 * (1 - served / rates[2]):.1f} % (target ≤ 20 %); "
            f"every round: {'none lost, none twice, none rejected' if ok else 'MISMATCH'}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
