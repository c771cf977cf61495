"""Meeting packages: export, import on another desk, idempotence, tamper refusal, CLI."""

from __future__ import annotations

import hashlib
import json
import re
import struct
from pathlib import Path

import pytest
import zstandard

from civodesk.cli.main import main
from civodesk.clock import ManualClock
from civodesk.db.database import open_database
from civodesk.devices.identity import DeviceIdentity, load_or_create_device
from civodesk.journal.event import canonical_json
from civodesk.participants.participant import ParticipantFields
from civodesk.paths import data_dir
from civodesk.services import build_services
from civodesk.transfer.package import (
    MAGIC,
    SIGNATURE_SIZE,
    PackageError,
    export_meeting,
    import_package,
    parse_package,
)
from tests.core.desks import Desk, dump_tables, open_desk
from tests.factories import AGENDA, meeting_fields


@pytest.fixture
def two_desks(tmp_path: Path):
    first = open_desk(tmp_path / "a.db", "desk-a")
    second = open_desk(tmp_path / "b.db", "desk-b")
    yield first, second
    first.close()
    second.close()


def make_meeting(desk: Desk) -> str:
    meeting_id = desk.services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    desk.services.participants.register_many(
        meeting_id,
        [
            ParticipantFields("Awa", "Diallo", email="awa@example.org"),
            ParticipantFields("Marc", "Lefèvre"),
        ],
        "Émargement",
    )
    return meeting_id


def tables(desk: Desk) -> dict[str, object]:
    with desk.database.read() as conn:
        return dump_tables(conn)


def test_export_then_import_merges_the_meeting(
    two_desks: tuple[Desk, Desk], tmp_path: Path
) -> None:
    first, second = two_desks
    meeting_id = make_meeting(first)
    report = export_meeting(first.services, meeting_id, tmp_path / "m.civo")
    assert report.header.event_count == len(first.events(meeting_id))

    imported = import_package(second.services, tmp_path / "m.civo", trust=True)

    assert imported.accepted == report.header.event_count
    assert not imported.rejected
    assert second.event_ids() == first.event_ids()
    assert tables(second) == tables(first)
    assert second.services.journal_tools.fingerprint(meeting_id) == (
        first.services.journal_tools.fingerprint(meeting_id)
    )
    assert [p.last_name for p in second.services.participants.list_participants(meeting_id)] == [
        p.last_name for p in first.services.participants.list_participants(meeting_id)
    ]


def test_importing_twice_changes_nothing(two_desks: tuple[Desk, Desk], tmp_path: Path) -> None:
    first, second = two_desks
    meeting_id = make_meeting(first)
    export_meeting(first.services, meeting_id, tmp_path / "m.civo")
    import_package(second.services, tmp_path / "m.civo", trust=True)
    before = tables(second), second.event_ids()

    again = import_package(second.services, tmp_path / "m.civo", trust=True)

    assert again.accepted == 0
    assert again.duplicates == len(first.events(meeting_id))
    assert (tables(second), second.event_ids()) == before


def test_packages_carry_every_stream_and_merge_both_ways(
    two_desks: tuple[Desk, Desk], tmp_path: Path
) -> None:
    first, second = two_desks
    meeting_id = make_meeting(first)
    export_meeting(first.services, meeting_id, tmp_path / "a.civo")
    import_package(second.services, tmp_path / "a.civo", trust=True)
    second.services.participants.register_many(meeting_id, [ParticipantFields("Léa", "Martin")])
    first.services.participants.register_many(meeting_id, [ParticipantFields("Jean", "Petit")])

    export_meeting(second.services, meeting_id, tmp_path / "b.civo")
    import_package(first.services, tmp_path / "b.civo", trust=True)
    export_meeting(first.services, meeting_id, tmp_path / "a2.civo")
    import_package(second.services, tmp_path / "a2.civo", trust=True)

    assert first.event_ids() == second.event_ids()
    assert tables(first) == tables(second)
    names = {p.last_name for p in first.services.participants.list_participants(meeting_id)}
    assert names == {"Diallo", "Lefèvre", "Martin", "Petit"}


def _split(data: bytes) -> tuple[bytes, bytes, bytes]:
    (size,) = struct.unpack(">I", data[len(MAGIC) + 1 : len(MAGIC) + 5])
    end = len(MAGIC) + 5 + size
    return data[:end], data[end : end + SIGNATURE_SIZE], data[end + SIGNATURE_SIZE :]


@pytest.fixture
def package_bytes(two_desks: tuple[Desk, Desk], tmp_path: Path) -> bytes:
    first, _second = two_desks
    meeting_id = make_meeting(first)
    export_meeting(first.services, meeting_id, tmp_path / "m.civo")
    return (tmp_path / "m.civo").read_bytes()


def test_a_flipped_byte_anywhere_is_refused(package_bytes: bytes) -> None:
    for position in (len(MAGIC) + 12, len(_split(package_bytes)[0]) + 3, len(package_bytes) - 5):
        damaged = bytearray(package_bytes)
        damaged[position] ^= 0x01
        with pytest.raises(PackageError):
            parse_package(bytes(damaged))


