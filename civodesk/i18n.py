"""The one translation catalog, on stdlib gettext so the core needs no Qt.

Message ids are written in French, the product's first language; ``resources/translations/en``
holds the English catalog, which must be complete (checked by ``python -m civodesk.i18n_build
check``). Use named placeholders: ``_("Bonjour {name}").format(name=...)``.
"""

from __future__ import annotations

import gettext as _gettext
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from civodesk.paths import resources_dir

DOMAIN = "civodesk"
SUPPORTED_LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = DEFAULT_LANGUAGE
_this_thread = threading.local()  # a document written in another language than the interface


def set_language(language: str) -> None:
    """Switch every later ``_()`` call to ``language`` ("fr" or "en")."""
    global _translation, _language
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    _language = language
    _translation = _load(language)


def _load(language: str) -> _gettext.NullTranslations:
    if language == DEFAULT_LANGUAGE:
        return _gettext.NullTranslations()
    return _gettext.translation(
        DOMAIN, localedir=resources_dir() / "translations", languages=[language], fallback=True
    )


@contextmanager
def language_on_this_thread(language: str) -> Iterator[None]:
    """Translate in ``language`` on the calling thread only while the block runs.

    A worker thread can write the English minutes while the interface stays in French: the
    process-wide language set by ``set_language`` is left alone.
    """
    if language not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language: {language!r}")
    saved = getattr(_this_thread, "chosen", None)
    _this_thread.chosen = (language, _load(language))
    try:
        yield
    finally:
        _this_thread.chosen = saved


def _chosen() -> tuple[str, _gettext.NullTranslations]:
    chosen: tuple[str, _gettext.NullTranslations] | None = getattr(_this_thread, "chosen", None)
    return chosen if chosen is not None else (_language, _translation)


def current_language() -> str:
    return _chosen()[0]


def _(message: str) -> str:
    return _chosen()[1].gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    language, translation = _chosen()
    if language == DEFAULT_LANGUAGE:  # French: 0 and 1 are singular ("0 réunion")
        return singular if abs(n) < 2 else plural
    return translation.ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string for extraction without translating it yet (module-level constants)."""
    return message


ELIDING_INITIALS = frozenset("aàâäeéèêëiîïoôöuùûüyhAÀÂÄEÉÈÊËIÎÏOÔÖUÙÛÜYH")


def elides(name: str) -> bool:
    """Whether French writes "d'" rather than "de" before ``name`` ("Badge d'Awa", "d'Hélène").

    Names take the elision before a vowel and before h (nearly always mute in first names); the
    caller picks between two messages, "… de {name}" and "… d'{name}", both translated.
    """
    return bool(name) and name[0] in ELIDING_INITIALS
