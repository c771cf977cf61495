"""Desktop packaging: the files a desktop, a software centre, PyInstaller and Inno Setup read.

They are checked against the application itself (its version, its command, its icons, its data
folder), and the wheel build is run to show that an installed CivoDesk finds its resources.
"""

from __future__ import annotations

import ast
import configparser
import gettext
import os
import re
import shutil
import subprocess
import sys
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po

import civodesk
from civodesk.paths import APP_NAME

ROOT = Path(__file__).resolve().parents[2]
DESKTOP_DIR = ROOT / "packaging" / "desktop"
APP_ID = "fr.civodesk.CivoDesk"
DESKTOP_FILE = DESKTOP_DIR / "linux" / f"{APP_ID}.desktop"
METAINFO_FILE = DESKTOP_DIR / "linux" / f"{APP_ID}.metainfo.xml"
INNO_FILE = DESKTOP_DIR / "windows" / "civodesk.iss"
SPEC_FILE = DESKTOP_DIR / "civodesk.spec"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def desktop_entry() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]  # keys are case-sensitive
    parser.read(DESKTOP_FILE, encoding="utf-8")
    return parser["Desktop Entry"]


def metainfo() -> ET.Element:
    return ET.parse(METAINFO_FILE).getroot()


def by_language(elements: list[ET.Element]) -> dict[str | None, ET.Element]:
    return {element.get(XML_LANG): element for element in elements}


