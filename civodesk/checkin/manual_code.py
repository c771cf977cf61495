"""The 8-character manual code printed under the QR, for typing when a QR will not scan.

The alphabet leaves out O and I (read as 0 and 1) and 0 and 1 themselves: 24 letters and the
digits 2–9, 32 symbols, so 8 characters give 2⁴⁰ codes; uniqueness within a meeting is checked when
issuing. Typed codes are read leniently: lower case, spaces and dashes are accepted.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable

ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
LENGTH = 8


def new_manual_code(
    is_taken: Callable[[str], bool], random_index: Callable[[int], int] = secrets.randbelow
) -> str:
    """A fresh code not yet used in the meeting."""
    while True:
        code = "".join(ALPHABET[random_index(len(ALPHABET))] for _ in range(LENGTH))
        if not is_taken(code):
            return code


def normalize_manual_code(text: str) -> str | None:
    """The code a person meant, or None if ``text`` cannot be one ("abcd-efgh" → "ABCDEFGH")."""
    compact = "".join(text.split()).replace("-", "").upper()
    if len(compact) != LENGTH:
        return None
    return compact if all(char in ALPHABET for char in compact) else None


def format_manual_code(code: str) -> str:
    """Printed in two groups of four, easier to read aloud and to copy."""
    return f"{code[:4]} {code[4:]}"
