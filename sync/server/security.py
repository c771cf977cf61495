"""Secrets the server hands out: device tokens and one-time enroll codes, stored only as hashes.

Both are random with at least 128 bits (tokens 256), so a plain SHA-256 is enough to store them: a
leaked table reveals nothing usable, and a lookup by hash needs no slow key derivation.
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "cdt_"
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud or typed by hand
CODE_GROUPS = 6
CODE_GROUP_LENGTH = 5


def new_device_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


def new_enroll_code() -> str:
    """A code like ``K7QXM-2HRTB-…`` (30 characters from 32 symbols: 150 bits)."""
    groups = (
        "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_GROUP_LENGTH))
        for _ in range(CODE_GROUPS)
    )
    return "-".join(groups)


def normalize_enroll_code(code: str) -> str:
    """Accept the code however it was typed: case, spaces and dashes do not matter."""
    return "".join(ch for ch in code.upper() if ch.isalnum())


def secret_hash(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def enroll_code_hash(code: str) -> str:
    return secret_hash("enroll:" + normalize_enroll_code(code))
