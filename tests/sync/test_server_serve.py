"""``civodesk-server serve`` runs a real HTTP server (uvicorn worker processes) on the database."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx

from sync.protocol import ENROLL_PATH, HEALTH_PATH, PROTOCOL_HEADER, PROTOCOL_VERSION
from sync.server.admin import create_organization, issue_enroll_code
from sync.server.db import ServerDatabase
from tests.identities import identity_for
from tests.sync.server_api import enroll_body


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_with_two_workers_answers_health_and_enrollment(server_database_url: str) -> None:
    port = free_port()
    environment = {**os.environ, "CIVODESK_DATABASE_URL": server_database_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "sync.server.cli", "serve", "--port", str(port), "--workers", "2"],
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        health = None
        while health is None:
            assert process.poll() is None, process.stderr.read().decode() if process.stderr else ""
            assert time.monotonic() < deadline, "the server did not start within 60 s"
            try:
                health = httpx.get(url + HEALTH_PATH, timeout=2)
            except httpx.TransportError:
                time.sleep(0.2)
        assert health.json()["database"] == "ok"
        database = ServerDatabase(server_database_url)  # the schema was migrated by serve
        try:
            create_organization(database, "Commune de Mana")
            code = issue_enroll_code(database, "Commune de Mana").code
        finally:
            database.close()
        answer = httpx.post(
            url + ENROLL_PATH,
            json=enroll_body(code, identity_for("desk-1"), "Accueil"),
            headers={PROTOCOL_HEADER: str(PROTOCOL_VERSION)},
            timeout=10,
        )
        assert answer.status_code == 200
        assert answer.json()["device"]["organization_name"] == "Commune de Mana"
    finally:
        process.terminate()
        process.wait(timeout=30)
