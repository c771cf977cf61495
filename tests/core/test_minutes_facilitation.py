"""Facilitation in the minutes and the open data: notes, ideas by cluster with supports and
merges, withdrawn ideas left out, decisions and actions; no author nor owner without names."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from civodesk.clock import ManualClock
from civodesk.facilitation.agenda_run import DecisionFields, DecisionKind
from civodesk.ideas.idea import IdeaFields, IdeaSource
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.service import MinutesService
from civodesk.opendata.export import export_meeting
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from tests.core.test_minutes_pdf import pdf_text
from tests.factories import AGENDA, meeting_fields


def _facilitated_meeting(services: Services, clock: ManualClock) -> str:
    """Item 2 has a cluster "Ombre" (two ideas, one of them a merge), an ungrouped signed idea
    and a withdrawn one; notes on items 1 and 2; a decision and an action on item 2."""
    meeting = services.meetings.create_meeting(meeting_fields(), AGENDA).meeting_id
    services.participants.register_many(
        meeting, [ParticipantFields("Maëlys", "Ngô", commune="Mana")]
    )
    services.meetings.open_meeting(meeting)
    (author,) = services.participants.list_participants(meeting)
    clock.advance(60_000)
    services.checkin.check_in(meeting, author.id)
    items = [item.id for item in services.meetings.get_meeting(meeting).agenda]
    ideas = services.ideas

    def capture(text: str, **fields: object) -> str:
        return ideas.capture(
            meeting, IdeaFields(text, agenda_item_id=items[1], **fields)
        ).created_ids[0]  # type: ignore[arg-type]

    benches = capture("Des bancs à l'ombre près de l'école")
    duplicate = capture("Bancs ombragés", source=IdeaSource.POSTIT)
    trees = capture("Planter des tilleuls sur la place")
    capture("Un abri pour les vélos", author_id=author.id)
    withdrawn = capture("Idée retirée par son auteur")
    ideas.set_support_count(meeting, benches, 5)
    ideas.support(meeting, duplicate, 2)
    ideas.set_support_count(meeting, trees, 4)
    ideas.create_cluster(meeting, "Ombre", [benches, duplicate, trees], items[1])
    ideas.merge(meeting, [benches, duplicate])
    ideas.withdraw(meeting, withdrawn)
    ideas.capture(meeting, IdeaFields("Sans point : un marché le samedi"))
    facilitation = services.facilitation
    facilitation.set_notes(meeting, items[0], "Tour de table des associations.")
    facilitation.set_notes(meeting, items[1], "Les riverains demandent plus d'ombre.")
    facilitation.record_decision(
        meeting, DecisionFields("Chiffrer les bancs avant mars", agenda_item_id=items[1])
    )
    facilitation.record_decision(
        meeting,
        DecisionFields(
            "Demander un devis aux pépinières",
            DecisionKind.ACTION,
            items[1],
            owner="Kévin Œuvray",
            due_date=date(2027, 1, 15),
        ),
    )
    services.meetings.close_meeting(meeting)
    return meeting


def test_items_show_notes_clusters_supports_merges_and_decisions(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _facilitated_meeting(services, clock)
    minutes = MinutesService(services.database)
    record = minutes.read_record(meeting)
    assert [idea.text for idea in record.ideas] == [
        "Planter des tilleuls sur la place",
        "Un abri pour les vélos",
        "Des bancs à l'ombre près de l'école",
        "Sans point : un marché le samedi",
    ]
    merged = record.ideas[2]
    assert (merged.supports, [o.text for o in merged.originals]) == (
        7,
        [
            "Des bancs à l'ombre près de l'école",
            "Bancs ombragés",
        ],
    )
    text = " ".join(pdf_text(minutes.render(meeting, MinutesOptions()).pdf, tmp_path).split())
    assert "Tour de table des associations." in text
    assert "Les riverains demandent plus d'ombre." in text
    assert "Ombre — 2 idées, 11 soutiens" in text
    assert "Sans groupe — 1 idée, 0 soutien" in text
    assert "2. Planter des tilleuls sur la place — 4 soutiens" in text
    assert "1. Des bancs à l'ombre près de l'école — 7 soutiens" in text
    assert "Fusion de : « Des bancs à l'ombre près de l'école » ; « Bancs ombragés »" in text
    assert "3. Un abri pour les vélos — Maëlys N." in text
    assert "Idée retirée" not in text
    assert "Chiffrer les bancs avant mars" in text
    assert "Demander un devis aux pépinières" in text
    assert "Kévin Œuvray" in text
    assert "15 janvier 2027" in text
    # the one-page summary
    assert "4 idées recueillies, 1 groupe, 2 doublons fusionnés, 11 soutiens" in text
    assert "1 action à mener (détail par point)" in text
    assert "Aucune note n'a été prise sur ce point." in text  # item 3 has none


def test_no_names_leaves_out_authors_and_owners(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _facilitated_meeting(services, clock)
    minutes = MinutesService(services.database)
    for kind in MinutesKind:
        options = MinutesOptions(kind=kind, with_names=False)
        text = " ".join(pdf_text(minutes.render(meeting, options).pdf, tmp_path).split())
        assert "Un abri pour les vélos" in text
        assert "Demander un devis aux pépinières" in text
        for name in ("Maëlys", "NGÔ", "Ngô", "Kévin", "Œuvray"):
            assert name not in text
        assert "les responsables des actions ne figurent pas" in text


def test_open_data_fills_ideas_clusters_and_decisions(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _facilitated_meeting(services, clock)
    record = MinutesService(services.database).read_record(meeting)

    def rows(folder: Path, name: str) -> list[dict[str, str]]:
        with (folder / f"{name}.csv").open(encoding="utf-8-sig", newline="") as stream:
            return list(csv.DictReader(stream, delimiter=";"))

    export_meeting(record, tmp_path / "named")
    (cluster,) = rows(tmp_path / "named", "clusters")
    assert (cluster["title"], cluster["ideas"], cluster["supports"]) == ("Ombre", "2", "11")
    ideas = rows(tmp_path / "named", "ideas")
    merged = record.ideas[2].id
    assert [(i["text"], i["supports"], i["merged_into"] == merged) for i in ideas[2:4]] == [
        ("Des bancs à l'ombre près de l'école", "7", False),
        ("Des bancs à l'ombre près de l'école", "5", True),
    ]
    assert all(i["cluster_id"] == cluster["cluster_id"] for i in ideas[2:5])
    assert "Idée retirée par son auteur" not in {i["text"] for i in ideas}
    decisions = rows(tmp_path / "named", "decisions")
    assert [(d["kind"], d["owner"], d["due"]) for d in decisions] == [
        ("decision", "", ""),
        ("action", "Kévin Œuvray", "2027-01-15"),
    ]
    export_meeting(record, tmp_path / "anonymous", with_names=False)
    assert [d["owner"] for d in rows(tmp_path / "anonymous", "decisions")] == ["", ""]
    assert "Maëlys" not in (tmp_path / "anonymous" / "ideas.csv").read_text("utf-8-sig")


def test_a_merged_idea_and_its_duplicates_stay_on_one_page() -> None:
    from reportlab.platypus import KeepTogether

    from civodesk.minutes.agenda_sections import idea_paragraphs
    from civodesk.minutes.facilitation_record import IdeaEntry, MergedOriginal

    merged = IdeaEntry(
        "m", "Des bancs", "floor", None, supports=3, originals=(MergedOriginal("a", "Bancs", 3),)
    )
    plain = IdeaEntry("p", "Des arbres", "floor", None)
    first, second = idea_paragraphs([merged, plain], MinutesOptions())
    assert isinstance(first, KeepTogether)
    texts = [" ".join(flowable.getPlainText().split()) for flowable in first._content]
    assert texts == ["1. Des bancs — 3 soutiens", "Fusion de : « Bancs »"]
    assert second.getPlainText() == "2. Des arbres"
