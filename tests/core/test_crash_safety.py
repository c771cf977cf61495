"""Crash safety: a writer killed with SIGKILL at random moments never loses a committed action.

The child (``tests/core/crash_writer.py``) journals actions through the real services and reports
each committed sequence number. After every kill the database must hold every reported event,
with no gap in the stream, pass SQLite's integrity check and verify its hash chains.
"""

from __future__ import annotations

import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civodesk.cli.main import main
from civodesk.db.database import open_database
from civodesk.journal.verify import verify_journal

ROOT = Path(__file__).resolve().parents[2]
KILLS = 26


def _reported(output: str) -> list[int]:
    """Sequence numbers the child printed in full (a line cut by the kill is ignored)."""
    complete = output[: output.rfind("\n") + 1]
    return [int(line) for line in complete.splitlines() if line.isdigit()]


def _stream_seqs(path: Path) -> dict[str, list[int]]:
    """Sequence numbers per stream, read with plain sqlite3 (which also recovers the WAL)."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        streams: dict[str, list[int]] = {}
        for device_id, seq in conn.execute(
            "SELECT device_id, seq FROM events ORDER BY device_id, seq"
        ):
            streams.setdefault(device_id, []).append(seq)
        return streams
    finally:
        conn.close()


def _run_and_kill(path: Path, device_dir: Path, rng: random.Random) -> list[int]:
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.core.crash_writer", str(path), str(device_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = child.stdout.readline()
    if ready.strip() != "ready":
        _out, err = child.communicate(timeout=30)
        pytest.fail(f"the writer did not start: {ready!r} {err}")
    time.sleep(rng.uniform(0.020, 0.300))
    child.send_signal(signal.SIGKILL)
    out, _err = child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return _reported(out)


@pytest.mark.slow
def test_sigkill_never_loses_a_committed_event(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "crash.db"
    device_dir = tmp_path / "device"
    rng = random.Random(20261126)
    reported: set[int] = set()
    progressed = 0
    for kill in range(KILLS):
        new = _run_and_kill(path, device_dir, rng)
        progressed += bool(new)
        reported.update(new)

        streams = _stream_seqs(path)
        assert len(streams) == 1, f"kill {kill}: one device, one meeting, one stream"
        [seqs] = streams.values()
        assert seqs == list(range(1, len(seqs) + 1)), f"kill {kill}: gap in {seqs}"
        assert reported <= set(seqs), f"kill {kill}: lost {sorted(reported - set(seqs))}"

        database = open_database(path)
        try:
            with database.read() as conn:
                report = verify_journal(conn)
        finally:
            database.close()
        assert report.ok, f"kill {kill}: {[str(p) for p in report.problems]}"

    # The kills really interrupted a writer at work, many times.
    assert progressed >= KILLS // 2
    assert len(reported) >= KILLS
    capsys.readouterr()
    assert main(["verify-journal", "--db", str(path)]) == 0
    assert "Journal intègre" in capsys.readouterr().out


@pytest.mark.slow
def test_sigkill_while_a_new_database_is_created_and_migrated(tmp_path: Path) -> None:
    """Killed during start-up (imports, file creation, migrations): the file still opens."""
    rng = random.Random(7)
    for attempt in range(12):
        path = tmp_path / f"new-{attempt}.db"
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.core.crash_writer", str(path), str(tmp_path / "dev")],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.15, 0.7))  # ready after ~0.45 s here
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        database = open_database(path)
        try:
            with database.read() as conn:
                assert conn.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"
                assert verify_journal(conn).ok
        finally:
            database.close()
