"""The sync wire protocol, shared by the desk client and the central server.

Everything both sides must agree on lives here: the protocol version and its header, the pydantic
schemas of every JSON body and the error and rejection codes; the compact event-batch codec used by
push and pull is ``sync.batch_codec``. ``docs/sync-protocol.md`` describes the same surface for people.

Protocol 2 signs the record: each run carries its origin device's Ed25519 signature over the run's
tail (``civodesk.journal.signing``), which vouches for every event of the run through the chain;
a pull batch also carries the organization's certificates of the devices it holds events of.
Enrolment proves the desk holds its key and returns its certificate and the organization's key.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from civodesk.journal.event import (
    JsonObject,
    canonical_json,
)

PROTOCOL_VERSION = 3
"""3: the live agenda's events carry a ``rank`` (``civodesk.facilitation.timer_runs``), which a
version-2 server's payload schemas refuse."""
SUPPORTED_PROTOCOL_VERSIONS = (3,)
PROTOCOL_HEADER = "Civodesk-Protocol"
"""Sent by the client on every ``/v1`` request and by the server on every response."""

BATCH_MEDIA_TYPE = "application/vnd.civodesk.batch+zstd"
"""Content type of push request bodies and pull response bodies (zstd-compressed JSON)."""

HEALTH_PATH = "/health"
ENROLL_PATH = "/v1/enroll"
"""POST EnrollRequest (JSON) → EnrollResponse. Authenticated by the one-time code, not a token."""
DEVICE_PATH = "/v1/device"
"""GET → DeviceInfo of the token's device."""
PUSH_PATH = "/v1/push"
"""POST a batch body (BATCH_MEDIA_TYPE) → PushResponse (JSON)."""
PULL_PATH = "/v1/pull"
"""GET ?cursor=…&limit=… → a batch body (BATCH_MEDIA_TYPE) with next_cursor and has_more."""
MEETINGS_PATH = "/v1/meetings"
"""GET → MeetingList; /{id} → MeetingSummary; /{id}/attendance → AttendanceView;
/{id}/events/summary → EventSummary; /{id}/fingerprint → FingerprintResponse."""
RETRY_AFTER_HEADER = "Retry-After"

DEFAULT_COMPRESSION_LEVEL = 19
MAX_DECOMPRESSED_BYTES = 64 * 1024 * 1024
"""Default ceiling when decompressing a batch (guards against compression bombs)."""


class ErrorCode(StrEnum):
    """The ``error`` field of every 4xx/5xx JSON body."""

    MISSING_TOKEN = "missing_token"  # 401
    INVALID_TOKEN = "invalid_token"  # 401
    DEVICE_REVOKED = "device_revoked"  # 403
    NOT_JOINED = (
        "not_joined"  # 403: a view of a meeting of the organization the desk has not joined
    )
    FORBIDDEN_MEETING = "forbidden_meeting"  # no longer sent: another organization's meeting is 404
    NOT_FOUND = "not_found"  # 404
    INVALID_ENROLL_CODE = "invalid_enroll_code"  # 403: unknown, used or expired code
    INVALID_PROOF = "invalid_proof"  # 403: the enrolment is not signed by the key it presents
    # 409: the device id is certified for another key, or still active in another organization
    # (one answer for both, so that an enrolment never tells where an id is held)
    DEVICE_KEY_MISMATCH = "device_key_mismatch"
    UNSUPPORTED_PROTOCOL = "unsupported_protocol"  # 400: missing or unknown protocol version
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"  # 415
    REQUEST_TOO_LARGE = "request_too_large"  # 413: body (compressed or not) over the limit
    BATCH_TOO_LARGE = "batch_too_large"  # 422: more events than the server accepts at once
    INVALID_BATCH = "invalid_batch"  # 422: not zstd, not JSON, or not the batch schema
    INVALID_CURSOR = "invalid_cursor"  # 422
    INVALID_REQUEST = "invalid_request"  # 422: query or JSON body fails validation
    RATE_LIMITED = "rate_limited"  # 429, with a Retry-After header
    SERVER_ERROR = "server_error"  # 500/503


