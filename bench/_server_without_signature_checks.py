"""The sync server taking every pushed stream without checking its signatures: a baseline.

``server_ingest --compare-validation`` pushes unsigned batches to it, to measure what signing and
verification cost the ingest rate in one run. Only for measuring; never serve with it (uvicorn
``--factory``).
"""

from __future__ import annotations

from collections.abc import Sequence

from fastapi import FastAPI
from sqlalchemy import Connection

from civodesk.journal.event import JournalEvent
from civodesk.journal.signing import SignedHead
from sync.server import push
from sync.server.app import app_from_environment
from sync.server.certify import Authorized


def _take_every_stream(
    _conn: Connection,
    _organization_id: str,
    events: Sequence[JournalEvent],
    _heads: Sequence[SignedHead],
) -> Authorized:
    return Authorized(list(events), [], [], [])


def app() -> FastAPI:
    setattr(push, "authorize_streams", _take_every_stream)  # noqa: B010 (a module, not typed)
    return app_from_environment()
