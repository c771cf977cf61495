"""The command line speaks the user's language: ``--lang``, else ``CIVODESK_LANG``, else the locale.

The language must be known before the parser is built, because help texts are translated when the
arguments are declared. argparse's own words ("usage", "options", its error messages) come from the
standard library in English; in French they are replaced by the translations below.
"""

from __future__ import annotations

import argparse
import gettext
from collections.abc import Mapping, Sequence

from civodesk.i18n import DEFAULT_LANGUAGE, set_language

LANGUAGE_VARIABLES = ("CIVODESK_LANG", "LC_ALL", "LC_MESSAGES", "LANG")

ARGPARSE_IN_FRENCH = {
    "usage: ": "utilisation : ",
    # argparse appends ":" to section titles; French puts a space before it.
    "positional arguments": "arguments positionnels ",
    "options": "options ",
    "show this help message and exit": "affiche cette aide et quitte",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "l'un des arguments %s est obligatoire",
    "expected one argument": "une valeur est attendue",
    "expected at most one argument": "une valeur au plus est attendue",
    "expected at least one argument": "au moins une valeur est attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
}


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """ "en" when ``--lang en`` is given, or the environment names an English locale; else "fr"."""
    for index, argument in enumerate(argv):
        if argument == "--":
            break
        value = None
        if argument == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif argument.startswith("--lang="):
            value = argument.partition("=")[2]
        if value is not None:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    for name in LANGUAGE_VARIABLES:
        value = environ.get(name, "")
        if value:
            return "en" if value.lower().startswith("en") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def _argparse_french(message: str) -> str:
    return ARGPARSE_IN_FRENCH.get(message, message)


def use_language(language: str) -> None:
    """Translate CivoDesk's messages and argparse's own words into ``language``."""
    set_language(language)
    # argparse looks up its module-level ``_`` each time it formats a message.
    argparse._ = _argparse_french if language == "fr" else gettext.gettext  # type: ignore[attr-defined]
