"""Build the translation catalog: ``python -m civodesk.i18n_build {update,compile,check}``.

- ``update`` extracts every ``_()``/``N_()``/``ngettext()`` string from civodesk, ui and sync into
  ``resources/translations/civodesk.pot`` and merges it into each language's ``civodesk.po``
  (existing translations are kept; new strings arrive empty).
- ``compile`` writes the ``.mo`` files the application loads (run by ``make`` during setup).
- ``fill FILE.json`` sets English translations from a ``{"French id": "English"}`` file (plurals:
  ``{"singular id": ["one", "many"]}``) and lists
  the ids still untranslated (handy when a change adds many strings).
- ``check`` fails when a string in the code has no English translation, or a translation is fuzzy
  or no longer used: English must stay complete.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from civodesk.i18n import DOMAIN
from civodesk.paths import resources_dir

SOURCE_PACKAGES = ("civodesk", "ui", "sync")
TRANSLATED_LANGUAGES = ("en",)
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2)}


def project_root() -> Path:
    return Path(__file__).resolve().parent.parent


def translations_dir() -> Path:
    return resources_dir() / "translations"


def po_path(language: str) -> Path:
    return translations_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def extract() -> Catalog:
    catalog = Catalog(project="CivoDesk", locale="fr", fuzzy=False)
    root = project_root()
    for package in SOURCE_PACKAGES:
        directory = root / package
        if not directory.is_dir():
            continue
        for filename, lineno, message, comments, context in extract_from_dir(
            str(directory), method_map=[("**.py", "python")], keywords=KEYWORDS
        ):
            catalog.add(
                message,
                None,
                [(f"{package}/{filename}", lineno)],
                auto_comments=comments,
                context=context,
            )
    return catalog


def _read(path: Path, language: str) -> Catalog:
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, project="CivoDesk", fuzzy=False)
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def update() -> None:
    template = extract()
    translations_dir().mkdir(parents=True, exist_ok=True)
    with (translations_dir() / f"{DOMAIN}.pot").open("wb") as handle:
        write_po(
            handle, template, width=100, omit_header=True, sort_output=True, include_lineno=False
        )
    for language in TRANSLATED_LANGUAGES:
        path = po_path(language)
        catalog = _read(path, language)
        catalog.update(template, no_fuzzy_matching=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(
                handle,
                catalog,
                width=100,
                sort_output=True,
                ignore_obsolete=True,
                include_lineno=False,
            )


def compile_catalogs() -> None:
    for language in TRANSLATED_LANGUAGES:
        path = po_path(language)
        catalog = _read(path, language)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


def fill(translations: dict[str, str | list[str]], language: str = "en") -> list[str]:
    """Set translations by message id; returns the ids still without a translation."""
    path = po_path(language)
    catalog = _read(path, language)
    for message in catalog:
        if message.id and isinstance(message.id, str) and message.id in translations:
            message.string = translations[message.id]
        elif isinstance(message.id, tuple) and message.id[0] in translations:
            # plural forms: {"singular id": ["singular", "plural"]}
            forms = translations[message.id[0]]
            if isinstance(forms, str):
                raise ValueError(f"{message.id[0]!r} has plural forms: give a list of strings")
            message.string = tuple(forms)
        else:
            continue
        message.flags.discard("fuzzy")  # a translation given by hand is settled
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)
    return [str(m.id) for m in catalog if m.id and not m.string]


def check() -> list[str]:
    """Problems that make the English catalog incomplete; empty when all is well."""
    template = extract()
    problems: list[str] = []
    for language in TRANSLATED_LANGUAGES:
        catalog = _read(po_path(language), language)
        for message in template:
            if not message.id:
                continue
            translated = catalog.get(message.id, context=message.context)
            locations = ", ".join(f"{f}:{n}" for f, n in message.locations[:2])
            if (
                translated is None
                or not translated.string
                or (isinstance(translated.string, tuple) and not all(translated.string))
            ):
                problems.append(f"[{language}] untranslated ({locations}): {message.id!r}")
            elif translated.fuzzy:
                problems.append(f"[{language}] fuzzy ({locations}): {message.id!r}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m civodesk.i18n_build", description=__doc__)
    parser.add_argument("action", choices=["update", "compile", "check", "fill"])
    parser.add_argument("file", nargs="?", type=Path, help="JSON translations, for fill")
    args = parser.parse_args(argv)
    action = args.action
    if action == "update":
        update()
    elif action == "fill":
        if args.file is None:
            parser.error("fill needs a JSON file")
        for message_id in fill(json.loads(args.file.read_text(encoding="utf-8"))):
            print(json.dumps(message_id, ensure_ascii=False))
    elif action == "compile":
        compile_catalogs()
    else:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        if problems:
            print(
                f"{len(problems)} translation problem(s): run `python -m civodesk.i18n_build "
                "update`, then translate the empty entries in resources/translations/en/.",
                file=sys.stderr,
            )
            return 1
        print("Translations complete.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
