"""The badge token and its offline verifier, including arbitrary hostile input (hypothesis)."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from civodesk.checkin.badge_token import (
    PREFIX,
    TOKEN_LENGTH,
    TokenProblem,
    check_token,
    issue_token,
    looks_like_token,
)
from civodesk.checkin.scan_reason import RefusalReason
from civodesk.devices.identity import DeviceIdentity
from civodesk.ids import new_id

DEVICE = DeviceIdentity.generate("desk")
OTHER_DEVICE = DeviceIdentity.generate("other")
MEETING = new_id()
PARTICIPANT = new_id()
KEYS = {DEVICE.key_id: [DEVICE.private_key.public_key()]}
TOKEN = issue_token(DEVICE, MEETING, PARTICIPANT, date(2026, 12, 3), 1)

QR_ALPHANUMERIC = set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_token_roundtrip_and_claims() -> None:
    check = check_token(TOKEN, MEETING, KEYS)
    assert check.valid
    assert check.claims is not None
    assert check.claims.participant_id == PARTICIPANT
    assert check.claims.key_id == DEVICE.key_id
    assert check.claims.issued_on == date(2026, 12, 3)
    assert check.claims.serial == 1


def test_token_is_compact_and_qr_alphanumeric() -> None:
    assert len(TOKEN) == TOKEN_LENGTH == 158
    assert set(TOKEN) <= QR_ALPHANUMERIC
    assert looks_like_token(TOKEN)


def test_lower_case_scan_caps_lock_is_still_valid() -> None:
    assert check_token(TOKEN.lower(), MEETING, KEYS).valid


def test_every_single_character_change_is_refused() -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    for index in range(2, TOKEN_LENGTH - 1):
        replacement = alphabet[(alphabet.index(TOKEN[index]) + 1) % len(alphabet)]
        tampered = TOKEN[:index] + replacement + TOKEN[index + 1 :]
        assert not check_token(tampered, MEETING, KEYS).valid, index


def test_forged_signature_unknown_key_other_meeting() -> None:
    forged = issue_token(OTHER_DEVICE, MEETING, PARTICIPANT, date(2026, 12, 3), 1)
    impostor_keys = {OTHER_DEVICE.key_id: [DEVICE.private_key.public_key()]}
    assert check_token(forged, MEETING, impostor_keys).problem == TokenProblem.BAD_SIGNATURE
    assert check_token(forged, MEETING, KEYS).problem == TokenProblem.UNKNOWN_KEY
    assert check_token(TOKEN, new_id(), KEYS).problem == TokenProblem.OTHER_MEETING


def test_every_token_problem_has_a_refusal_message() -> None:
    for problem in TokenProblem:
        assert RefusalReason(problem.value).message


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("latin-1"))))
def test_arbitrary_text_never_crashes_and_is_never_valid(text: str) -> None:
    check = check_token(text, MEETING, KEYS)
    assert not check.valid
    assert check.problem is not None


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x1F), min_size=1, max_size=200))
def test_control_characters_are_refused(text: str) -> None:
    assert not check_token(text, MEETING, KEYS).valid


@settings(max_examples=30, deadline=None)
@given(
    st.text(min_size=1, max_size=64).map(lambda seed: (seed * (10_240 // len(seed) + 1))[:10_240])
)
def test_ten_kilobyte_strings_are_refused(text: str) -> None:
    check = check_token(text, MEETING, KEYS)
    assert not check.valid
    assert check.problem in {TokenProblem.NOT_A_BADGE, TokenProblem.DAMAGED}


@settings(max_examples=200, deadline=None)
@given(
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", min_size=156, max_size=156),
)
def test_well_shaped_random_tokens_are_refused(body: str) -> None:
    check = check_token("CV" + body, MEETING, KEYS)
    assert not check.valid
    assert check.problem in set(TokenProblem)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=2, max_value=TOKEN_LENGTH - 1), st.integers(0, 255))
def test_any_tampered_byte_in_the_decoded_token_is_refused(position: int, flip: int) -> None:
    import base64

    raw = bytearray(base64.b32decode(TOKEN[2:] + "=" * (-len(TOKEN[2:]) % 8)))
    index = position % len(raw)
    raw[index] ^= flip or 1
    tampered = "CV" + base64.b32encode(bytes(raw)).decode().rstrip("=")
    assert not check_token(tampered, MEETING, KEYS).valid


BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def test_changing_any_character_of_a_token_the_last_one_included_is_refused() -> None:
    """Every position, every other base32 letter: a token has exactly one valid spelling."""
    assert check_token(TOKEN, MEETING, KEYS).valid
    for position in range(len(PREFIX), len(TOKEN)):
        for letter in BASE32:
            if letter == TOKEN[position]:
                continue
            variant = TOKEN[:position] + letter + TOKEN[position + 1 :]
            assert not check_token(variant, MEETING, KEYS).valid, (position, letter)


def test_text_that_merely_looks_like_a_badge_is_not_a_badge() -> None:
    """Random ``CV…`` text of the right shape is not told to update CivoDesk."""
    import base64

    def shaped(version: int) -> str:
        raw = bytes([version]) + bytes(range(1, 97))
        return PREFIX + base64.b32encode(raw).decode().rstrip("=")

    assert check_token(shaped(0), MEETING, KEYS).problem is TokenProblem.NOT_A_BADGE
    assert check_token(shaped(200), MEETING, KEYS).problem is TokenProblem.NOT_A_BADGE
    assert check_token(shaped(2), MEETING, KEYS).problem is TokenProblem.UNSUPPORTED_VERSION
    assert check_token("CVPRINTER-QUEUE-7", MEETING, KEYS).problem is TokenProblem.NOT_A_BADGE
    assert check_token(TOKEN[:-3], MEETING, KEYS).problem is TokenProblem.DAMAGED
