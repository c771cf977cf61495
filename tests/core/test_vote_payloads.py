"""Vote payloads: what the vote service writes passes, and a payload a handler or a count could
not take (options or rules foreign to the method, a ballot of no method's shape, a sealed box out of
canonical order or of mixed shapes, a quorum verdict the figures deny) is refused naming the field."""

from __future__ import annotations

from dataclasses import replace

import pytest

from civodesk.features import registry
from civodesk.voting.payloads import MAX_SEALED_BALLOTS
from tests.sync.hostile_events import clean_story, spoil

STORY = clean_story("vote-desk")
EVENTS = STORY.events()


def _index(event_type: str) -> int:
    return next(i for i, step in enumerate(STORY.steps) if step[0] == event_type)


@pytest.mark.parametrize(
    ("event_type", "path", "value", "expected"),
    [
        ("vote.created", ("method",), "condorcet", "valeur non prévue"),
        ("vote.created", ("options",), [{"id": "yes", "label": "Pour"}], "non conforme"),
        ("vote.created", ("options",), [{"id": "a", "label": "A"}, {"id": "a", "label": "B"}], "en double"),
        ("vote.created", ("rules", "share"), "1e99999999", "format invalide"),
        ("vote.created", ("rules", "share"), "3/6", "non conforme"),
        ("vote.created", ("rules", "present"), 12, "non conforme"),
        ("vote.created", ("rules",), {"max_score": 5}, "champ inconnu"),
        ("vote.created", ("rules",), "simple", "un objet attendu"),
        ("vote.voted", ("ballot",), 3, "un bulletin attendu"),
        ("vote.voted", ("ballot",), ["opt-1", "opt-1"], "en double"),
        ("vote.voted", ("ballot",), {"opt-1": -1}, "hors de l'intervalle"),
        ("vote.voted", ("ballot",), {"mark": "torn"}, "valeur non prévue"),
        ("vote.voted", ("origin",), "fax", "valeur non prévue"),
        ("vote.tallied", ("counts", "blank"), 100_001, "hors de l'intervalle"),
        ("vote.box_sealed", ("ballots",), ["yes", "no"], "ordre canonique"),
        ("vote.box_sealed", ("ballots",), ["no", ["yes"]], "formes différentes"),
        ("vote.box_sealed", ("ballots",), ["yes"] * (MAX_SEALED_BALLOTS + 1), "trop longue"),
        ("vote.closed", ("snapshot", "quorum_met"), False, "quorum"),
        ("vote.revealed", ("revealed",), None, "valeur absente"),
    ],
)  # fmt: skip
def test_a_vote_payload_that_no_count_could_take_is_refused(
    event_type: str, path: tuple[str, ...], value: object, expected: str
) -> None:
    index = _index(event_type)
    spoiled = replace(EVENTS[index], payload=spoil(STORY.steps[index][1], path, "set", value))
    problem = registry.payload_problem(spoiled)
    assert problem is not None
    assert expected in str(problem)
    assert problem.field.startswith(path[0])


def test_rules_given_to_a_method_that_takes_none_are_refused() -> None:
    index = _index("vote.created")
    payload = {**STORY.steps[index][1], "method": "borda"}
    problem = registry.payload_problem(replace(EVENTS[index], payload=payload))
    assert problem is not None
    assert problem.field == "rules"
    assert "non conforme" in str(problem)


def test_dots_and_score_votes_need_their_rules() -> None:
    index = _index("vote.created")
    payload = {**STORY.steps[index][1], "method": "dots", "rules": None}
    payload["options"] = [{"id": "a", "label": "A"}, {"id": "b", "label": "B"}]
    problem = registry.payload_problem(replace(EVENTS[index], payload=payload))
    assert problem is not None
    assert problem.field == "rules"
    payload["rules"] = {"dots_per_person": 5, "max_per_option": 3}
    assert registry.payload_problem(replace(EVENTS[index], payload=payload)) is None


def test_a_full_sealed_box_in_canonical_order_passes() -> None:
    index = _index("vote.box_sealed")
    ballots = ["no"] * 40_000 + ["yes"] * (MAX_SEALED_BALLOTS - 40_001) + [{"mark": "spoiled"}]
    payload = {**STORY.steps[index][1], "ballots": ballots}
    assert registry.payload_problem(replace(EVENTS[index], payload=payload)) is None
