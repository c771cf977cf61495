"""Recognising a scan typed through the wrong keyboard layout (AZERTY/QWERTY mismatch).

A USB scanner "types" key positions, not characters: a scanner set to US QWERTY on a French AZERTY
computer sends the key left of "3" for "2", which the computer reads as "é"; its "A" key arrives
as "Q", "Z" as "W", and "M" as "?". The reverse mismatch (a scanner set to AZERTY on a QWERTY
computer) turns digits into "!@#…" and "M" into ":". Both are recognisable: mapping the text back
gives a well-formed badge or manual code. The desk then refuses the scan and says how to fix it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from civodesk.i18n import _


class LayoutMismatch(StrEnum):
    SCANNER_QWERTY_COMPUTER_AZERTY = "scanner_qwerty_computer_azerty"
    SCANNER_AZERTY_COMPUTER_QWERTY = "scanner_azerty_computer_qwerty"


_LETTER_SWAPS = {"A": "Q", "Q": "A", "Z": "W", "W": "Z"}

# What the computer reads → what the scanner meant.
_QWERTY_SCANNER_ON_AZERTY = str.maketrans(
    {
        **dict(zip("&é\"'(-è_çà", "1234567890", strict=True)),
        **_LETTER_SWAPS,
        "?": "M",
        "M": ":",
    }
)
_AZERTY_SCANNER_ON_QWERTY = str.maketrans(
    {
        **dict(zip("!@#$%^&*()", "1234567890", strict=True)),
        **_LETTER_SWAPS,
        ":": "M",
        "M": "?",
    }
)

_MARKERS = {
    LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY: frozenset("&é\"'(-è_çà?"),
    LayoutMismatch.SCANNER_AZERTY_COMPUTER_QWERTY: frozenset("!@#$%^&*():"),
}
_TABLES = {
    LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY: _QWERTY_SCANNER_ON_AZERTY,
    LayoutMismatch.SCANNER_AZERTY_COMPUTER_QWERTY: _AZERTY_SCANNER_ON_QWERTY,
}


@dataclass(frozen=True)
class LayoutDiagnosis:
    mismatch: LayoutMismatch
    intended: str

    @property
    def advice(self) -> str:
        """What to tell the person at the desk, in plain words."""
        if self.mismatch == LayoutMismatch.SCANNER_QWERTY_COMPUTER_AZERTY:
            return _(
                "Le lecteur est réglé en clavier QWERTY alors que l'ordinateur est en AZERTY. "
                "Scannez le code « clavier français (AZERTY) » de la notice du lecteur, "
                "ou passez l'ordinateur en clavier QWERTY, puis scannez à nouveau."
            )
        return _(
            "Le lecteur est réglé en clavier AZERTY alors que l'ordinateur est en QWERTY. "
            "Scannez le code « clavier US (QWERTY) » de la notice du lecteur, "
            "ou passez l'ordinateur en clavier AZERTY, puis scannez à nouveau."
        )


def diagnose_layout(text: str, is_wellformed: Callable[[str], bool]) -> LayoutDiagnosis | None:
    """The mismatch that explains ``text``, if mapping it back makes a well-formed badge or code.

    ``is_wellformed`` says whether a text has the shape of a token or manual code; ``text`` itself
    is assumed not to (the caller tried it first).
    """
    for mismatch, markers in _MARKERS.items():
        if not any(char in markers for char in text):
            continue
        intended = text.translate(_TABLES[mismatch])
        if is_wellformed(intended):
            return LayoutDiagnosis(mismatch, intended)
    return None


def as_typed_through(text: str, mismatch: LayoutMismatch) -> str:
    """What the computer reads when ``text`` is typed through ``mismatch`` (for tests and demos)."""
    table = _TABLES[mismatch]
    inverse = {value: chr(key) for key, value in table.items() if isinstance(value, str)}
    return "".join(inverse.get(char, char) for char in text)
