"""The badge token: what the QR code holds.

Layout (33 bytes, then the 64-byte Ed25519 signature of those 33 bytes)::

    version (1) | key id (4) | meeting digest (8) | participant UUID (16) | issue day (2) | serial (2)

- *key id*: the issuing device's ``DeviceIdentity.key_id`` (8 hex digits), to find its public key
  among the meeting's ``device_keys``;
- *meeting digest*: the first 8 bytes of SHA-256 of the meeting id (a badge of another meeting is
  told apart without carrying a 16-byte id);
- *issue day*: days since 2024-01-01;
- *serial*: tells a reissued badge from the one it replaces (revocation names it).

No name or contact is in it. The 97 bytes are written in RFC 4648 base32 without padding, after the
prefix ``CV``. A token has exactly one valid spelling: its last character carries one data bit and
four zero bits, and a character whose zero bits are set is refused (otherwise 16 spellings of the
same badge would all validate). Text of the right shape whose version byte is not one CivoDesk
could ever have written (0, or above ``MAX_FUTURE_VERSION``) is "not a badge", not "a newer
badge": 158 characters, all in the QR alphanumeric set (a version-8 QR at level M), and only
capital letters and digits, which USB scanners type reliably and which make a keyboard-layout mismatch
recognisable (see ``civodesk.checkin.keyboard_layout``).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import struct
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from civodesk.devices.identity import DeviceIdentity

PREFIX = "CV"
VERSION = 1
EPOCH = date(2024, 1, 1)
_BODY = struct.Struct(">B4s8s16sHH")
SIGNATURE_LENGTH = 64
TOKEN_LENGTH = len(PREFIX) + (8 * (_BODY.size + SIGNATURE_LENGTH) + 4) // 5
BASE32_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
MAX_FUTURE_VERSION = 15
"""Versions above 1 up to this one are newer badges (update the app); others are not badges."""
DAMAGED_LENGTH_SLACK = 8
"""A ``CV…`` text this close to the token length is a damaged scan; further off, not a badge."""


class TokenProblem(StrEnum):
    """Why a token was refused, before any database lookup."""

    NOT_A_BADGE = "not_a_badge"
    DAMAGED = "damaged"
    UNSUPPORTED_VERSION = "unsupported_version"
    UNKNOWN_KEY = "unknown_key"
    BAD_SIGNATURE = "bad_signature"
    OTHER_MEETING = "other_meeting"


@dataclass(frozen=True)
class BadgeClaims:
    """What a genuine token says, once its signature checked out."""

    key_id: str
    meeting_digest: bytes
    participant_id: str
    issued_on: date
    serial: int


@dataclass(frozen=True)
class TokenCheck:
    claims: BadgeClaims | None
    problem: TokenProblem | None

    @property
    def valid(self) -> bool:
        return self.problem is None


def meeting_digest(meeting_id: str) -> bytes:
    return hashlib.sha256(meeting_id.encode()).digest()[:8]


def issue_token(
    device: DeviceIdentity, meeting_id: str, participant_id: str, issued_on: date, serial: int
) -> str:
    """Sign a badge for ``participant_id`` with this device's key."""
    body = _BODY.pack(
        VERSION,
        bytes.fromhex(device.key_id),
        meeting_digest(meeting_id),
        uuid.UUID(participant_id).bytes,
        (issued_on - EPOCH).days,
        serial,
    )
    signed = body + device.sign(body)
    return PREFIX + base64.b32encode(signed).decode("ascii").rstrip("=")


def looks_like_token(text: str) -> bool:
    """Cheap shape test (prefix, length, alphabet), used to tell a badge from other input."""
    return (
        len(text) == TOKEN_LENGTH
        and text.startswith(PREFIX)
        and all(char in BASE32_ALPHABET for char in text[len(PREFIX) :])
    )


def check_token(
    text: str, meeting_id: str, keys: Mapping[str, Sequence[Ed25519PublicKey]]
) -> TokenCheck:
    """Verify a scanned token offline against the meeting's device keys (``key id → keys``).

    Never raises on bad input: anything that is not a genuine badge of this meeting comes back with
    the problem found.
    """
    candidate = text.strip().upper()
    if (
        not candidate.startswith(PREFIX)
        or abs(len(candidate) - TOKEN_LENGTH) > DAMAGED_LENGTH_SLACK
    ):
        return TokenCheck(None, TokenProblem.NOT_A_BADGE)
    if not looks_like_token(candidate):
        return TokenCheck(None, TokenProblem.DAMAGED)
    encoded = candidate[len(PREFIX) :]
    try:
        raw = base64.b32decode(encoded + "=" * (-len(encoded) % 8))
    except (binascii.Error, ValueError):
        return TokenCheck(None, TokenProblem.DAMAGED)
    if len(raw) != _BODY.size + SIGNATURE_LENGTH:
        return TokenCheck(None, TokenProblem.DAMAGED)
    if base64.b32encode(raw).decode("ascii").rstrip("=") != encoded:
        return TokenCheck(None, TokenProblem.DAMAGED)  # padding bits set: not the one spelling
    body, signature = raw[: _BODY.size], raw[_BODY.size :]
    version, key_bytes, digest, participant, day, serial = _BODY.unpack(body)
    if version != VERSION:
        newer = VERSION < version <= MAX_FUTURE_VERSION
        return TokenCheck(
            None, TokenProblem.UNSUPPORTED_VERSION if newer else TokenProblem.NOT_A_BADGE
        )
    claims = BadgeClaims(
        key_id=key_bytes.hex(),
        meeting_digest=digest,
        participant_id=str(uuid.UUID(bytes=participant)),
        issued_on=EPOCH + timedelta(days=day),
        serial=serial,
    )
    same_meeting = digest == meeting_digest(meeting_id)
    candidates = keys.get(claims.key_id, ())
    if not candidates:
        problem = TokenProblem.UNKNOWN_KEY if same_meeting else TokenProblem.OTHER_MEETING
        return TokenCheck(None, problem)
    if not any(_signed_by(key, signature, body) for key in candidates):
        return TokenCheck(None, TokenProblem.BAD_SIGNATURE)
    if not same_meeting:
        return TokenCheck(None, TokenProblem.OTHER_MEETING)
    return TokenCheck(claims, None)


def _signed_by(key: Ed25519PublicKey, signature: bytes, body: bytes) -> bool:
    try:
        key.verify(signature, body)
    except InvalidSignature:
        return False
    return True
