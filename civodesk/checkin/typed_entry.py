"""What a text typed at the desk is — a badge, a manual code, or a name — read from its content.

A USB scanner ("keyboard wedge") types a badge like a keyboard, then Enter. Telling it from a
person by the speed of the keys failed on a loaded machine (a pause split a scan in two) and on
Shift (scanners press it around each capital), so the desk now reads only *what* was typed when
Enter (or a scanner's Tab) arrives:

- a badge: the text ends with a word of at least ``MIN_BADGE_LENGTH`` characters starting with
  the badge prefix ``CV`` (in any case, possibly typed through the wrong keyboard layout, possibly
  after a few letters of a name already in the search field); the desk's scan check then says
  whether it is genuine;
- a manual code: 8 characters of the code alphabet, in any case, with or without a space or dash;
- otherwise a name to search, and Enter admits only a person the user chose.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from civodesk.checkin.badge_token import PREFIX, TOKEN_LENGTH
from civodesk.checkin.keyboard_layout import diagnose_layout
from civodesk.checkin.manual_code import normalize_manual_code

MIN_BADGE_LENGTH = 32
"""Shorter than any badge (158), longer than any name typed without a space."""


class EntryKind(Enum):
    NOTHING = "nothing"
    BADGE = "badge"
    MANUAL_CODE = "manual_code"
    NAME = "name"


@dataclass(frozen=True)
class TypedEntry:
    """``text`` is what to hand on: the badge alone (without a name typed before it), the code as
    typed, or the name."""

    kind: EntryKind
    text: str

    @property
    def is_scan(self) -> bool:
        return self.kind in (EntryKind.BADGE, EntryKind.MANUAL_CODE)


def read_typed_entry(text: str) -> TypedEntry:
    stripped = text.strip()
    if not stripped:
        return TypedEntry(EntryKind.NOTHING, "")
    badge = _badge_at_end(stripped)
    if badge is not None:
        return TypedEntry(EntryKind.BADGE, badge)
    if normalize_manual_code(stripped) is not None or _mistyped_code(stripped):
        return TypedEntry(EntryKind.MANUAL_CODE, stripped)
    return TypedEntry(EntryKind.NAME, stripped)


def _badge_at_end(text: str) -> str | None:
    """The badge that ends ``text``: preferably its last ``TOKEN_LENGTH`` characters, else the
    longest tail of its last word that starts with the prefix."""
    word = text.split()[-1]
    folded = word.upper()
    if len(word) >= TOKEN_LENGTH and folded[-TOKEN_LENGTH:].startswith(PREFIX):
        return word[-TOKEN_LENGTH:]
    start = folded.find(PREFIX)
    if start >= 0 and len(word) - start >= MIN_BADGE_LENGTH:
        return word[start:]
    return None


def _mistyped_code(text: str) -> bool:
    """A manual code typed by a scanner set to the wrong keyboard layout (the desk says so)."""
    return (
        diagnose_layout(text, lambda intended: normalize_manual_code(intended) is not None)
        is not None
    )
