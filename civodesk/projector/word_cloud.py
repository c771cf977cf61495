"""The word cloud of a set of ideas: stop words out, words grouped by stem, most frequent first.

Each word is stemmed as French and as English; the French stem is used unless the word is only
English (its English stem then groups « bikes » with « bike »). The word shown for a group is its
most frequent spelling, in lower case unless always written with capitals (« Paris »).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

from civodesk.projector.stop_words import ENGLISH, FRENCH, STOP_WORDS

WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*", re.UNICODE)
ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu)['’]", re.IGNORECASE)
MIN_LENGTH = 3

_french = snowballstemmer.stemmer("french")
_english = snowballstemmer.stemmer("english")


@dataclass(frozen=True)
class CloudWord:
    text: str
    count: int
    weight: float  # 1.0 for the most frequent word, down to near 0


def words_of(text: str) -> list[str]:
    """The meaningful words of ``text``: elisions (l', qu') cut, stop words and short words out."""
    found = []
    for match in WORD.finditer(unicodedata.normalize("NFC", text)):
        word = ELISION.sub("", match.group())
        if len(word) >= MIN_LENGTH and word.casefold() not in STOP_WORDS:
            found.append(word)
    return found


@lru_cache(maxsize=20_000)
def stem(word: str) -> str:
    folded = word.casefold()
    if folded in ENGLISH or folded in FRENCH:
        return folded
    french: str = _french.stemWord(folded)
    english: str = _english.stemWord(folded)
    # A word that French leaves whole but English shortens is most likely English.
    key = english if french == folded and english != folded else french
    # Snowball keeps some plurals whole (« vélos »): a final s or x groups with the singular.
    return key[:-1] if len(key) > 3 and key[-1] in "sx" else key


def word_cloud(texts: Iterable[str], limit: int = 60) -> tuple[CloudWord, ...]:
    counts: Counter[str] = Counter()
    spellings: dict[str, Counter[str]] = {}
    for text in texts:
        for word in words_of(text):
            key = stem(word)
            counts[key] += 1
            spellings.setdefault(key, Counter())[word] += 1
    top = counts.most_common(limit)
    if not top:
        return ()
    highest = top[0][1]
    cloud = []
    for key, count in top:
        shown = _shown_spelling(spellings[key])
        cloud.append(CloudWord(shown, count, count / highest))
    return tuple(cloud)


def _shown_spelling(spellings: Counter[str]) -> str:
    """Lower case, unless every spelling starts with a capital (a place, a name of a thing)."""
    candidates: Counter[str] = Counter()
    keep_capitals = all(spelling[:1].isupper() for spelling in spellings)
    for spelling, count in spellings.items():
        candidates[spelling if keep_capitals else spelling.lower()] += count
    # Most frequent, then shortest, then alphabetical: the same on every run.
    return min(candidates, key=lambda word: (-candidates[word], len(word), word))
