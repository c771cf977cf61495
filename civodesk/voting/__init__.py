"""Counting votes: every method a public meeting uses, as pure functions (no Qt, no database).

``count(method, options, ballots, rules=None)`` returns a frozen :class:`VoteResult`: the
ranking as tiers, figures per option, method tables and a plain-words explanation. It needs no
database nor Qt so that the desk and the server count with this same code. docs/voting.md
describes each method, its ballots and its tie rules.
"""

from civodesk.voting.ballots import BLANK, SPOILED, Ballot, InvalidBallotError, Mark
from civodesk.voting.counting import (
    METHODS,
    ballot_from,
    ballot_json,
    count,
    rules_from,
    sealed_order,
    validate_ballot,
)
from civodesk.voting.majority_judgment import GRADES, LOWEST_GRADE
from civodesk.voting.result import BallotTally, VoteResult
from civodesk.voting.rules import (
    ApprovalRules,
    Base,
    DotsRules,
    Majority,
    Rules,
    ScoreRules,
    VotingRulesError,
    YesNoRules,
)
from civodesk.voting.yes_no_abstain import ABSTAIN, NO, YES

__all__ = [
    "ABSTAIN",
    "BLANK",
    "GRADES",
    "LOWEST_GRADE",
    "METHODS",
    "NO",
    "SPOILED",
    "YES",
    "ApprovalRules",
    "Ballot",
    "BallotTally",
    "Base",
    "DotsRules",
    "InvalidBallotError",
    "Majority",
    "Mark",
    "Rules",
    "ScoreRules",
    "VoteResult",
    "VotingRulesError",
    "YesNoRules",
    "ballot_from",
    "ballot_json",
    "count",
    "rules_from",
    "sealed_order",
    "validate_ballot",
]
