"""Vote options taken from the facilitation: ideas, and groups (clusters) of ideas.

The facilitator picks them in the vote setup; each becomes an option whose id is the idea's or
the group's, so the vote's options stay tied to what the room wrote. Only what the wall shows
can be picked: withdrawn ideas and the originals of a merge are left out, and so are groups with
no idea left.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from civodesk.ideas.idea import ClusterView, IdeaView
from civodesk.voting.vote import VoteOption


@dataclass(frozen=True)
class OptionSource:
    """An idea or a group that can become an option; ``ideas`` counts a group's ideas (1 for an
    idea) and ``supports`` their supports."""

    id: str
    label: str
    cluster: bool
    ideas: int
    supports: int


def option_sources(
    ideas: Sequence[IdeaView],
    clusters: Sequence[ClusterView],
    agenda_item_id: str | None = None,
) -> list[OptionSource]:
    """The groups first, then the ideas, in the wall's order; with ``agenda_item_id``, only
    those of that item and those of no item."""
    shown = [
        idea
        for idea in ideas
        if not idea.withdrawn
        and idea.merged_into is None
        and (agenda_item_id is None or idea.agenda_item_id in (None, agenda_item_id))
    ]
    groups = []
    for cluster in sorted(clusters, key=lambda c: c.position):
        if agenda_item_id is not None and cluster.agenda_item_id not in (None, agenda_item_id):
            continue
        members = [idea for idea in shown if idea.cluster_id == cluster.id]
        if members:
            supports = sum(idea.supports for idea in members)
            groups.append(
                OptionSource(cluster.id, _flat(cluster.name), True, len(members), supports)
            )
    singles = [OptionSource(idea.id, _flat(idea.text), False, 1, idea.supports) for idea in shown]
    return groups + singles


def options_from_sources(sources: Iterable[OptionSource]) -> tuple[VoteOption, ...]:
    return tuple(VoteOption(source.id, source.label) for source in sources)


def _flat(text: str) -> str:
    return " ".join(text.split())
