"""Meeting packages: a meeting's whole journal (every device's stream) in one signed file.

Where there is no link at all, a USB stick carries the meeting. The file is::

    b"CIVO" + format byte | header length (4 bytes, big endian) | header (canonical JSON)
    | Ed25519 signature (64 bytes) of everything before it | body (zstd, JSON lines of events)

The header names the meeting, the exporting device and its public key, and the SHA-256 of the body,
so the signature covers every byte. It also carries, for every stream, its origin device's signed
heads (``civodesk.journal.signing``) and the certificates this desk holds for those devices
(``civodesk.journal.certificates``). The exporter's signature only proves the file was not changed
in transit: each stream must also end on a head signed by the key vouched for its device (by a
certificate of an organization this desk trusts, or by the user's confirmation). A stream whose
key nobody vouches for is refused unless the user confirms trust in that desk (``trust=True``),
which is how remote communes that never enrol still merge each other's packages.

On import the signature, the body hash, every event's own hash, every stream's chain and every
stream's signed head are checked before anything is written; then the events go through
``ingest_events`` like any events from elsewhere, so importing twice changes nothing and the
imported events are pushed to the server like local ones (with their origin's signatures).

The file holds the personal part of the events (names, contacts): it is a copy of the meeting, to
be handled like the laptop itself.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import zstandard
from cryptography.exceptions import InvalidSignature
from sqlalchemy import Connection, select

from civodesk.devices.identity import public_key_from_b64
from civodesk.hooks import AFTER_PACKAGE_IMPORT, hooks
from civodesk.i18n import _, ngettext
from civodesk.journal.certificates import (
    Certificate,
    KeyBook,
    certificates_for,
    key_fingerprint,
    parse_certificate,
    store_certificates,
    trust_device,
)
from civodesk.journal.event import GENESIS_HASH, JournalEvent, canonical_json
from civodesk.journal.signing import SignedHead, sign_own_heads, store_signed_heads, stored_heads
from civodesk.journal.store import (
    DEVICE_JOINED,
    IngestOutcome,
    IngestStatus,
    check_event,
    event_to_row,
    events_table,
    ingest_events,
    row_to_event,
)
from civodesk.journal.stream_trust import group_streams, verify_stream
from civodesk.meetings.handlers import MEETING_CREATED, MEETING_EDITED
from civodesk.services import Services

logger = logging.getLogger("civodesk.transfer")

MAGIC = b"CIVO"
FORMAT_VERSION = 2
SIGNATURE_SIZE = 64
MAX_HEADER_SIZE = 1 << 20
COMPRESSION_LEVEL = 19
SUFFIX = ".civo"


class PackageError(ValueError):
    """The file cannot be imported: not a package, damaged, or tampered with. Nothing was written."""


@dataclass(frozen=True)
class UnknownDesk:
    """A desk whose key no certificate vouches for and that the user never confirmed."""

    device_id: str
    label: str
    public_key: str

    @property
    def fingerprint(self) -> str:
        return key_fingerprint(self.public_key)


class UntrustedPackageError(PackageError):
    """The package holds streams of desks nobody vouches for; import again with trust confirmed."""

    def __init__(self, message: str, desks: Sequence[UnknownDesk]) -> None:
        super().__init__(message)
        self.desks = tuple(desks)


@dataclass(frozen=True)
class PackageHeader:
    meeting_id: str
    meeting_title: str
    exported_by_device: str
    exported_by_label: str
    public_key: str
    exported_at_ms: int
    event_count: int
    stream_count: int
    body_sha256: str
    signed_heads: tuple[SignedHead, ...] = ()
    certificates: tuple[Certificate, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT_VERSION,
            "meeting_id": self.meeting_id,
            "meeting_title": self.meeting_title,
            "exported_by": {
                "device_id": self.exported_by_device,
                "label": self.exported_by_label,
                "public_key": self.public_key,
            },
            "exported_at_ms": self.exported_at_ms,
            "event_count": self.event_count,
            "stream_count": self.stream_count,
            "body_sha256": self.body_sha256,
            "signed_heads": [head.to_json() for head in self.signed_heads],
            "certificates": [cert.to_json() for cert in self.certificates],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PackageHeader:
        exporter = data["exported_by"]
        return cls(
            meeting_id=str(data["meeting_id"]),
            meeting_title=str(data["meeting_title"]),
            exported_by_device=str(exporter["device_id"]),
            exported_by_label=str(exporter["label"]),
            public_key=str(exporter["public_key"]),
            exported_at_ms=int(data["exported_at_ms"]),
            event_count=int(data["event_count"]),
            stream_count=int(data["stream_count"]),
            body_sha256=str(data["body_sha256"]),
            signed_heads=tuple(SignedHead.from_json(head) for head in data["signed_heads"]),
            certificates=tuple(
                cert
                for item in data["certificates"]
                if (cert := parse_certificate(item)) is not None
            ),
        )


@dataclass(frozen=True)
class ExportReport:
    path: Path
    header: PackageHeader
    size_bytes: int


@dataclass(frozen=True)
class ImportReport:
    header: PackageHeader
    accepted: int
    duplicates: int
    rejected: tuple[IngestOutcome, ...]
    trusted: tuple[UnknownDesk, ...] = ()
    """Desks the user confirmed during this import."""
    released: int = 0
    """Events held from an earlier sync that could enter the journal once this package was in
    (the sync client's ``civodesk.hooks.AFTER_PACKAGE_IMPORT``: a package may bring what they
    were waiting for)."""


# Export ------------------------------------------------------------------------------------


def export_meeting(services: Services, meeting_id: str, out: Path) -> ExportReport:
    """Write the meeting's journal into ``out``, signed with this device's key.

    This device signs the tip (and checkpoints) of its own stream first; the other streams travel
    with the signatures their devices made. The file appears complete or not at all (written
    aside, synced, then renamed), readable by its owner only: it holds names.
    """
    with services.database.write() as conn:
        sign_own_heads(conn, services.device, meeting_id)
        heads = stored_heads(conn, meeting_id)
        rows = conn.execute(
            select(events_table)
            .where(events_table.c.meeting_id == meeting_id)
            .order_by(events_table.c.device_id, events_table.c.seq)
        ).all()
        devices = {row.device_id for row in rows} | {services.device.device_id}
        certificates = certificates_for(conn, devices)
    if not rows:
        raise LookupError(_("Réunion introuvable : {id}").format(id=meeting_id))
    events = [row_to_event(row) for row in rows]
    body_text = "".join(canonical_json(event_to_row(event)) + "\n" for event in events)
    body = zstandard.ZstdCompressor(level=COMPRESSION_LEVEL).compress(body_text.encode())
    device = services.device
    header = PackageHeader(
        meeting_id=meeting_id,
        meeting_title=_meeting_title(events),
        exported_by_device=device.device_id,
        exported_by_label=device.label,
        public_key=device.public_key_b64,
        exported_at_ms=services.journal.clock.now_ms(),
        event_count=len(events),
        stream_count=len({event.device_id for event in events}),
        body_sha256=hashlib.sha256(body).hexdigest(),
        signed_heads=tuple(heads),
        certificates=tuple(certificates),
    )
    signed = _signed_part(header)
    data = signed + device.sign(signed) + body
    _write_atomically(out, data)
    return ExportReport(path=out, header=header, size_bytes=len(data))


def _meeting_title(events: Sequence[JournalEvent]) -> str:
    """The newest title the journal holds (creation, then edits by highest stamp)."""
    titled = [
        event
        for event in events
        if event.type in {MEETING_CREATED, MEETING_EDITED} and isinstance(_title_of(event), str)
    ]
    if not titled:
        return ""
    return str(_title_of(max(titled, key=lambda event: event.stamp)))


def _title_of(event: JournalEvent) -> Any:
    if event.type == MEETING_CREATED:
        return event.payload.get("title")
    changes = event.payload.get("changes")
    return changes.get("title") if isinstance(changes, dict) else None


def _signed_part(header: PackageHeader) -> bytes:
    header_bytes = canonical_json(header.to_json()).encode()
    return MAGIC + bytes([FORMAT_VERSION]) + struct.pack(">I", len(header_bytes)) + header_bytes


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(path.name + ".part")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.chmod(tmp, 0o600)  # an older .part left with wider rights
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, path)


# Reading and verifying ----------------------------------------------------------------------


def read_package(path: Path) -> tuple[PackageHeader, list[JournalEvent]]:
    """Parse and verify a package completely; raise ``PackageError`` with the reason otherwise."""
    data = path.read_bytes()
    return parse_package(data)


def parse_package(data: bytes) -> tuple[PackageHeader, list[JournalEvent]]:
    prefix = len(MAGIC) + 1 + 4
    if len(data) < prefix or not data.startswith(MAGIC):
        raise PackageError(_("Ce fichier n'est pas un paquet de réunion CivoDesk."))
    if data[len(MAGIC)] < FORMAT_VERSION:
        raise PackageError(
            _(
                "Ce paquet vient d'une version plus ancienne de CivoDesk, sans signature des "
                "journaux : exportez-le de nouveau avec la version actuelle."
            )
        )
    if data[len(MAGIC)] != FORMAT_VERSION:
        raise PackageError(
            _("Ce paquet vient d'une version plus récente de CivoDesk (format {version}).").format(
                version=data[len(MAGIC)]
            )
        )
    (header_size,) = struct.unpack(">I", data[len(MAGIC) + 1 : prefix])
    if header_size > MAX_HEADER_SIZE or len(data) < prefix + header_size + SIGNATURE_SIZE:
        raise PackageError(_("Le paquet est tronqué ou endommagé."))
    signed = data[: prefix + header_size]
    signature = data[prefix + header_size : prefix + header_size + SIGNATURE_SIZE]
    body = data[prefix + header_size + SIGNATURE_SIZE :]
    try:
        header = PackageHeader.from_json(json.loads(data[prefix : prefix + header_size]))
        public_key = public_key_from_b64(header.public_key)
    except (ValueError, KeyError, TypeError) as error:
        raise PackageError(_("L'en-tête du paquet est illisible.")) from error
    try:
        public_key.verify(signature, signed)
    except InvalidSignature as error:
        raise PackageError(
            _(
                "La signature du paquet n'est pas valide : il a été modifié après son export "
                "ou ne vient pas de l'appareil qu'il annonce."
            )
        ) from error
    if hashlib.sha256(body).hexdigest() != header.body_sha256:
        raise PackageError(
            _("Le contenu du paquet ne correspond pas à sa signature : il a été modifié.")
        )
    events = _decode_body(body)
    _verify_events(header, events)
    return header, events


def _decode_body(body: bytes) -> list[JournalEvent]:
    try:
        text = zstandard.ZstdDecompressor().decompress(body).decode()
        return [_event_from_json(json.loads(line)) for line in text.splitlines() if line]
    except (zstandard.ZstdError, UnicodeDecodeError, ValueError, KeyError, TypeError) as error:
        raise PackageError(_("Le contenu du paquet est illisible.")) from error


def _event_from_json(row: dict[str, Any]) -> JournalEvent:
    return JournalEvent(
        event_id=str(row["event_id"]),
        meeting_id=str(row["meeting_id"]),
        device_id=str(row["device_id"]),
        seq=int(row["seq"]),
        device_time_ms=int(row["device_time_ms"]),
        hlc=int(row["hlc"]),
        type=str(row["type"]),
        payload=json.loads(row["payload"]),
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
        personal=None if row["personal"] is None else json.loads(row["personal"]),
        personal_digest=row["personal_digest"],
    )


def _verify_events(header: PackageHeader, events: Sequence[JournalEvent]) -> None:
    """Every event intact and of this meeting; every stream complete from its first event."""
    if len(events) != header.event_count:
        raise PackageError(_("Le paquet ne contient pas le nombre d'événements annoncé."))
    heads: dict[str, tuple[int, str]] = {}
    for event in events:
        if event.meeting_id != header.meeting_id:
            raise PackageError(_("Le paquet contient des événements d'une autre réunion."))
        reason = check_event(event)
        if reason:
            raise PackageError(
                _("Événement {id} altéré : {reason}").format(id=event.event_id, reason=reason)
            )
        seq, last_hash = heads.get(event.device_id, (0, GENESIS_HASH))
        if event.seq != seq + 1 or event.prev_hash != last_hash:
            raise PackageError(
                _(
                    "Le journal de l'appareil {device} est incomplet ou réordonné dans le paquet."
                ).format(device=event.device_id)
            )
        heads[event.device_id] = (event.seq, event.hash)
        if (
            event.type == DEVICE_JOINED
            and event.device_id == header.exported_by_device
            and event.payload.get("public_key") != header.public_key
        ):
            raise PackageError(
                _("Le paquet est signé avec une clé qui n'est pas celle de l'appareil exportateur.")
            )


# Import ------------------------------------------------------------------------------------


def import_package(services: Services, path: Path, *, trust: bool = False) -> ImportReport:
    """Verify the package, then merge its events into this desk in one transaction.

    Every stream must end on a head signed by its device's vouched key. Streams of desks nobody
    vouches for raise ``UntrustedPackageError`` (listing them) unless ``trust`` is given: the
    user has compared their names and key fingerprints and confirms them.
    """
    header, events = read_package(path)
    now = services.journal.clock.now_ms()
    with services.database.write() as conn:
        store_certificates(conn, list(header.certificates))
        book = KeyBook(conn, services.device)
        exporter = book.key_for(header.exported_by_device)
        if exporter is not None and exporter.public_key != header.public_key:
            raise PackageError(
                _(
                    "Le paquet est signé avec une clé différente de celle que ce poste "
                    "connaît pour l'appareil {device}."
                ).format(device=header.exported_by_label or header.exported_by_device)
            )
        streams = group_streams(events)
        unknown = _unknown_desks(book, streams)
        if unknown and not trust:
            raise UntrustedPackageError(
                _(
                    "Ce paquet contient le journal de postes que ce poste ne connaît pas et "
                    "qu'aucun certificat ne garantit : {desks}. Vérifiez leurs empreintes avec "
                    "leurs utilisateurs, puis confirmez la confiance pour l'importer."
                ).format(
                    desks=", ".join(f"{d.label or d.device_id} ({d.fingerprint})" for d in unknown)
                ),
                unknown,
            )
        for desk in unknown:
            trust_device(conn, desk.device_id, desk.public_key, desk.label, "package", now)
            book.forget(desk.device_id)
        for stream in streams.values():
            verdict = verify_stream(stream, header.signed_heads, book.key_for(stream[0].device_id))
            if not verdict.complete:
                raise PackageError(
                    _("Journal non vérifié : {reason}.").format(reason=verdict.reason)
                )
        store_signed_heads(conn, header.signed_heads)
        outcomes = ingest_events(
            conn, events, services.journal.registry, services.journal, defer=True
        )
        released = _let_in_held(conn, services)
    return ImportReport(
        header=header,
        accepted=sum(1 for o in outcomes if o.status is IngestStatus.ACCEPTED),
        duplicates=sum(1 for o in outcomes if o.status is IngestStatus.DUPLICATE),
        rejected=tuple(o for o in outcomes if o.status is IngestStatus.REJECTED),
        trusted=tuple(unknown),
        released=released,
    )


def _let_in_held(conn: Connection, services: Services) -> int:
    """Retrying held events is a bonus of the import, not part of it: should it fail (or its
    entry point fail to load), the package still goes in whole, and the held events wait for
    the next sync (logged)."""
    try:
        with conn.begin_nested():
            return sum(int(hook(conn, services)) for hook in hooks(AFTER_PACKAGE_IMPORT))
    except Exception:
        logger.exception("held events could not be retried after the import")
        return 0


def released_message(count: int) -> str:
    return ngettext(
        "{count} événement reçu plus tôt et mis en attente a pu être appliqué.",
        "{count} événements reçus plus tôt et mis en attente ont pu être appliqués.",
        count,
    ).format(count=count)


def _unknown_desks(
    book: KeyBook, streams: dict[tuple[str, str], list[JournalEvent]]
) -> list[UnknownDesk]:
    """Devices of the package whose key nobody vouches for, with the key their stream announces."""
    unknown: dict[str, UnknownDesk] = {}
    for (_meeting, device_id), stream in streams.items():
        if device_id in unknown or book.key_for(device_id) is not None:
            continue
        joined = stream[0]
        if joined.type != DEVICE_JOINED or not isinstance(joined.payload.get("public_key"), str):
            raise PackageError(
                _("Journal non vérifié : {reason}.").format(
                    reason=verify_stream(stream, (), None).reason
                )
            )
        unknown[device_id] = UnknownDesk(
            device_id, str(joined.payload.get("label", "")), str(joined.payload["public_key"])
        )
    return sorted(unknown.values(), key=lambda desk: (desk.label, desk.device_id))
