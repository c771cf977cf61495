"""One synchronisation: push what the server has not acknowledged, then pull other desks' events.

Push sends events stream by stream in sequence order, in compressed batches sized to stay small on
a weak link (a cut costs at most one batch). The server answers per event; accepted and duplicate
events raise the stream's acknowledged sequence, a rejected one is set aside with its reason and
holds back only its own stream (later events of that stream could not chain onto it). Pull asks
for events from the server's cursor, ingests them through ``ingest_events`` (same projections, so
check-ins union and concurrent edits follow the core's last-writer-wins rule), and saves the next
cursor in the same transaction; a pulled event the journal refuses is held whole and tried again
after each pull and each package import (``sync.client.held``), since the cursor has moved past
it. Device clocks play no part in cursors (they are the server's); the health check measures this
desk's clock offset (``sync.client.clock_sync``).
"""

from __future__ import annotations

import base64
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import httpx
from pydantic import ValidationError

from civodesk.db.database import Database
from civodesk.i18n import _, ngettext
from civodesk.ids import new_id
from civodesk.journal.certificates import add_trust_anchor, parse_certificate, store_certificates
from civodesk.journal.deferred import Deferred, list_deferred
from civodesk.journal.event import JournalEvent
from civodesk.services import Services
from sync.batch_codec import WIRE_CHECKPOINT_EVENTS, BatchDecodeError, decode_batch, encode_batch
from sync.client import schema, state
from sync.client.clock_sync import learn_offset
from sync.client.held import retry_held, take_events
from sync.client.messages import error_text, stored_rejection, unexpected_detail
from sync.client.restore import Recovery, recover_own_streams
from sync.client.retry import RetryPolicy
from sync.client.transport import (
    ENROLL_TIMEOUT,
    AuthorizationError,
    RequestRefusedError,
    ServerBusyError,
    ServerConnection,
    ServerUnreachableError,
    SyncCancelledError,
    SyncError,
    error_message,
)
from sync.client.trust import PushSigner, verify_pulled
from sync.protocol import (
    BATCH_MEDIA_TYPE,
    ENROLL_PATH,
    HEALTH_PATH,
    PULL_PATH,
    PUSH_PATH,
    RETRYABLE_REJECTIONS,
    EnrollRequest,
    EnrollResponse,
    ErrorCode,
    HealthResponse,
    PushResponse,
    RejectionCode,
    enroll_proof_message,
)

logger = logging.getLogger("civodesk.sync")

DEFAULT_BATCH_BYTES = 48 * 1024
"""Compressed size aimed at per push: about 6 s at 64 kbit/s, so a cut link resends little."""
DEFAULT_BATCH_EVENTS = 2000
DEFAULT_PULL_LIMIT = 500
MAX_PUSH_ROUNDS = 3

Stream = tuple[str, str]


class SyncOutcome(StrEnum):
    OK = "ok"
    """Everything on this desk is acknowledged by the server, and the pull is up to date."""
    INCOMPLETE = "incomplete"
    """The server answered, but some events are set aside (rejected) or still waiting."""
    UNREACHABLE = "unreachable"
    BUSY = "busy"
    UNAUTHORIZED = "unauthorized"
    REFUSED = "refused"
    NOT_ENROLLED = "not_enrolled"
    CANCELLED = "cancelled"
    """Stopped on request (the application closing) while waiting to retry."""


@dataclass
class SyncReport:
    """What one sync did, for the command line, the status bar and the history."""

    outcome: SyncOutcome = SyncOutcome.OK
    message: str = ""
    reachable: bool = False
    pushed: int = 0
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    pulled: int = 0
    ingested: int = 0
    batches: int = 0
    retries: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    waiting: int = 0
    set_aside: list[state.Rejection] = field(default_factory=list)
    deferred: list[Deferred] = field(default_factory=list)
    """Received events kept in the journal whose projection waits for what they refer to."""
    recovery: Recovery | None = None
    """Set when this desk was found restored from a backup and got its own events back."""

    @property
    def ok(self) -> bool:
        return self.outcome is SyncOutcome.OK


ENROLL_POLICY = RetryPolicy(max_attempts=1)
"""A person waits at the enrolment form: one attempt, then say why (they can try again)."""


