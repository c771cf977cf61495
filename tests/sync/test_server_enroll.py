"""Organizations, one-time enroll codes, device tokens and revocation (API and command line)."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import select

from civodesk.devices.identity import DeviceIdentity
from civodesk.journal.certificates import parse_certificate
from sync.protocol import (
    DEVICE_PATH,
    ENROLL_PATH,
    PROTOCOL_HEADER,
    PROTOCOL_VERSION,
    ErrorCode,
    bearer,
)
from sync.server import cli
from sync.server.admin import (
    AdminError,
    create_organization,
    issue_enroll_code,
    list_devices,
    parse_lifetime,
    revoke_device,
)
from sync.server.security import secret_hash
from sync.server.tables import devices, enroll_codes
from tests.identities import identity_for
from tests.sync.server_api import ServerApi, enroll_body

PROTOCOL = {PROTOCOL_HEADER: str(PROTOCOL_VERSION)}


def enroll(
    api: ServerApi,
    code: str,
    device_id: str,
    label: str = "Accueil",
    identity: DeviceIdentity | None = None,
) -> dict[str, object]:
    """Enrol with a request signed by the device's key (``identity``, or the test id's key)."""
    body = enroll_body(code, identity or identity_for(device_id), label)
    response = api.client.post(ENROLL_PATH, json=body, headers=PROTOCOL)
    return {"status": response.status_code, **response.json()}


def test_a_code_is_exchanged_once_for_a_token_stored_only_as_a_hash(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    code = issue_enroll_code(server_api.database, "Commune de Mana").code

    answer = enroll(server_api, code, "desk-1")

    assert answer["status"] == 200
    token = str(answer["token"])
    assert token.startswith("cdt_")
    assert len(token) > 40
    assert answer["device"] == {
        "device_id": "desk-1",
        "label": "Accueil",
        "organization_id": answer["device"]["organization_id"],  # type: ignore[index]
        "organization_name": "Commune de Mana",
    }
    assert answer["limits"]["max_batch_events"] == server_api.settings.max_batch_events  # type: ignore[index]
    certificate = parse_certificate(answer["certificate"])
    assert certificate is not None
    assert certificate.organization_key == answer["organization_key"]
    assert (certificate.device_id, certificate.public_key) == (
        "desk-1",
        identity_for("desk-1").public_key_b64,
    )
    with server_api.database.read() as conn:
        stored = conn.execute(select(devices.c.token_hash)).scalar_one()
        codes = conn.execute(select(enroll_codes.c.code_hash, enroll_codes.c.used_at)).one()
    assert stored == secret_hash(token)
    assert code.replace("-", "") not in codes.code_hash
    assert codes.used_at is not None
    again = enroll(server_api, code, "desk-2")
    assert again["status"] == 403
    assert again["error"] == ErrorCode.INVALID_ENROLL_CODE
    whoami = server_api.client.get(DEVICE_PATH, headers=bearer(token))
    assert whoami.json()["device_id"] == "desk-1"


def test_a_code_may_be_typed_loosely(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    code = issue_enroll_code(server_api.database, "Commune de Mana").code
    typed = " " + code.lower().replace("-", " ") + " "
    assert enroll(server_api, typed, "desk-1")["status"] == 200


def test_an_expired_or_unknown_code_is_refused(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    expired = issue_enroll_code(server_api.database, "Commune de Mana", timedelta(seconds=-1))
    assert enroll(server_api, expired.code, "desk-1")["error"] == ErrorCode.INVALID_ENROLL_CODE
    assert enroll(server_api, "AAAAA-BBBBB", "desk-1")["error"] == ErrorCode.INVALID_ENROLL_CODE


def test_re_enrolling_replaces_the_token(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    first = server_api.enroll("Commune de Mana", "desk-1")
    second = server_api.enroll("Commune de Mana", "desk-1")
    old = server_api.client.get(DEVICE_PATH, headers=first.headers)
    assert old.status_code == 401
    assert server_api.client.get(DEVICE_PATH, headers=second.headers).status_code == 200


def test_enrolment_must_be_signed_by_the_key_it_presents(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    code = issue_enroll_code(server_api.database, "Commune de Mana").code
    holder, thief = DeviceIdentity.generate("desk"), DeviceIdentity.generate("thief")
    body = enroll_body(code, holder, "Accueil")
    body["proof"] = enroll_body(code, thief, "Accueil")["proof"]  # signed by another key
    response = server_api.client.post(ENROLL_PATH, json=body, headers=PROTOCOL)
    assert response.status_code == 403
    assert response.json()["error"] == ErrorCode.INVALID_PROOF
    # A proof made for another code does not carry over either.
    other = issue_enroll_code(server_api.database, "Commune de Mana").code
    replayed = {**enroll_body(other, holder, "Accueil"), "code": code}
    assert server_api.client.post(ENROLL_PATH, json=replayed, headers=PROTOCOL).status_code == 403
    assert enroll(server_api, code, holder.device_id, identity=holder)["status"] == 200


def test_re_enrolling_a_device_id_needs_that_device_key(server_api: ServerApi) -> None:
    """A new code alone never takes over a device id: only its key holder enrols it again."""
    server_api.organization("Commune de Mana")
    owner = server_api.enroll("Commune de Mana", "desk-1")
    impostor = DeviceIdentity("desk-1", "impostor", DeviceIdentity.generate().private_key)
    code = issue_enroll_code(server_api.database, "Commune de Mana").code
    taken = enroll(server_api, code, "desk-1", identity=impostor)
    assert taken["status"] == 409
    assert taken["error"] == ErrorCode.DEVICE_KEY_MISMATCH
    assert server_api.client.get(DEVICE_PATH, headers=owner.headers).status_code == 200
    revoke_device(server_api.database, "desk-1")  # not even after a revocation
    assert enroll(server_api, code, "desk-1", identity=impostor)["status"] == 409
    assert enroll(server_api, code, "desk-1")["status"] == 200


def _refusal(api: ServerApi, code: str, identity: DeviceIdentity) -> tuple[int, bytes, list[str]]:
    """Everything an enrolling desk sees of an answer except its date."""
    response = api.client.post(
        ENROLL_PATH, json=enroll_body(code, identity, "Accueil"), headers=PROTOCOL
    )
    headers = sorted(f"{k}: {v}" for k, v in response.headers.items() if k.lower() != "date")
    return response.status_code, response.content, headers


def test_an_id_held_in_another_organization_is_refused_as_in_this_one(
    server_api: ServerApi,
) -> None:
    """Awala learns only that an id is not free: never that Mana, or anyone else, holds it."""
    server_api.organization("Commune de Mana")
    server_api.organization("Commune d'Awala")
    server_api.enroll("Commune de Mana", "mana-desk")
    server_api.enroll("Commune d'Awala", "awala-desk")
    code = issue_enroll_code(server_api.database, "Commune d'Awala").code
    squatter = DeviceIdentity.generate("Accueil")
    in_this_organization = _refusal(
        server_api, code, DeviceIdentity("awala-desk", "x", squatter.private_key)
    )
    in_another_one = _refusal(
        server_api, code, DeviceIdentity("mana-desk", "x", squatter.private_key)
    )
    # Even the desk that holds the key (still active in Mana) reads the same refusal.
    with_its_own_key = _refusal(server_api, code, identity_for("mana-desk"))
    assert in_this_organization[0] == 409
    assert json.loads(in_this_organization[1])["error"] == ErrorCode.DEVICE_KEY_MISMATCH
    assert in_another_one == in_this_organization
    assert with_its_own_key == in_this_organization
    revoke_device(server_api.database, "mana-desk")  # revoked in Mana: its key holder may move
    assert enroll(server_api, code, "mana-desk")["status"] == 200


def test_the_openapi_document_lists_the_enrolment_refusals(server_api: ServerApi) -> None:
    operation = server_api.client.get("/openapi.json").json()["paths"][ENROLL_PATH]["post"]
    assert {"403", "409", "422"} <= set(operation["responses"])
    assert "device_key_mismatch" in operation["responses"]["409"]["description"]


def test_a_revoked_device_comes_back_only_with_a_new_code(server_api: ServerApi) -> None:
    server_api.organization("Commune de Mana")
    device = server_api.enroll("Commune de Mana", "desk-1")
    record = revoke_device(server_api.database, "desk-1")
    assert record.revoked_at is not None
    refused = server_api.client.get(DEVICE_PATH, headers=device.headers)
    assert refused.status_code == 403
    assert refused.json()["error"] == ErrorCode.DEVICE_REVOKED
    back = server_api.enroll("Commune de Mana", "desk-1")
    assert server_api.client.get(DEVICE_PATH, headers=back.headers).status_code == 200
    assert server_api.client.get(DEVICE_PATH, headers=device.headers).status_code == 401


def test_admin_errors(server_api: ServerApi) -> None:
    create_organization(server_api.database, "Commune de Mana")
    with pytest.raises(AdminError, match="organization_exists"):
        create_organization(server_api.database, " Commune de Mana ")
    with pytest.raises(AdminError, match="invalid_name"):
        create_organization(server_api.database, "   ")
    with pytest.raises(AdminError, match="unknown_organization"):
        issue_enroll_code(server_api.database, "Commune inconnue")
    with pytest.raises(AdminError, match="unknown_device"):
        revoke_device(server_api.database, "nobody")


def test_lifetimes() -> None:
    assert parse_lifetime("7d") == timedelta(days=7)
    assert parse_lifetime("12h") == timedelta(hours=12)
    assert parse_lifetime("30m") == timedelta(minutes=30)
    for bad in ("", "7", "d", "0d", "-1d", "7w", "1.5h"):
        with pytest.raises(ValueError, match="invalid duration"):
            parse_lifetime(bad)


def test_command_line_administration(
    server_database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    url = ["--database-url", server_database_url]
    assert cli.main(["--lang", "fr", "create-org", "Commune de Mana", *url]) == 0
    assert "Organisation créée : Commune de Mana" in capsys.readouterr().out
    assert cli.main(["create-org", "Commune de Mana", *url]) == 1
    assert "existe déjà" in capsys.readouterr().err

    monkeypatch.setenv("CIVODESK_DATABASE_URL", server_database_url)  # no --database-url
    assert cli.main(["enroll-code", "--org", "Commune de Mana", "--expires", "2d"]) == 0
    captured = capsys.readouterr()
    code = captured.out.strip()
    assert len(code.replace("-", "")) == 30
    assert "usage unique" in captured.err
    assert cli.main(["enroll-code", "--org", "Inconnue"]) == 1
    assert "aucune organisation « Inconnue »" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["enroll-code", "--org", "Commune de Mana", "--expires", "bientôt"])
    assert "durée invalide" in capsys.readouterr().err

    api = ServerApi.start(server_database_url)
    try:
        assert enroll(api, code, "desk-9")["status"] == 200
        assert cli.main(["list-devices"]) == 0
        assert "desk-9" in capsys.readouterr().out
        assert cli.main(["revoke-device", "desk-9"]) == 0
        assert "révoqué" in capsys.readouterr().out
        assert list_devices(api.database)[0].revoked_at is not None
        assert cli.main(["--lang", "en", "revoke-device", "nobody"]) == 1
        assert "nobody" in capsys.readouterr().err
        assert cli.main(["list-orgs"]) == 0
        assert "Commune de Mana" in capsys.readouterr().out
    finally:
        api.close()


def test_an_unreachable_database_is_reported_plainly(capsys: pytest.CaptureFixture[str]) -> None:
    url = "postgresql://nobody@127.0.0.1:1/none"
    assert cli.main(["list-orgs", "--database-url", url]) == 1
    assert "base de données inaccessible" in capsys.readouterr().err


def test_an_invalid_setting_is_reported_plainly(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CIVODESK_RATE_PER_SECOND", "0")
    assert cli.main(["list-orgs", "--database-url", "sqlite:///unused.db"]) == 1
    assert "CIVODESK_RATE_PER_SECOND" in capsys.readouterr().err
