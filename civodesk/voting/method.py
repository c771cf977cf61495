"""What every counting method provides, so that :func:`civodesk.voting.count` can run any of them.

A method is pure: ``ballot_key`` turns one ballot into a hashable canonical value (``None`` when
the ballot expresses nothing, i.e. is blank) or raises :class:`~civodesk.voting.ballots.InvalidBallotError`;
``tally`` counts the valid keys. ``tally`` must depend only on the multiset of keys, never on their
order, so that the result is the same whatever order the ballots came in.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from civodesk.voting.ballots import Options
from civodesk.voting.result import BallotTally, Outcome
from civodesk.voting.rules import Rules


@dataclass(frozen=True)
class Method:
    name: str
    ordered: bool  # a JSON list ballot is a ranking (True) or a set of options (False)
    rules_type: type[Rules] | None
    default_rules: Any  # used when ``rules`` is None; None with a rules_type: rules required
    ballot_key: Callable[[object, Options, Any], Hashable | None]
    tally: Callable[[Options, Sequence[Any], Any, BallotTally], Outcome]
    check_options: Callable[[Options], Options] = lambda options: options