def enroll(
    services: Services,
    server_url: str,
    code: str,
    *,
    client: httpx.Client | None = None,
    policy: RetryPolicy | None = None,
) -> state.Enrollment:
    """Exchange a one-time code for this device's token and remember the server."""
    device = services.device
    request = EnrollRequest(
        code=code.strip(),
        device_id=device.device_id,
        label=device.label,
        public_key=device.public_key_b64,
        proof=base64.b64encode(
            device.sign(
                enroll_proof_message(
                    code.strip(), device.device_id, device.public_key_b64, device.label
                )
            )
        ).decode(),
    )
    with ServerConnection(
        server_url, client=client, policy=policy or ENROLL_POLICY, timeout=ENROLL_TIMEOUT
    ) as server:
        try:
            response = server.request("POST", ENROLL_PATH, json=request.model_dump())
        except AuthorizationError as error:
            raise AuthorizationError(
                _(
                    "Code d'inscription refusé ({reason}). Vérifiez le code, ou demandez-en un "
                    "nouveau à l'équipe centrale : chaque code ne sert qu'une fois."
                ).format(
                    reason=error_text(error.code, error.server_message).rstrip(".") or error.status
                ),
                error.status,
                error.server_message,
                error.code,
            ) from error
        server.raise_for_refusal(response)
        try:
            body = EnrollResponse.model_validate_json(response.content)
        except ValidationError as error:
            raise SyncError(_("Réponse inattendue du serveur à l'inscription.")) from error
    certificate = parse_certificate(body.certificate)
    if (
        certificate is None
        or certificate.organization_key != body.organization_key
        or certificate.device_id != device.device_id
        or certificate.public_key != device.public_key_b64
    ):
        raise SyncError(
            _("Le serveur n'a pas certifié la clé de ce poste : inscription abandonnée.")
        )
    enrollment = state.Enrollment(
        server_url=server.base_url,
        device_token=body.token,
        organization=body.device.organization_name,
        enrolled_at_ms=services.journal.clock.now_ms(),
        blocked_reason=None,
    )
    with services.database.write() as conn:
        state.save_enrollment(conn, enrollment)
        add_trust_anchor(
            conn,
            body.organization_key,
            body.device.organization_id,
            body.device.organization_name,
            enrollment.enrolled_at_ms,
        )
        store_certificates(conn, [certificate])
    return enrollment


