"""The opening sections of the minutes: cover, one-page summary, attendance, agenda.

One function per kind of content; each takes the record and returns flowables, and says so
plainly when there is nothing to report ("Aucune idée n'a été recueillie.").
"""

from __future__ import annotations

from typing import Any

from civodesk.documents.page_template import MM
from civodesk.documents.story import heading, key_values, notice, paragraph, spacer
from civodesk.documents.styles import document_styles
from civodesk.documents.tables import Column, data_table
from civodesk.documents.typography import (
    capitalize_first,
    format_clock_time,
    format_number,
    format_time_span,
)
from civodesk.i18n import _, ngettext
from civodesk.minutes.options import MinutesKind, MinutesOptions
from civodesk.minutes.record import BREAKDOWN_FIELDS, MeetingRecord
from civodesk.minutes.wording import document_name, outcome_sentence, quorum_sentence

ERASED_NAME = "—"


def breakdown_title(name: str) -> str:
    return {
        "commune": _("Commune"),
        "neighbourhood": _("Quartier"),
        "age_bracket": _("Tranche d'âge"),
    }[name]


def cover(record: MeetingRecord, options: MinutesOptions, logo: Any | None) -> list[Any]:
    """Logo, kind of document, title, then date, place, organizer and who led the meeting."""
    styles = document_styles()
    story: list[Any] = [logo] if logo is not None else []
    story.append(paragraph(document_name(options.kind), styles.title))
    story.append(paragraph(record.title, styles.subtitle))
    story.append(spacer(3 * MM))
    rows = [
        (_("Date"), capitalize_first(format_time_span(record.starts_at, record.ends_at))),
        (_("Lieu"), record.place),
        (_("Organisateur"), record.organization),
    ]
    if options.kind is MinutesKind.PROCES_VERBAL:
        rows += [
            (_("Présidence"), record.president or _("non renseignée")),
            (
                _("Secrétaire(s) de séance"),
                ", ".join(record.secretaries) or _("non renseigné"),
            ),
        ]
    rows.append((_("Animation"), ", ".join(record.facilitators)))
    story.append(key_values(rows, label_width=42 * MM))
    if record.description:
        story.append(spacer(2 * MM))
        story.append(paragraph(record.description, styles.muted))
    if record.is_draft:
        story.append(spacer(2 * MM))
        story.append(
            notice(
                _(
                    "Document provisoire : la réunion n'est pas close, son contenu peut encore "
                    "changer."
                )
            )
        )
    return story


def attendance_sentence(record: MeetingRecord) -> str:
    present = len(record.attendees)
    text = ngettext(
        "{present} personne présente sur {registered} inscrite(s)",
        "{present} personnes présentes sur {registered} inscrite(s)",
        present,
    ).format(present=format_number(present), registered=format_number(record.registered))
    if record.represented:
        text += ngettext(
            ", {count} représentée par procuration",
            ", {count} représentées par procuration",
            record.represented,
        ).format(count=format_number(record.represented))
    return text + "."


def ideas_sentence(record: MeetingRecord) -> str:
    """ "42 idées recueillies, 6 groupes, 3 doublons fusionnés, 120 soutiens"."""
    parts = [
        ngettext("{count} idée recueillie", "{count} idées recueillies", len(record.ideas)).format(
            count=format_number(len(record.ideas))
        )
    ]
    grouped = {idea.cluster_id for idea in record.ideas} & {c.id for c in record.clusters}
    if grouped:
        parts.append(
            ngettext("{count} groupe", "{count} groupes", len(grouped)).format(
                count=format_number(len(grouped))
            )
        )
    if record.merged_count:
        parts.append(
            ngettext(
                "{count} doublon fusionné", "{count} doublons fusionnés", record.merged_count
            ).format(count=format_number(record.merged_count))
        )
    supports = sum(idea.supports for idea in record.ideas)
    if supports:
        parts.append(
            ngettext("{count} soutien", "{count} soutiens", supports).format(
                count=format_number(supports)
            )
        )
    return ", ".join(parts)