def test_a_forged_signature_is_refused(package_bytes: bytes) -> None:
    signed, _signature, body = _split(package_bytes)
    forged = signed + DeviceIdentity.generate("forger").sign(signed) + body
    with pytest.raises(PackageError, match="signature"):
        parse_package(forged)


def test_altered_events_resigned_by_another_key_are_refused(package_bytes: bytes) -> None:
    """Someone edits a name, recompresses and signs as their own device: the event hashes tell."""
    signed, _signature, body = _split(package_bytes)
    header = json.loads(signed[len(MAGIC) + 5 :])
    lines = zstandard.ZstdDecompressor().decompress(body).decode().splitlines()
    rows = [json.loads(line) for line in lines]
    target = next(row for row in rows if row["personal"] is not None)
    personal = json.loads(target["personal"])
    personal["last_name"] = "Falsifié"
    target["personal"] = canonical_json(personal)
    new_body = zstandard.ZstdCompressor().compress(
        "".join(canonical_json(row) + "\n" for row in rows).encode()
    )
    forger = DeviceIdentity.generate("forger")
    header["body_sha256"] = hashlib.sha256(new_body).hexdigest()
    header["exported_by"] = {
        "device_id": forger.device_id,
        "label": "",
        "public_key": forger.public_key_b64,
    }
    header_bytes = canonical_json(header).encode()
    new_signed = MAGIC + b"\x02" + struct.pack(">I", len(header_bytes)) + header_bytes
    with pytest.raises(PackageError, match="altéré"):
        parse_package(new_signed + forger.sign(new_signed) + new_body)


def test_a_package_resigned_by_an_impostor_key_is_refused(package_bytes: bytes) -> None:
    """Content intact, but signed by a key that is not the exporter's own (device.joined)."""
    signed, _signature, body = _split(package_bytes)
    header = json.loads(signed[len(MAGIC) + 5 :])
    impostor = DeviceIdentity.generate("impostor")
    header["exported_by"]["public_key"] = impostor.public_key_b64
    header_bytes = canonical_json(header).encode()
    new_signed = MAGIC + b"\x02" + struct.pack(">I", len(header_bytes)) + header_bytes
    with pytest.raises(PackageError, match="clé"):
        parse_package(new_signed + impostor.sign(new_signed) + body)


def test_not_a_package_and_truncated_files_are_refused(package_bytes: bytes) -> None:
    with pytest.raises(PackageError, match="pas un paquet"):
        parse_package(b"SQLite format 3\x00" + b"\x00" * 100)
    with pytest.raises(PackageError):
        parse_package(package_bytes[: len(package_bytes) // 2])


def test_a_refused_package_writes_nothing(two_desks: tuple[Desk, Desk], tmp_path: Path) -> None:
    first, second = two_desks
    meeting_id = make_meeting(first)
    export_meeting(first.services, meeting_id, tmp_path / "m.civo")
    data = bytearray((tmp_path / "m.civo").read_bytes())
    data[-3] ^= 0xFF
    (tmp_path / "bad.civo").write_bytes(bytes(data))
    with pytest.raises(PackageError):
        import_package(second.services, tmp_path / "bad.civo", trust=True)
    assert second.event_ids() == set()


def test_cli_export_import_and_fingerprint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    clock = ManualClock(1_764_150_000_000)
    cli_device = load_or_create_device(data_dir())  # the identity the command line signs with
    source = Desk(build_services(open_database(tmp_path / "a.db"), cli_device, clock), clock)
    meeting_id = make_meeting(source)
    source.close()
    target = tmp_path / "b.db"

    assert (
        main(
            [
                "package",
                "export",
                "--db",
                str(tmp_path / "a.db"),
                "--meeting",
                meeting_id,
                "--out",
                str(tmp_path / "usb" / "m.civo"),
            ]
        )
        == 1
    )  # folder does not exist
    (tmp_path / "usb").mkdir()
    assert (
        main(
            [
                "package",
                "export",
                "--db",
                str(tmp_path / "a.db"),
                "--meeting",
                meeting_id,
                "--out",
                str(tmp_path / "usb" / "m"),
            ]
        )
        == 0
    )
    assert (tmp_path / "usb" / "m.civo").exists()
    assert (
        main(
            ["package", "import", "--trust", "--db", str(target), str(tmp_path / "usb" / "m.civo")]
        )
        == 0
    )
    assert "ajoutés" in capsys.readouterr().out
    assert (
        main(
            ["package", "import", "--trust", "--db", str(target), str(tmp_path / "usb" / "m.civo")]
        )
        == 0
    )
    assert re.search(r"^0 événements? ajoutés?, 7 déjà présents", capsys.readouterr().out, re.M)

    assert main(["fingerprint", "--db", str(tmp_path / "a.db"), "--meeting", meeting_id]) == 0
    source_print = capsys.readouterr().out.strip()
    assert main(["fingerprint", "--db", str(target), "--meeting", meeting_id]) == 0
    assert capsys.readouterr().out.strip() == source_print
    assert len(source_print) == 64
    assert main(["fingerprint", "--db", str(target), "--meeting", "nope"]) == 1

    (tmp_path / "usb" / "bad.civo").write_bytes(b"CIVO\x01garbage")
    assert main(["package", "import", "--db", str(target), str(tmp_path / "usb" / "bad.civo")]) == 1
    assert "paquet refusé" in capsys.readouterr().err