class RejectionCode(StrEnum):
    """Why the server refused one pushed event (the rest of the batch is unaffected)."""

    INVALID_EVENT = "invalid_event"
    """Not self-consistent (sequence below 1, personal data not matching its digest), or its
    payload does not match its type's declared schema (the reason names the field)."""
    EVENT_ID_CONFLICT = "event_id_conflict"
    """The server holds a different event under this event id."""
    ID_CONFLICT = "id_conflict"
    """The event creates a row (participant, idea, item, proxy, the meeting) under an id that its
    meeting already uses."""
    CHAIN_MISMATCH = "chain_mismatch"
    """The run's recomputed hash chain does not end on the tail hash the desk sent."""
    SEQUENCE_GAP = "sequence_gap"
    """An earlier event of the stream is not on the server yet. Retryable: push it first."""
    SEQUENCE_CONFLICT = "sequence_conflict"
    """Another event already holds this sequence number in the stream (a forked stream)."""
    PREVIOUS_HASH_MISMATCH = "previous_hash_mismatch"
    """The event does not chain onto the server's last event of the stream (a forked stream)."""
    FOREIGN_MEETING = "foreign_meeting"
    """The meeting belongs to another organization."""
    MISSING_DEPENDENCY = "missing_dependency"
    """The events refer to something another device's events create (the meeting, a participant)
    that the server does not have yet. Retryable: push that device's events, then these again."""
    UNSIGNED_STREAM = "unsigned_stream"
    """The run carries no valid signature by the key certified for its device (or its
    ``device.joined`` announces another key): pushing another device's stream without its origin
    signature, or a forged one."""
    FOREIGN_DEVICE = "foreign_device"
    """The stream belongs to a device enrolled in another organization."""
    NOT_JOINED = "not_joined"
    """The pushing desk takes no part in this meeting of its organization: it did not create it,
    import it from a package or join it. Not retryable: the desk sets these events aside until it
    joins the meeting (``POST /v1/meetings/{id}/join``), then pushes them again."""


RETRYABLE_REJECTIONS = frozenset({RejectionCode.SEQUENCE_GAP, RejectionCode.MISSING_DEPENDENCY})


class WireModel(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


# --- Errors, health, enrollment ---------------------------------------------------------------


class ErrorBody(WireModel):
    error: str
    message: str
    supported_versions: list[int] | None = None
    retry_after_s: float | None = None


class ServerLimits(WireModel):
    max_request_bytes: int
    """Largest push body accepted, compressed, in bytes (413 beyond)."""
    max_decompressed_bytes: int
    """Largest push body accepted once decompressed (413 beyond)."""
    max_batch_events: int
    """Most events in one push (422 beyond)."""
    max_pull_limit: int
    """Largest ``limit`` a pull accepts (422 beyond)."""
    rate_per_second: float
    """Sustained requests per second allowed per device (429 beyond the burst)."""
    rate_burst: int


class HealthResponse(WireModel):
    status: Literal["ok", "degraded"]
    protocol_version: int
    supported_versions: list[int]
    database: Literal["ok", "unreachable"]
    limits: ServerLimits
    server_time_ms: int | None = None
    """The server's clock as it answered (ms since the epoch); absent from older servers."""


ENROLL_PROOF_CONTEXT = b"civodesk-enroll:v1\n"


class EnrollRequest(WireModel):
    code: str = Field(min_length=1, max_length=200)
    device_id: str = Field(min_length=1, max_length=36, pattern=r"^[0-9A-Za-z_-]{1,36}$")
    label: str = Field(default="", max_length=200, pattern=r"^[^\x00-\x08\x0b-\x1f\x7f-\x9f]*$")
    public_key: str = Field(min_length=1, max_length=64)
    """The device's Ed25519 public key (raw, base64)."""
    proof: str = Field(min_length=1, max_length=100)
    """Base64 signature by that key of ``enroll_proof_message`` (code, device id, key, label)."""


def enroll_proof_message(code: str, device_id: str, public_key: str, label: str) -> bytes:
    """What a desk signs to enrol: the code binds the proof to this one enrolment."""
    body = {"code": code, "device_id": device_id, "public_key": public_key, "label": label}
    return ENROLL_PROOF_CONTEXT + canonical_json(body).encode()


class DeviceInfo(WireModel):
    device_id: str
    label: str
    organization_id: str
    organization_name: str


class EnrollResponse(WireModel):
    token: str
    """Bearer token for every later request; shown once, stored only as a hash on the server."""
    device: DeviceInfo
    protocol_version: int
    limits: ServerLimits
    certificate: JsonObject
    """The organization's certificate of the device's key (``civodesk.journal.certificates``)."""
    organization_key: str
    """The organization's public key (base64): the desk's trust anchor for every certificate."""


# --- Push and pull ------------------------------------------------------------------------------


class WireRun(WireModel):
    """Consecutive events of one stream; per-event lists are aligned by position."""

    meeting_id: str
    device_id: str
    first_seq: int
    prev_hash: str
    tail_hash: str
    event_ids: list[str]
    device_times_ms: list[int]
    """First value absolute, then differences from the previous event."""
    hlcs: list[int]
    """First value absolute, then differences from the previous event."""
    types: list[str]
    payloads: list[JsonObject]
    personals: list[JsonObject | None]
    erased_digests: dict[int, str] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"pattern": "^[0-9]{1,9}$"}}
    )
    """Position → personal digest, for events whose personal part was erased (RGPD)."""
    tail_signature: str = ""
    """The origin device's signature (base64) of the run's tail head: meeting, device, last
    sequence, ``tail_hash``. Runs are cut only where such a signature exists."""
    checkpoints: dict[int, str] = Field(default_factory=dict)
    """Position → origin signature of the head at that position (push: every
    ``WIRE_CHECKPOINT_EVENTS``-th sequence), so the server can serve pages cut inside the run."""


