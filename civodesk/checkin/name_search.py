"""Accent- and case-insensitive name matching ("Hélène" is found by "helene", "HELENE", "hél").

Names are folded once, when projected, into ``participants.search_name``; a query is folded the same
way and matched word by word, so a search over 20,000 people is a scan of one short column.
"""

from __future__ import annotations

import re
import unicodedata

_SEPARATORS = re.compile(r"[^0-9a-z]+")
_LIGATURES = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss", "ø": "o", "ł": "l", "đ": "d"})


def fold(text: str) -> str:
    """Lower case, no accents, ligatures spelled out, punctuation turned into single spaces."""
    lowered = text.casefold().translate(_LIGATURES)
    decomposed = unicodedata.normalize("NFKD", lowered)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _SEPARATORS.sub(" ", bare).strip()


SEARCH_KEY_LENGTH = 400
"""The ``participants.search_name`` column's length: folding can lengthen a name (« ß » → « ss »,
« ㎯ » → « rad s2 »), so the key is cut to fit, the same on SQLite and PostgreSQL."""


def search_key(first_name: str | None, last_name: str | None) -> str | None:
    """What is stored for a participant; None when the names were erased."""
    if not first_name and not last_name:
        return None
    folded = fold(" ".join((first_name or "", last_name or "")))
    return f" {folded[: SEARCH_KEY_LENGTH - 2]} "


def query_words(query: str) -> list[str]:
    """The folded words of a search; each must appear in the stored key."""
    return fold(query).split()