class SyncClient:
    """Runs syncs for one open database. Not thread-safe: run one sync at a time."""

    def __init__(
        self,
        services: Services,
        *,
        client: httpx.Client | None = None,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
        batch_bytes: int = DEFAULT_BATCH_BYTES,
        batch_events: int = DEFAULT_BATCH_EVENTS,
        pull_limit: int = DEFAULT_PULL_LIMIT,
    ) -> None:
        self.services = services
        schema.ensure_schema(services.database)  # the client's own tables, its own history
        self._client = client
        self._policy = policy
        self._sleep = sleep
        self.batch_bytes = batch_bytes
        self.batch_events = batch_events
        self.pull_limit = pull_limit

    @property
    def _db(self) -> Database:
        return self.services.database

    def sync_once(self, *, automatic: bool = False) -> SyncReport:
        """Push then pull once. An automatic sync does nothing while the server refuses this desk."""
        report = SyncReport()
        with self._db.read() as conn:
            enrollment = state.load_enrollment(conn)
        if enrollment is None:
            report.outcome = SyncOutcome.NOT_ENROLLED
            report.message = _("Ce poste n'est inscrit auprès d'aucun serveur.")
            return self._finish(report, record=False)
        if automatic and enrollment.blocked_reason:
            report.outcome = SyncOutcome.UNAUTHORIZED
            report.message = enrollment.blocked_reason
            return self._finish(report, record=False)
        started = self.services.journal.clock.now_ms()
        server = ServerConnection(
            enrollment.server_url,
            enrollment.device_token,
            client=self._client,
            policy=self._policy,
            sleep=self._sleep,
        )
        try:
            self._check_health(server)
            report.reachable = True
            report.recovery = recover_own_streams(self.services, server, self.pull_limit)
            self._push(server, report)
            self._pull(server, report)
            self._retry_held(report)
            if enrollment.blocked_reason:
                with self._db.write() as conn:
                    state.set_blocked(conn, None)
        except AuthorizationError as error:
            report.reachable = True
            report.outcome = SyncOutcome.UNAUTHORIZED
            report.message = str(error)
            with self._db.write() as conn:
                state.set_blocked(conn, str(error))
        except SyncCancelledError:
            report.outcome = SyncOutcome.CANCELLED
            report.message = _("Synchronisation interrompue à la fermeture ; elle reprendra.")
        except ServerUnreachableError as error:
            report.outcome, report.message = SyncOutcome.UNREACHABLE, str(error)
        except ServerBusyError as error:
            report.reachable = True
            report.outcome, report.message = SyncOutcome.BUSY, str(error)
        except (RequestRefusedError, SyncError) as error:
            report.reachable = True
            report.outcome, report.message = SyncOutcome.REFUSED, str(error)
        except Exception as error:
            logger.exception("sync failed unexpectedly")
            report.outcome = SyncOutcome.REFUSED
            report.message = _(
                "La synchronisation s'est arrêtée sur une erreur inattendue ({error}). Les données "
                "de ce poste sont intactes et la prochaine synchronisation reprendra ; si l'erreur "
                "revient, transmettez ce message à l'équipe centrale."
            ).format(error=unexpected_detail(error))
        finally:
            server.close()
            report.retries = server.traffic.retries
            report.bytes_sent = server.traffic.bytes_sent
            report.bytes_received = server.traffic.bytes_received
        return self._finish(report, record=True, started_ms=started)

    # Health ------------------------------------------------------------------------------------

    def _check_health(self, server: ServerConnection) -> None:
        sent = self.services.journal.clock.now_ms()
        response = server.request("GET", HEALTH_PATH)
        received = self.services.journal.clock.now_ms()
        server.raise_for_refusal(response)
        try:
            health = HealthResponse.model_validate_json(response.content)
        except ValidationError:
            return  # an older or newer server: keep our own limits
        learn_offset(self.services, sent, received, health)
        limits = health.limits
        self.batch_events = max(1, min(self.batch_events, limits.max_batch_events))
        self.batch_bytes = max(1024, min(self.batch_bytes, limits.max_request_bytes))
        self.pull_limit = max(1, min(self.pull_limit, limits.max_pull_limit))

    # Push --------------------------------------------------------------------------------------

    def _push(self, server: ServerConnection, report: SyncReport) -> None:
        for _round in range(MAX_PUSH_ROUNDS):
            with self._db.read() as conn:
                pending = list(state.iter_unacknowledged(conn))
            signer = PushSigner(self.services, pending)
            pending = signer.pushable(pending)
            if not pending:
                return
            waiting: set[Stream] = set()
            progressed: set[Stream] = set()
            start = 0
            count = min(self.batch_events, len(pending))
            while start < len(pending):
                chunk = pending[start : signer.cut(pending, start, start + count)]
                body = encode_batch(chunk, signer=signer, checkpoint_every=WIRE_CHECKPOINT_EVENTS)
                if len(body) > self.batch_bytes and len(chunk) > 1:
                    count = max(1, int(len(chunk) * self.batch_bytes / len(body) * 0.9))
                    continue
                response = server.request(
                    "POST", PUSH_PATH, content=body, headers={"Content-Type": BATCH_MEDIA_TYPE}
                )
                if (
                    response.status_code in (413, 422)
                    and len(chunk) > 1
                    and self._too_big(response)
                ):
                    count = max(1, len(chunk) // 2)
                    self.batch_bytes = max(1024, len(body) // 2)
                    continue
                server.raise_for_refusal(response)
                try:
                    answer = PushResponse.model_validate_json(response.content)
                except ValidationError as error:
                    raise SyncError(_("Réponse inattendue du serveur à l'envoi.")) from error
                chunk_waiting, chunk_progressed = self._record_push(chunk, answer, report)
                waiting |= chunk_waiting
                progressed |= chunk_progressed
                report.batches += 1
                start += len(chunk)
                if len(body) < self.batch_bytes // 2:
                    count = min(self.batch_events, count * 2)
            # Another round helps only if another stream got in that a waiting one may depend on.
            if not waiting or not progressed - waiting:
                return

    @staticmethod
    def _too_big(response: httpx.Response) -> bool:
        code, _message = error_message(response)
        return code in {ErrorCode.REQUEST_TOO_LARGE, ErrorCode.BATCH_TOO_LARGE}

    def _record_push(
        self, chunk: Sequence[JournalEvent], answer: PushResponse, report: SyncReport
    ) -> tuple[set[Stream], set[Stream]]:
        """Raise acks, set rejected events aside; (streams waiting for a retry, streams accepted).

        A retryable refusal keeps the stream's acknowledgement, so the next try resumes from its
        first event not acknowledged. Only a sequence gap (the server lacks events it had
        acknowledged: restored from a backup) sends the stream again from its start.
        """
        rejected = {item.event_id: item for item in answer.rejected}
        duplicates = set(answer.duplicate_ids)
        acked: dict[Stream, int] = {}
        stopped: set[Stream] = set()
        set_aside: list[state.Rejection] = []
        resend: set[Stream] = set()
        waiting: set[Stream] = set()
        progressed: set[Stream] = set()
        now = self.services.journal.clock.now_ms()
        for event in chunk:
            stream = (event.meeting_id, event.device_id)
            report.pushed += 1
            item = rejected.get(event.event_id)
            if item is None:
                if event.event_id in duplicates:
                    report.duplicates += 1
                else:
                    report.accepted += 1
                    progressed.add(stream)
                if stream not in stopped:
                    acked[stream] = event.seq
                continue
            report.rejected += 1
            if stream in stopped:
                continue
            stopped.add(stream)
            if item.code in RETRYABLE_REJECTIONS or item.retryable:
                waiting.add(stream)
                if item.code == RejectionCode.SEQUENCE_GAP and stream not in acked:
                    resend.add(stream)  # the server misses earlier events it had acknowledged
                continue
            set_aside.append(
                state.Rejection(
                    event_id=event.event_id,
                    meeting_id=event.meeting_id,
                    device_id=event.device_id,
                    seq=event.seq,
                    event_type=event.type,
                    reason=stored_rejection(item.code, item.reason),
                    rejected_at_ms=now,
                )
            )
        with self._db.write() as conn:
            state.record_acks(conn, acked)
            state.record_rejections(conn, set_aside)
            for stream in resend - set(acked):
                state.reset_ack(conn, stream)
        return waiting, progressed

    # Pull --------------------------------------------------------------------------------------

    def _pull(self, server: ServerConnection, report: SyncReport) -> None:
        with self._db.read() as conn:
            cursor = state.load_cursor(conn)
        while True:
            params: dict[str, str | int] = {"limit": self.pull_limit}
            if cursor is not None:
                params["cursor"] = cursor
            response = server.request("GET", PULL_PATH, params=params)
            if response.status_code == 422 and cursor is not None and self._bad_cursor(response):
                cursor = None  # the server no longer knows it: start over, duplicates are ignored
                continue
            server.raise_for_refusal(response)
            try:
                batch = decode_batch(response.content)
            except BatchDecodeError as error:
                raise SyncError(
                    _("Les événements reçus du serveur sont illisibles ({error}).").format(
                        error=error
                    )
                ) from error
            if batch.broken_runs:
                raise SyncError(_("Des événements reçus du serveur ne vérifient pas leur chaîne."))
            with self._db.write() as conn:
                vouched, refused = verify_pulled(conn, self.services, batch)
                report.ingested += take_events(
                    conn, self.services, batch.events, vouched, refused, batch.heads
                )
                if batch.next_cursor is not None:
                    state.save_cursor(conn, batch.next_cursor)
            report.pulled += len(batch.events)
            cursor = batch.next_cursor
            if not batch.has_more or cursor is None:
                return

    def _retry_held(self, report: SyncReport) -> None:
        """Try the held events again, now that this sync brought what they may have lacked."""
        with self._db.write() as conn:
            report.ingested += retry_held(conn, self.services)

    @staticmethod
    def _bad_cursor(response: httpx.Response) -> bool:
        return error_message(response)[0] == ErrorCode.INVALID_CURSOR

    # Report ------------------------------------------------------------------------------------

    def _finish(self, report: SyncReport, *, record: bool, started_ms: int = 0) -> SyncReport:
        with self._db.read() as conn:
            report.waiting = state.waiting_count(conn)
            report.set_aside = state.list_rejections(conn)
            report.deferred = list_deferred(conn)
        if report.outcome is SyncOutcome.OK and (report.waiting or report.set_aside):
            report.outcome = SyncOutcome.INCOMPLETE
            report.message = ngettext(
                "{waiting} événement n'est pas encore accepté par le serveur ({aside} mis de côté).",
                "{waiting} événements ne sont pas encore acceptés par le serveur "
                "(dont {aside} mis de côté).",
                report.waiting,
            ).format(waiting=report.waiting, aside=len(report.set_aside))
        if report.recovery is not None:
            report.message = " ".join(filter(None, [report.recovery.sentence(), report.message]))
        if record:
            entry = state.HistoryEntry(
                id=new_id(),
                started_at_ms=started_ms,
                finished_at_ms=self.services.journal.clock.now_ms(),
                outcome=report.outcome.value,
                reachable=report.reachable,
                pushed=report.pushed,
                accepted=report.accepted,
                duplicates=report.duplicates,
                rejected=report.rejected,
                pulled=report.pulled,
                bytes_sent=report.bytes_sent,
                bytes_received=report.bytes_received,
                message=report.message,
            )
            with self._db.write() as conn:
                state.record_history(conn, entry)
        return report
