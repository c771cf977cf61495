"""Text made safe to draw: a character no embedded font has becomes a visible U+FFFD (�).

Without this, a PDF shows an invisible or empty box for an emoji or a rare symbol and the text
extracted from it silently loses the character. The replacement is visible on paper, survives
extraction, and one emoji (with its skin-tone modifier, variation selector or zero-width joiner
sequence) becomes one mark, not four. Control characters become spaces; text is NFC-normalized
first, so a decomposed "é" (e + combining acute) is drawn with the precomposed glyph.
"""

from __future__ import annotations

import unicodedata
from xml.sax.saxutils import escape

from civodesk.documents.fonts import SANS, covered_characters

REPLACEMENT = "\ufffd"
NARROW_NBSP = "\u202f"
NBSP = "\u00a0"
ZERO_WIDTH_JOINER = "\u200d"
# marks that belong to the previous character: they vanish with it when it is replaced
_COMBINING = {"Mn", "Me"}
_INVISIBLE = {"Cf", "Cs"}  # format characters (joiners, selectors, soft hyphen) and surrogates
_LINE_BREAKS = {"Cc", "Zl", "Zp"}
_EMOJI_MODIFIERS = range(0x1F3FB, 0x1F400)
_TAG_CHARACTERS = range(0xE0020, 0xE0080)
_VARIATION_SELECTORS = range(0xFE00, 0xFE10)
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)  # two of them make a flag


def _is_invisible(char: str) -> bool:
    code = ord(char)
    return (
        unicodedata.category(char) in _INVISIBLE
        or code in _TAG_CHARACTERS
        or code in _VARIATION_SELECTORS
        or 0xE0100 <= code <= 0xE01EF
    )


def _extends_cluster(char: str) -> bool:
    """A character that belongs to the previous one (modifier, selector, combining mark…)."""
    return (
        _is_invisible(char)
        or ord(char) in _EMOJI_MODIFIERS
        or unicodedata.category(char) in _COMBINING
    )


def printable(text: str, font_name: str = SANS, *, keep_newlines: bool = False) -> str:
    """``text`` with every character ``font_name`` lacks replaced visibly; never raises."""
    covered = covered_characters(font_name)
    text = unicodedata.normalize("NFC", text)
    if covered.issuperset(map(ord, text)):
        return text  # the common case, kept fast for thousands of table cells
    out: list[str] = []
    replaced = False  # the last character written stands for an uncovered cluster
    joined = False  # a zero-width joiner continues that cluster with the next character
    flag_half = False  # the replacement stands for the first regional indicator of a flag
    for char in text:
        if char == "\n" and keep_newlines:
            out.append(char)
            replaced = joined = flag_half = False
        elif unicodedata.category(char) in _LINE_BREAKS:
            out.append(" ")
            replaced = joined = flag_half = False
        elif joined:  # the next part of an emoji sequence (👨‍👩‍👧), whatever it is
            joined = False
        elif replaced and (char == ZERO_WIDTH_JOINER or _extends_cluster(char)):
            joined = char == ZERO_WIDTH_JOINER
        elif flag_half and ord(char) in _REGIONAL_INDICATORS:
            flag_half = False
        elif ord(char) in covered:
            out.append(char)
            replaced = flag_half = False
        elif _is_invisible(char):
            continue  # an unsupported selector or joiner draws nothing anyway
        else:  # a missing letter, symbol, emoji or combining mark: shown, never dropped
            out.append(REPLACEMENT)
            replaced = True
            flag_half = ord(char) in _REGIONAL_INDICATORS
    return "".join(out)


def paragraph_markup(text: str, font_name: str = SANS) -> str:
    """User text as reportlab paragraph markup: printable, XML-escaped, newlines as ``<br/>``.

    Reportlab's paragraphs break lines at U+202F (and drop it), so the narrow no-break spaces of
    French typography become U+00A0, which they keep and never break at.
    """
    safe = escape(printable(text, font_name, keep_newlines=True))
    return safe.replace(NARROW_NBSP, NBSP).replace("\n", "<br/>")
