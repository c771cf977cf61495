"""Counting large votes with ``civodesk.voting.count``: majority judgment and Schulze.

Ballots are random and all different (the worst case: nothing to aggregate), made beforehand
with a fixed seed; only ``count`` is timed, validation of every ballot included. Majority
judgment: 100,000 ballots grading 10 options (one in ten leaves an option ungraded), target
≤ 0.5 s. Schulze: 10,000 complete rankings of 30 options, target ≤ 2 s. Instant-runoff and Borda
on the same rankings are printed without a target.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence

from bench._support import machine_note, median, verdict
from civodesk.voting import LOWEST_GRADE, count

MJ_TARGET_S = 0.5
SCHULZE_TARGET_S = 2.0


def grade_ballots(rng: random.Random, options: list[str], voters: int) -> list[dict[str, int]]:
    ballots = []
    for _ in range(voters):
        ballot = {option: rng.randint(0, LOWEST_GRADE) for option in options}
        if rng.random() < 0.1:
            del ballot[rng.choice(options)]
        ballots.append(ballot)
    return ballots


def ranked_ballots(rng: random.Random, options: list[str], voters: int) -> list[list[str]]:
    return [rng.sample(options, len(options)) for _ in range(voters)]


def timed(run: Callable[[], object], repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return times


def report(name: str, times: list[float], target: float | None) -> None:
    middle = median(times)
    goal = "" if target is None else f"   (target ≤ {target:g} s: {verdict(middle, target)})"
    print(
        f"  {name}: median {middle:.3f} s   min {min(times):.3f} s   max {max(times):.3f} s{goal}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--graders", type=int, default=100_000)
    parser.add_argument("--graded-options", type=int, default=10)
    parser.add_argument("--rankers", type=int, default=10_000)
    parser.add_argument("--ranked-options", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args(argv)
    rng = random.Random(12)
    graded = [f"option-{index}" for index in range(args.graded_options)]
    grades = grade_ballots(rng, graded, args.graders)
    ranked = [f"option-{index}" for index in range(args.ranked_options)]
    rankings = ranked_ballots(rng, ranked, args.rankers)

    print(
        f"voting_count: count() on random, all-different ballots, {args.repeats} repeats ({machine_note()})"
    )
    mj = timed(lambda: count("majority_judgment", graded, grades), args.repeats)
    report(
        f"majority judgment, {args.graders:,} ballots × {args.graded_options} options",
        mj,
        MJ_TARGET_S,
    )
    schulze = timed(lambda: count("schulze", ranked, rankings), args.repeats)
    report(
        f"Schulze, {args.rankers:,} rankings × {args.ranked_options} options",
        schulze,
        SCHULZE_TARGET_S,
    )
    irv = timed(lambda: count("irv", ranked, rankings), args.repeats)
    report("instant-runoff, same rankings", irv, None)
    borda = timed(lambda: count("borda", ranked, rankings), args.repeats)
    report("Borda, same rankings", borda, None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
