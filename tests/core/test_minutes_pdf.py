"""The minutes PDF: what a reader finds in it (pdftotext), drafts, names left out, edge cases."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from civodesk.clock import ManualClock
from civodesk.documents.output import DocumentWriteError
from civodesk.ideas.idea import IdeaFields, IdeaSource
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import MeetingRecord, VoteEntry
from civodesk.minutes.service import MinutesService, render_record, write_minutes
from civodesk.participants.participant import ParticipantFields
from civodesk.services import Services
from civodesk.voting import ABSTAIN, NO, YES, count
from tests.factories import AGENDA, meeting_fields

NAMES = [
    ("Éloïse", "Nguyễn"),
    ("Żaneta", "Ørsted"),
    ("Kévin", "Œuvray"),
    ("Tēvita", "Kaʻahumanu"),
    ("Maëlys", "Ngô"),
]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "extract.pdf"
    path.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def _meeting(
    services: Services, clock: ManualClock, *, close: bool = True, **fields: object
) -> str:
    meeting = services.meetings.create_meeting(meeting_fields(**fields), AGENDA).meeting_id
    services.participants.register_many(
        meeting, [ParticipantFields(first, last, commune="Mana") for first, last in NAMES]
    )
    agenda = services.meetings.get_meeting(meeting).agenda
    services.ideas.capture_many(
        meeting,
        [
            IdeaFields("Des bancs à l'ombre près de l'école ?", IdeaSource.FLOOR, agenda[1].id),
            IdeaFields("Un marché le samedi matin", IdeaSource.POSTIT, None),
        ],
    )
    services.meetings.open_meeting(meeting)
    people = services.participants.list_participants(meeting)
    for person in people[:4]:
        clock.advance(90_000)
        services.checkin.check_in(meeting, person.id)
    absent = next(p for p in people if p.id not in {q.id for q in people[:4]})
    services.checkin.grant_proxy(meeting, absent.id, people[0].id)
    if close:
        services.meetings.close_meeting(meeting)
    return meeting


def test_compte_rendu_shows_title_names_arrivals_and_fingerprint(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _meeting(services, clock)
    rendered = MinutesService(services.database).render(meeting, MinutesOptions())
    text = pdf_text(rendered.pdf, tmp_path)
    assert "Compte-rendu" in text
    assert "Réunion publique" in text
    for first, last in NAMES[:4]:
        assert first in text
        assert last.upper() in text
    assert rendered.fingerprint in text.replace("\n", "")
    assert "Empreinte du journal (SHA-256)" in text
    assert "4 personnes présentes sur 5 inscrite(s), 1 représentée par procuration" in text
    assert "Des bancs à l'ombre près de l'école" in text
    assert "Idées hors ordre du jour" in text
    assert "Aucun vote n'a été enregistré" in text
    assert "Document provisoire" not in text
    assert not rendered.draft


def test_an_open_meeting_gives_a_draft_stamped_projet(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _meeting(services, clock, close=False)
    rendered = MinutesService(services.database).render(meeting, MinutesOptions())
    assert rendered.draft
    assert "Document provisoire" in pdf_text(rendered.pdf, tmp_path)


def test_no_names_publishes_counts_only(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _meeting(services, clock)
    rendered = MinutesService(services.database).render(meeting, MinutesOptions(with_names=False))
    text = pdf_text(rendered.pdf, tmp_path)
    for first, last in NAMES:
        assert first not in text
        assert last.upper() not in text
    assert "Répartition par commune" in text
    assert "Publication sans noms" in text


def test_proces_verbal_has_president_secretary_agenda_and_signatures(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _meeting(
        services, clock, president="Josée Ngô", secretaries=("Loïc Hébert",), quorum_percent=50.0
    )
    options = MinutesOptions(kind=MinutesKind.PROCES_VERBAL)
    text = pdf_text(MinutesService(services.database).render(meeting, options).pdf, tmp_path)
    assert "Procès-verbal de séance" in text
    assert "Josée Ngô" in text
    assert "Loïc Hébert" in text
    assert "Ordre du jour" in text
    assert "Résumé des débats" in text
    assert "3 présents requis (50 % des inscrits) : quorum atteint." in text
    assert "Le maire, président de séance" in text


def test_english_minutes_leave_the_process_language_alone(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    from civodesk.i18n import _, current_language

    meeting = _meeting(services, clock)
    rendered = MinutesService(services.database).render(meeting, MinutesOptions(language="en"))
    text = pdf_text(rendered.pdf, tmp_path)
    assert "Minutes" in text
    assert "Journal fingerprint (SHA-256)" in text
    assert "Attendance" in text
    assert current_language() == "fr"
    assert _("Compte-rendu") == "Compte-rendu"


def test_same_journal_same_bytes_whenever_made(services: Services, clock: ManualClock) -> None:
    meeting = _meeting(services, clock)
    minutes = MinutesService(services.database)
    first = minutes.render(meeting, MinutesOptions()).pdf
    clock.advance(3_600_000)  # later: nothing in the document depends on the clock
    assert minutes.render(meeting, MinutesOptions()).pdf == first


def test_votes_show_method_figures_and_explanation(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    """Votes are not journaled yet; a record carrying one shows how the minutes print it."""
    meeting = _meeting(services, clock)
    record = MinutesService(services.database).read_record(meeting)
    result = count("yes_no_abstain", [YES, NO, ABSTAIN], [YES] * 17 + [NO] * 5 + [ABSTAIN] * 2)
    item = record.agenda[1].id
    voted = MeetingRecord(
        **{**record.__dict__, "votes": (VoteEntry(item, "Adopter le plan", result),)}
    )
    text = pdf_text(render_record(voted, MinutesOptions()).pdf, tmp_path)
    assert "Adopter le plan : adopté" in text
    assert "Pour / contre / abstention" in text
    assert "Annexe : méthodes de vote utilisées" in text
    assert " 17 " in text
    assert "24 dont 24 valables" in text


def test_an_empty_meeting_says_so(services: Services, tmp_path: Path) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    text = pdf_text(
        MinutesService(services.database).render(meeting, MinutesOptions()).pdf, tmp_path
    )
    assert "0 personne présente sur 0 inscrite(s)." in text
    assert "Personne n'a été enregistré à l'accueil." in text
    assert "Aucune idée n'a été recueillie." in text
    assert "Aucune procuration n'a été enregistrée." in text


def test_huge_idea_emoji_and_300_attendees_paginate(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = services.meetings.create_meeting(meeting_fields()).meeting_id
    services.participants.register_many(
        meeting,
        [ParticipantFields(f"Prénom{n}", f"Nom{n:03d}", commune="Kourou") for n in range(300)],
    )
    long_idea = ("Une idée très longue sur la place du marché. " * 450)[:20_000]
    services.ideas.capture_many(
        meeting, [IdeaFields(long_idea), IdeaFields("Plus de vélos 🚲👍🏽 et d'arbres 🌳")]
    )
    services.meetings.open_meeting(meeting)
    for person in services.participants.list_participants(meeting):
        services.checkin.check_in(meeting, person.id)
    rendered = MinutesService(services.database).render(meeting, MinutesOptions())
    text = pdf_text(rendered.pdf, tmp_path)
    pages = text.split("\f")
    with_table = [page for page in pages if "Nom et prénom" in page]
    assert len(with_table) >= 5  # the header row repeats on every page of the list
    assert "NOM299" in text
    assert "Plus de vélos" in text
    assert "\ufffd" in text  # emoji drawn as a visible replacement mark
    assert text.count("Une idée très longue") >= 400


def test_broken_logo_warns_and_unwritable_target_leaves_nothing(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    meeting = _meeting(services, clock)
    logo = tmp_path / "logo.png"
    logo.write_bytes(b"not a png")
    rendered = MinutesService(services.database).render(meeting, MinutesOptions(logo_path=logo))
    assert rendered.warnings
    folder = tmp_path / "out"
    folder.mkdir()
    with pytest.raises(DocumentWriteError):
        write_minutes(folder / "missing" / "cr.pdf", rendered)
    with pytest.raises(DocumentWriteError):
        write_minutes(folder, rendered)  # a folder given as the file
    assert list(folder.iterdir()) == []


def test_the_organizations_logo_is_remembered_and_printed(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    from PIL import Image

    from civodesk.minutes.logos import OrganizationLogos

    meeting = _meeting(services, clock)
    logo = tmp_path / "blason.png"
    Image.new("RGB", (120, 60), (20, 80, 160)).save(logo)
    logos = OrganizationLogos(tmp_path / "home")
    organization = services.meetings.get_meeting(meeting).fields.organization
    logos.set_logo(organization, logo)
    assert OrganizationLogos(tmp_path / "home").logo_of(" ".join(organization.split())) == logo
    minutes = MinutesService(services.database)
    with_logo = minutes.render(meeting, MinutesOptions(logo_path=logos.logo_of(organization)))
    without = minutes.render(meeting, MinutesOptions())
    assert with_logo.warnings == ()
    assert b"/Subtype /Image" in with_logo.pdf
    assert b"/Subtype /Image" not in without.pdf
    logos.set_logo(organization, None)
    assert logos.logo_of(organization) is None


def _vote(services: Services, meeting: str, ballots: list[object], **setup: object) -> str:
    from civodesk.voting.service import BallotIntake
    from civodesk.voting.vote import Origin, VoteSetup

    vote = services.votes.create_vote(meeting, VoteSetup(**setup)).created_ids[0]  # type: ignore[arg-type]
    services.votes.open_vote(meeting, vote)
    people = list(services.participants.list_participants(meeting))
    for person, ballot in zip(people, ballots, strict=False):
        services.votes.cast(meeting, vote, BallotIntake(ballot, Origin.DESK, person.id))
    services.votes.close_vote(meeting, vote)
    return vote


def test_journaled_votes_print_figures_names_and_the_annex(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    from civodesk.voting.vote import VoteOption, yes_no_options

    meeting = _meeting(services, clock, close=False)
    item = services.meetings.get_meeting(meeting).agenda[1].id
    _vote(
        services,
        meeting,
        [YES, YES, NO, ABSTAIN],
        question="Adopter le plan de la place",
        method="yes_no_abstain",
        options=yes_no_options(),
        secret=False,
        agenda_item_id=item,
    )
    options = tuple(VoteOption(f"o{n}", label) for n, label in enumerate(["Kiosque", "Fontaine"]))
    _vote(
        services,
        meeting,
        [{"o0": 0, "o1": 3}, {"o0": 1, "o1": 2}, {"o0": 4, "o1": 0}],
        question="Aménagement préféré",
        method="majority_judgment",
        options=options,
    )
    services.meetings.close_meeting(meeting)
    minutes = MinutesService(services.database)
    record = minutes.read_record(meeting)
    assert [vote.question for vote in record.votes] == [
        "Adopter le plan de la place",
        "Aménagement préféré",
    ]
    pv = pdf_text(
        minutes.render(meeting, MinutesOptions(kind=MinutesKind.PROCES_VERBAL)).pdf, tmp_path
    )
    assert "Adopter le plan de la place : adopté" in pv
    assert "4 dont 4 valables, 0 blancs, 0 nuls" in pv
    assert "Jugement majoritaire" in pv
    assert "Kiosque" in pv
    assert "Éloïse Nguyễn" in pv  # a public ballot names each voter in the procès-verbal
    assert "Annexe : méthodes de vote utilisées" in pv
    assert "Chacun attribue une mention" in pv
    anonymous = pdf_text(
        minutes.render(
            meeting, MinutesOptions(kind=MinutesKind.PROCES_VERBAL, with_names=False)
        ).pdf,
        tmp_path,
    )
    assert "Éloïse" not in anonymous
    english = pdf_text(minutes.render(meeting, MinutesOptions(language="en")).pdf, tmp_path)
    assert "Ballots" in english


def test_notes_and_decisions_print_where_they_belong(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    """A procès-verbal prints the notes as the gist of the debates (journaled notes and
    decisions: tests/core/test_minutes_facilitation.py)."""
    from dataclasses import replace
    from datetime import date

    from civodesk.minutes.facilitation_record import DecisionEntry

    meeting = _meeting(services, clock)
    record = MinutesService(services.database).read_record(meeting)
    item = record.agenda[0].id
    filled = replace(
        record,
        notes={item: "Les habitants demandent plus d'ombre.\n\nLe maire répond : étude en 2027."},
        decisions=(
            DecisionEntry(
                item, "Lancer l'étude d'ombrage", "Services techniques", date(2027, 3, 1), "action"
            ),
        ),
    )
    pv = pdf_text(
        render_record(filled, MinutesOptions(kind=MinutesKind.PROCES_VERBAL)).pdf, tmp_path
    )
    assert "Résumé des débats" in pv
    assert "Les habitants demandent plus d'ombre." in pv
    assert "Lancer l'étude d'ombrage" in pv
    assert "Services techniques" in pv
    assert "1er mars 2027" in pv
    assert "Aucune décision n'a été enregistrée." in pv  # an action is not a decision


def test_merit_profiles_follow_the_ranking_and_name_the_grades(
    services: Services, clock: ManualClock, tmp_path: Path
) -> None:
    """The chart lists the options as the results table does (winner first), with a legend."""
    from dataclasses import replace

    meeting = _meeting(services, clock)
    record = MinutesService(services.database).read_record(meeting)
    grades = [{"kiosk": 4, "fountain": 0}, {"kiosk": 3, "fountain": 1}, {"kiosk": 5, "fountain": 2}]
    result = count("majority_judgment", ["kiosk", "fountain"], grades)
    result = replace(result, labels={"kiosk": "Kiosque", "fountain": "Fontaine"})
    voted = replace(record, votes=(VoteEntry(record.agenda[1].id, "Aménagement", result),))
    text = pdf_text(render_record(voted, MinutesOptions()).pdf, tmp_path)
    chart = text[text.index("Au-dessous") :]
    labels = re.findall(r"\b(Kiosque|Fontaine)\b", chart)
    assert labels == ["Fontaine", "Kiosque", "Fontaine", "Kiosque"]
    assert "Excellent" in chart
    assert "À rejeter" in chart


def test_every_vote_of_an_item_sits_at_the_same_contents_level(
    services: Services, clock: ManualClock
) -> None:
    """The part heading "Votes" is not listed: a vote question is one level under its item."""
    from dataclasses import replace

    from civodesk.minutes.document import minutes_story

    meeting = _meeting(services, clock)
    record = MinutesService(services.database).read_record(meeting)
    result = count("yes_no_abstain", [YES, NO, ABSTAIN], [YES, YES, NO])
    item = record.agenda[1].id
    voted = replace(
        record, votes=(VoteEntry(item, "Premier vote", result), VoteEntry(item, "Second", result))
    )
    levels: dict[str, int] = {}

    def visit(flowables: list[object]) -> None:
        for flowable in flowables:
            if hasattr(flowable, "outline_level"):
                levels[flowable.outline_text] = flowable.outline_level  # type: ignore[attr-defined]
            visit(getattr(flowable, "_content", []))

    visit(minutes_story(voted, MinutesOptions(), None)[0])
    item_title = f"2. {record.agenda[1].title}"
    assert levels["Premier vote"] == levels["Second"] == levels[item_title] + 1