def summary(record: MeetingRecord) -> list[Any]:
    """The one-page summary: attendance, ideas, votes and their outcomes, decisions."""
    rows = [(_("Présences"), attendance_sentence(record))]
    quorum = quorum_sentence(record)
    if quorum:
        rows.append((_("Quorum"), quorum))
    rows.append(
        (
            _("Ordre du jour"),
            ngettext("{count} point", "{count} points", len(record.agenda)).format(
                count=format_number(len(record.agenda))
            ),
        )
    )
    rows.append((_("Idées"), ideas_sentence(record)))
    rows.append(
        (
            _("Votes"),
            "\n".join(outcome_sentence(vote) for vote in record.votes)
            or _("Aucun vote n'a été enregistré."),
        )
    )
    decided = [decision.text for decision in record.decisions if not decision.is_action]
    rows.append((_("Décisions"), "\n".join(decided) or _("Aucune décision n'a été enregistrée.")))
    actions = sum(1 for decision in record.decisions if decision.is_action)
    if actions:
        rows.append(
            (
                _("Actions"),
                ngettext(
                    "{count} action à mener (détail par point)",
                    "{count} actions à mener (détail par point)",
                    actions,
                ).format(count=format_number(actions)),
            )
        )
    return [heading(_("Synthèse")), key_values(rows, label_width=32 * MM)]


def agenda_list(record: MeetingRecord) -> list[Any]:
    """The agenda as a numbered list (the procès-verbal must give it)."""
    story: list[Any] = [heading(_("Ordre du jour"))]
    if not record.agenda:
        return [*story, notice(_("Aucun point n'était inscrit à l'ordre du jour."))]
    rows = [
        [str(number), item.title, _("{minutes} min").format(minutes=item.duration_minutes)]
        for number, item in enumerate(record.agenda, start=1)
    ]
    columns = [
        Column(_("N°"), 0.6, "right"),
        Column(_("Point"), 8),
        Column(_("Durée prévue"), 1.6, "right"),
    ]
    return [*story, data_table(columns, rows)]


def attendance(record: MeetingRecord, options: MinutesOptions) -> list[Any]:
    """Counts, quorum and breakdowns; then the names with arrival times, and the proxies
    (only counts with ``with_names`` off)."""
    styles = document_styles()
    story: list[Any] = [heading(_("Présences")), paragraph(attendance_sentence(record))]
    quorum = quorum_sentence(record)
    if quorum:
        story.append(paragraph(quorum))
    if not record.attendees:
        story.append(notice(_("Personne n'a été enregistré à l'accueil.")))
    story += _breakdowns(record)
    if options.with_names and record.attendees:
        story.append(heading(_("Liste des présents"), 2))
        rows = [
            [
                str(number),
                person.listed_name or ERASED_NAME,
                person.commune,
                format_clock_time(person.arrived_at),
            ]
            for number, person in enumerate(record.attendees, start=1)
        ]
        columns = [
            Column(_("N°"), 0.7, "right"),
            Column(_("Nom et prénom"), 4.5),
            Column(_("Commune"), 3.5),
            Column(_("Arrivée"), 1.3, "right"),
        ]
        story.append(data_table(columns, rows))
    elif not options.with_names:
        story.append(
            paragraph(
                _("Publication sans noms : seuls les effectifs et les répartitions figurent ici."),
                styles.muted,
            )
        )
    story += _proxy_part(record, options)
    return story


def _breakdowns(record: MeetingRecord) -> list[Any]:
    story: list[Any] = []
    for name in BREAKDOWN_FIELDS:
        groups = record.breakdown(name)
        if not groups:
            continue
        story.append(
            heading(_("Répartition par {field}").format(field=breakdown_title(name).lower()), 2)
        )
        rows = [[label or _("Non renseigné"), format_number(count)] for label, count in groups]
        story.append(
            data_table(
                [Column(breakdown_title(name), 6), Column(_("Présents"), 1.5, "right")], rows
            )
        )
    return story


def _proxy_part(record: MeetingRecord, options: MinutesOptions) -> list[Any]:
    story: list[Any] = [heading(_("Procurations"), 2)]
    if not record.proxies:
        return [*story, notice(_("Aucune procuration n'a été enregistrée."))]
    counted = record.represented
    story.append(
        paragraph(
            ngettext(
                "{count} procuration enregistrée, dont {counted} prise(s) en compte "
                "(mandant absent, mandataire présent).",
                "{count} procurations enregistrées, dont {counted} prise(s) en compte "
                "(mandant absent, mandataire présent).",
                len(record.proxies),
            ).format(count=format_number(len(record.proxies)), counted=format_number(counted))
        )
    )
    if options.with_names:
        rows = [
            [
                proxy.giver or ERASED_NAME,
                proxy.holder or ERASED_NAME,
                _("oui") if proxy.counted else _("non"),
            ]
            for proxy in record.proxies
        ]
        columns = [
            Column(_("Mandant (absent)"), 4),
            Column(_("Mandataire"), 4),
            Column(_("Prise en compte"), 1.6, "center"),
        ]
        story.append(data_table(columns, rows))
    return story
