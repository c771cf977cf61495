"""Server push cost per event, in process: one connection, no HTTP server, no concurrency.

Builds demo meetings, then pushes them one after the other through the app under Starlette's
``TestClient`` on a throwaway PostgreSQL database, and prints events per second and the number of
SQL statements the server executed. It tells the server's own cost per event (handlers, round
trips) apart from what 50 desks at once add (``bench.server_ingest``).
"""

from __future__ import annotations

import argparse
import base64
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import event

from bench.server_ingest import batches_of, make_meetings, throwaway_postgres
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    ENROLL_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    PUSH_PATH,
    bearer,
    enroll_proof_message,
)
from sync.server.admin import create_organization, issue_enroll_code
from sync.server.app import create_app
from sync.server.settings import ServerSettings


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--desks", type=int, default=1)
    parser.add_argument("--participants", type=int, default=1_500)
    parser.add_argument("--ideas", type=int, default=500)
    parser.add_argument("--batch", type=int, default=1_000, help="events per push")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="civodesk-bench-") as directory:
        journals, devices = make_meetings(
            Path(directory), args.desks, args.participants, args.ideas
        )
    bodies = [batches_of(j, args.batch, d) for j, d in zip(journals, devices, strict=True)]
    total = sum(len(journal) for journal in journals)
    with throwaway_postgres() as url:
        settings = ServerSettings(database_url=url, rate_per_second=100_000, rate_burst=100_000)
        app = create_app(settings)
        database = app.state.database
        create_organization(database, "Organisation")
        statements = 0

        def count(*_args: object) -> None:
            nonlocal statements
            statements += 1

        with TestClient(app) as client:
            tokens = []
            for device in devices:
                code = issue_enroll_code(database, "Organisation").code
                label = device.device_id[-6:]
                message = enroll_proof_message(code, device.device_id, device.public_key_b64, label)
                answer = client.post(
                    ENROLL_PATH,
                    json={
                        "code": code,
                        "device_id": device.device_id,
                        "label": label,
                        "public_key": device.public_key_b64,
                        "proof": base64.b64encode(device.sign(message)).decode(),
                    },
                    headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
                )
                answer.raise_for_status()
                tokens.append(str(answer.json()["token"]))
            event.listen(database.engine, "before_cursor_execute", count)
            started = time.perf_counter()
            rejected = 0
            for token, desk_bodies in zip(tokens, bodies, strict=True):
                headers = {**bearer(token), "Content-Type": BATCH_MEDIA_TYPE}
                for body in desk_bodies:
                    answer = client.post(PUSH_PATH, content=body, headers=headers)
                    answer.raise_for_status()
                    rejected += len(answer.json()["rejected"])
            elapsed = time.perf_counter() - started
    print(
        f"server_push_inprocess: {args.desks} desk(s) one after the other, {total:,} events "
        f"({args.participants:,} participants, {args.ideas:,} ideas each), {args.batch:,} per "
        f"push: {elapsed:.2f} s, {total / elapsed:,.0f} events/s, {statements:,} SQL statements "
        f"({statements / args.desks:,.0f} per meeting), {rejected} rejected "
        f"(load average {os.getloadavg()[0]:.1f})"
    )
    return 0 if rejected == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