def calls(path: Path, function: str) -> list[ast.Call]:
    """Every call to ``function`` (a plain name or a method) in a Python file."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
            if name == function:
                found.append(node)
    return found


def literal_first_arguments(path: Path, function: str) -> list[object]:
    """The first argument of each call to ``function``, ``None`` where it is not a literal."""
    return [
        ast.literal_eval(call.args[0])
        if call.args and isinstance(call.args[0], ast.Constant)
        else None
        for call in calls(path, function)
    ]


def literal_keyword(path: Path, function: str, keyword: str) -> list[object]:
    return [
        ast.literal_eval(k.value)
        for call in calls(path, function)
        for k in call.keywords
        if k.arg == keyword and isinstance(k.value, ast.Constant)
    ]


def module_constant(path: Path, name: str) -> Any:
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{name} is not defined in {path}")


def inno_sections() -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for raw in INNO_FILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if re.fullmatch(r"\[\w+\]", line):
            current = line[1:-1]
            sections[current] = []
        elif line and not line.startswith(";"):
            sections.setdefault(current, []).append(line)
    return sections


def inno_setup_directives() -> dict[str, str]:
    return dict(line.split("=", 1) for line in inno_sections()["Setup"])


def inno_defines() -> dict[str, str]:
    text = INNO_FILE.read_text(encoding="utf-8")
    return dict(re.findall(r'#define (\w+) "([^"]*)"', text))


# --- Linux desktop entry -------------------------------------------------------------------------


def test_desktop_entry_starts_the_installed_command_with_the_application_icon() -> None:
    entry = desktop_entry()
    assert entry["Type"] == "Application"
    assert entry["Exec"] == "civodesk"
    assert "civodesk" in pyproject()["project"]["scripts"]
    assert entry["Terminal"] == "false"
    assert (ROOT / "resources" / "icons" / f"{entry['Icon']}.svg").is_file()


def test_desktop_entry_is_named_and_described_in_french_and_english() -> None:
    entry = desktop_entry()
    for key in ("Name", "GenericName", "Comment", "Keywords"):
        assert entry[key].strip(), key
        assert entry[f"{key}[fr]"].strip(), f"{key}[fr]"
    assert entry["Comment"] != entry["Comment[fr]"]
    assert entry["Name"] == entry["Name[fr]"] == APP_NAME


def test_desktop_entry_lists_are_terminated_and_in_the_office_category() -> None:
    entry = desktop_entry()
    for key in ("Categories", "Keywords", "Keywords[fr]"):
        assert entry[key].endswith(";"), key
    assert "Office" in entry["Categories"].split(";")


def test_desktop_entry_matches_what_the_running_window_reports() -> None:
    """Docks and task bars match a window to its entry: Wayland by app id, X11 by WM_CLASS."""
    ui_app = ROOT / "ui" / "shell" / "app.py"
    assert literal_first_arguments(ui_app, "setDesktopFileName") == [DESKTOP_FILE.stem]
    (application_name,) = calls(ui_app, "setApplicationName")
    assert ast.unparse(application_name.args[0]) == "APP_NAME"
    assert module_constant(ui_app, "APP_NAME") == desktop_entry()["StartupWMClass"]


# --- AppStream metainfo -------------------------------------------------------------------------


def test_metainfo_names_the_desktop_entry_and_the_command() -> None:
    component = metainfo()
    assert component.get("type") == "desktop-application"
    assert component.findtext("id") == DESKTOP_FILE.stem
    launchable = component.find("launchable")
    assert launchable is not None
    assert launchable.get("type") == "desktop-id"
    assert launchable.text == DESKTOP_FILE.name
    assert component.findtext("provides/binary") == desktop_entry()["Exec"]
    assert component.findtext("name") == APP_NAME


def test_metainfo_latest_release_is_the_application_version() -> None:
    releases = metainfo().findall("releases/release")
    assert releases, "no <release>"
    assert releases[0].get("version") == civodesk.__version__
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", releases[0].get("date") or "")
    assert civodesk.__version__ == pyproject()["project"]["version"]


def test_metainfo_summary_and_description_exist_in_english_and_french() -> None:
    component = metainfo()
    summaries = by_language(component.findall("summary"))
    assert set(summaries) == {None, "fr"}
    paragraphs = by_language(component.findall("description/p"))
    lists = by_language(component.findall("description/ul"))
    assert set(paragraphs) == set(lists) == {None, "fr"}
    for language in (None, "fr"):
        assert (paragraphs[language].text or "").strip()
        assert len(lists[language].findall("li")) == len(lists[None].findall("li"))


def test_metainfo_license_category_and_screenshot_match_the_project() -> None:
    component = metainfo()
    project_license = pyproject()["project"]["license"]
    assert component.findtext("project_license") == project_license
    categories = [c.text for c in component.findall("categories/category")]
    assert categories == [c for c in desktop_entry()["Categories"].split(";") if c]
    images = [image.text or "" for image in component.findall("screenshots/screenshot/image")]
    assert images == ["docs/screenshot.png"]
    assert (ROOT / images[0]).is_file()
    captions = by_language(component.findall("screenshots/screenshot/caption"))
    assert set(captions) == {None, "fr"}


# --- PyInstaller spec ---------------------------------------------------------------------------


def test_spec_is_valid_python_and_bundles_every_entry_point_group_the_app_reads() -> None:
    source = SPEC_FILE.read_text(encoding="utf-8")
    compile(source, str(SPEC_FILE), "exec")
    bundled_groups = set(module_constant(SPEC_FILE, "ENTRY_POINT_GROUPS"))
    declared = pyproject()["project"]["entry-points"]
    read_by_app = {
        group
        for path in (ROOT / "civodesk").rglob("*.py")
        for group in literal_keyword(path, "entry_points", "group")
    }
    assert set(declared) | read_by_app <= bundled_groups
    assert 'copy_metadata("civodesk")' in source


def test_spec_programs_are_the_ones_the_desktop_entry_and_installer_start() -> None:
    programs = set(literal_first_arguments(SPEC_FILE, "program"))
    assert desktop_entry()["Exec"] in programs  # Linux build
    assert inno_defines()["AppExe"].removesuffix(".exe") in programs  # Windows build
    assert literal_keyword(SPEC_FILE, "COLLECT", "name") == ["CivoDesk"]
    assert inno_defines()["DistDir"].replace("\\", "/").endswith("/dist/CivoDesk")


# --- Inno Setup script --------------------------------------------------------------------------


def test_installer_is_per_user_in_french_and_english_at_the_application_version() -> None:
    setup = inno_setup_directives()
    assert setup["PrivilegesRequired"] == "lowest"
    assert setup["DefaultDirName"] == r"{autopf}\{#AppName}"
    assert inno_defines()["AppVersion"] == civodesk.__version__
    assert inno_defines()["AppName"] == APP_NAME
    languages = [line.split(";")[0] for line in inno_sections()["Languages"]]
    assert languages == ['Name: "fr"', 'Name: "en"']
    messages = [line.split(".", 1)[0] for line in inno_sections()["CustomMessages"]]
    assert sorted(messages) == ["en", "fr"]


def test_installer_adds_a_start_menu_shortcut_and_never_deletes_the_data_folder() -> None:
    icons = inno_sections()["Icons"]
    assert any(line.startswith(r'Name: "{autoprograms}\{#AppName}"') for line in icons)
    assert "UninstallDelete" not in inno_sections()
    text = INNO_FILE.read_text(encoding="utf-8")
    assert "DelTree" not in text
    assert "DeleteFile" not in text
    # the folder named to the user is platformdirs' user data dir on Windows
    assert r"ExpandConstant('{localappdata}\{#AppName}')" in text
    assert "GetEnv('CIVODESK_HOME')" in text


# --- Wheel build --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_package(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``setup.py``'s ``build_py`` run on a copy of the source tree: what a wheel contains."""
    source = tmp_path_factory.mktemp("source")
    for name in ("setup.py", "pyproject.toml", "README.md", "MANIFEST.in"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in ("civodesk", "ui", "sync", "resources"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    build_lib = tmp_path_factory.mktemp("build_lib")
    subprocess.run(
        [sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(build_lib)],
        cwd=source,
        check=True,
        capture_output=True,
    )
    return build_lib


def test_wheel_ships_resources_with_compiled_catalogs_and_migrations(built_package: Path) -> None:
    shipped = built_package / "civodesk" / "resources"
    for icon in (ROOT / "resources" / "icons").glob("*.svg"):
        assert (shipped / "icons" / icon.name).is_file(), icon.name
    assert (shipped / "styles" / "civodesk.qss").is_file()
    assert (shipped / "translations" / "en" / "LC_MESSAGES" / "civodesk.mo").is_file()
    assert not list(shipped.rglob("*.po"))
    assert not list(shipped.rglob("*.pot"))
    migrations = built_package / "civodesk" / "migrations"
    assert (migrations / "env.py").is_file()
    for script in (ROOT / "civodesk" / "migrations" / "versions").glob("0*.py"):
        assert (migrations / "versions" / script.name).is_file(), script.name
    client_migrations = built_package / "sync" / "client" / "migrations"
    assert (client_migrations / "env.py").is_file()
    for script in (ROOT / "sync" / "client" / "migrations" / "versions").glob("c*.py"):
        assert (client_migrations / "versions" / script.name).is_file(), script.name


def test_compiled_catalog_translates_like_the_source_catalog(built_package: Path) -> None:
    po_file = ROOT / "resources" / "translations" / "en" / "LC_MESSAGES" / "civodesk.po"
    with po_file.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    singular = [(m.id, m.string) for m in catalog if isinstance(m.id, str) and m.id and m.string]
    assert len(singular) > 50
    translations = gettext.translation(
        "civodesk",
        localedir=built_package / "civodesk" / "resources" / "translations",
        languages=["en"],
    )
    for message_id, english in singular:
        assert translations.gettext(message_id) == english


def installed_resources_dir(package_root: Path, **environment: str) -> Path:
    """``resources_dir()`` as an installed CivoDesk (imported from ``package_root``) sees it."""
    env = {k: v for k, v in os.environ.items() if k != "CIVODESK_RESOURCES"}
    env.update(PYTHONPATH=str(package_root), PYTHONSAFEPATH="1", **environment)
    result = subprocess.run(
        [sys.executable, "-c", "from civodesk.paths import resources_dir; print(resources_dir())"],
        cwd=package_root.parent,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return Path(result.stdout.strip())


def test_installed_package_finds_its_own_resources(built_package: Path) -> None:
    assert installed_resources_dir(built_package) == built_package / "civodesk" / "resources"


def test_resources_override_wins_over_the_shipped_ones(built_package: Path, tmp_path: Path) -> None:
    found = installed_resources_dir(built_package, CIVODESK_RESOURCES=str(tmp_path))
    assert found == tmp_path


def test_source_checkout_uses_the_top_level_resources() -> None:
    assert installed_resources_dir(ROOT) == ROOT / "resources"


# --- Linux menu entry installer -----------------------------------------------------------------


def run_entry_installer(data_home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["sh", str(DESKTOP_DIR / "linux" / "install-desktop-entry.sh"), *arguments],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "XDG_DATA_HOME": str(data_home)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_menu_entry_installer_points_the_entry_at_the_program_and_uninstalls(
    tmp_path: Path,
) -> None:
    program = tmp_path / "Civo Desk" / "civodesk"
    program.parent.mkdir()
    program.write_text("#!/bin/sh\n", encoding="utf-8")
    program.chmod(0o755)
    data_home = tmp_path / "share"
    installed = run_entry_installer(data_home, str(program))
    assert installed.returncode == 0, installed.stderr
    entry = (data_home / "applications" / DESKTOP_FILE.name).read_text(encoding="utf-8")
    source = DESKTOP_FILE.read_text(encoding="utf-8")
    assert entry == source.replace("Exec=civodesk\n", f'Exec="{program}"\n')
    assert (data_home / "metainfo" / METAINFO_FILE.name).read_bytes() == METAINFO_FILE.read_bytes()
    icon = data_home / "icons" / "hicolor" / "scalable" / "apps" / "civodesk.svg"
    assert icon.read_bytes() == (ROOT / "resources" / "icons" / "civodesk.svg").read_bytes()

    removed = run_entry_installer(data_home, "--uninstall")
    assert removed.returncode == 0, removed.stderr
    assert not (data_home / "applications" / DESKTOP_FILE.name).exists()
    assert not (data_home / "metainfo" / METAINFO_FILE.name).exists()
    assert not icon.exists()


def test_menu_entry_installer_refuses_a_missing_program(tmp_path: Path) -> None:
    result = run_entry_installer(tmp_path / "share", str(tmp_path / "missing" / "civodesk"))
    assert result.returncode == 1
    assert "not an executable program" in result.stderr
    assert not (tmp_path / "share" / "applications").exists()