class EventBatch(WireModel):
    """The body of a push request and of a pull response, before compression."""

    runs: list[WireRun]
    next_cursor: str | None = None
    """Pull only: where the next pull starts."""
    has_more: bool = False
    """Pull only: more events are waiting after ``next_cursor``."""
    certificates: list[JsonObject] = Field(default_factory=list)
    """Pull only: certificates of the devices whose events the batch holds."""


class RejectedEvent(WireModel):
    event_id: str
    code: RejectionCode
    reason: str
    retryable: bool


class PushResponse(WireModel):
    """Per-event answer: listed ids are duplicates or rejected, every other sent id was accepted."""

    received: int
    accepted: int
    duplicate: int
    duplicate_ids: list[str]
    rejected: list[RejectedEvent]


# --- Server views -------------------------------------------------------------------------------


class MeetingSummary(WireModel):
    meeting_id: str
    title: str | None
    place: str | None
    starts_at: str | None
    status: str | None
    event_count: int
    device_count: int
    first_pushed_by: str
    received_at: str
    """When the server first received an event of the meeting (ISO 8601, UTC)."""
    deleted: bool = False
    """The meeting was deleted on a desk (its journal stays on the server)."""


class MeetingList(WireModel):
    organization_id: str
    meetings: list[MeetingSummary]


class CountByKey(WireModel):
    key: str
    count: int


class EventSummary(WireModel):
    meeting_id: str
    event_count: int
    by_type: list[CountByKey]
    by_device: list[CountByKey]
    first_hlc: int | None
    last_hlc: int | None


class AttendanceView(WireModel):
    """Registered participants and check-ins as projected on the server."""

    meeting_id: str
    registered: int
    removed: int
    checked_in: int | None
    """Distinct participants checked in, when the check-in projection exists on this server."""
    check_in_events: int
    """Check-in related events in the journal (whatever their projection)."""
    present_now: int | None = None
    """Participants whose last movement is a check-in, when the projection exists."""
    duplicate_check_ins: int | None = None
    """Check-ins flagged as duplicates (the same person checked in twice)."""
    proxies_in_force: int | None = None
    """Proxies that count now, by the desk's rules (``civodesk.checkin.attendance_rules``)."""
    rule_conflicts: int | None = None
    """One-per-person rules two desks broke (two proxies for one absent person...), unresolved."""
    by_age_bracket: list[CountByKey]
    by_commune: list[CountByKey]


class FingerprintResponse(WireModel):
    meeting_id: str
    fingerprint: str
    """Equals ``civodesk.journal.fingerprint.meeting_fingerprint`` on a desk holding the same events."""
    event_count: int


MAX_VIEW_PAGE_LIMIT = 500
"""Largest ``limit`` the paginated meeting views accept (422 beyond)."""
DEFAULT_VIEW_PAGE_LIMIT = 100
MAX_VIEW_OFFSET = 10_000_000
"""Largest ``offset`` of a paginated view (422 beyond): no list of a meeting is that long."""


class PageInfo(WireModel):
    """Where a page of a paginated view sits: ask again with ``offset + len(items)`` for more."""

    total: int
    offset: int
    limit: int


class AgendaItemView(WireModel):
    item_id: str
    index: int
    """0-based rank in the agenda."""
    title: str
    duration_minutes: int


class AgendaView(WireModel):
    meeting_id: str
    items: list[AgendaItemView]
    """Items in agenda order; removed items are left out."""


class CheckInView(WireModel):
    """One scan or check-out, accepted or refused. Identifies people by id only, never by name."""

    event_id: str
    participant_id: str | None
    """``None`` when the scanned badge or code matched nobody."""
    device_id: str
    device_time_ms: int
    """Wall-clock time on the desk that recorded it (milliseconds since the Unix epoch)."""
    direction: str
    method: str
    accepted: bool
    reason: str
    """Why it was refused (a ``RefusalReason`` code); empty when accepted."""
    duplicate: bool
    """A check-in of someone already present."""


class CheckInList(WireModel):
    meeting_id: str
    page: PageInfo
    check_ins: list[CheckInView]
    """In causal (HLC) order."""


class ProxyView(WireModel):
    """A procuration between two participants, by id: ``holder_id`` votes for ``giver_id``."""

    proxy_id: str
    giver_id: str
    holder_id: str
    granted_hlc: int
    revoked: bool


class ProxyList(WireModel):
    meeting_id: str
    page: PageInfo
    proxies: list[ProxyView]
    """In the order they were granted, revoked ones included (flagged)."""


class IdeaView(WireModel):
    idea_id: str
    text: str
    source: str
    agenda_item_id: str | None
    captured_hlc: int


class IdeaList(WireModel):
    meeting_id: str
    page: PageInfo
    ideas: list[IdeaView]
    """In the order they were captured; removed ideas are left out."""


def bearer(token: str) -> dict[str, str]:
    """Headers for an authenticated request of the current protocol version."""
    return {"Authorization": f"Bearer {token}", PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


MAX_RECEIVE_SEQ = 2**63 - 1
"""Receive positions are 64-bit signed on every database; a cursor past it was never issued."""
MAX_CURSOR_DIGITS = 19
"""The pull cursor's codec is ``sync.membership.encode_position`` (it carries the backfills)."""
