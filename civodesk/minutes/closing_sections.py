"""The end of the minutes: the annex on the voting methods used, the journal's integrity, and
for a procès-verbal the signature block of the maire and the secrétaire."""

from __future__ import annotations

from typing import Any

from civodesk.documents.page_template import CONTENT_WIDTH, MM
from civodesk.documents.story import heading, key_values, notice, paragraph, spacer
from civodesk.documents.styles import document_styles
from civodesk.documents.typography import capitalize_first, format_date_time, format_number
from civodesk.i18n import _
from civodesk.minutes.record import MeetingRecord
from civodesk.minutes.wording import method_explanation, method_name

SIGNATURE_BOX_HEIGHT = 28 * MM


def methods_annex(record: MeetingRecord) -> list[Any]:
    """Each voting method used, explained once in plain words."""
    story: list[Any] = [heading(_("Annexe : méthodes de vote utilisées"))]
    used = sorted({vote.counted_method for vote in record.votes})
    if not used:
        return [*story, notice(_("Aucun vote n'a eu lieu : aucune méthode à expliquer."))]
    for method in used:
        story += [heading(method_name(method), 2), paragraph(method_explanation(method))]
    return story


def integrity_section(record: MeetingRecord) -> list[Any]:
    """The fingerprint printed in every footer, and how anyone can check it (on one page)."""
    from reportlab.platypus import KeepTogether

    styles = document_styles()
    parts = [
        heading(_("Intégrité du document")),
        paragraph(
            _(
                "Ce document est établi à partir du journal de la réunion. L'empreinte ci-dessous, "
                "imprimée au pied de chaque page, permet à chacun de vérifier qu'il correspond au "
                "journal synchronisé (commande « civodesk fingerprint » ou serveur central)."
            )
        ),
        paragraph(_("Empreinte (SHA-256)"), styles.muted),
        paragraph(record.fingerprint, _fingerprint_style()),
        key_values(
            [
                (_("Événements"), format_number(record.event_count)),
                (_("Dernier événement"), capitalize_first(format_date_time(record.recorded_at))),
            ],
            label_width=40 * MM,
        ),
        paragraph(
            _("La date du document est celle du dernier événement du journal."), styles.muted
        ),
    ]
    return [KeepTogether(parts)]


def _fingerprint_style() -> Any:
    from reportlab.lib.styles import ParagraphStyle

    from civodesk.documents.fonts import MONO

    return ParagraphStyle("fingerprint", parent=document_styles().small, fontName=MONO)


def signature_block(record: MeetingRecord) -> list[Any]:
    """Two boxes side by side: the maire (president of the session) and the secrétaire(s)."""
    from reportlab.lib.colors import Color
    from reportlab.platypus import KeepTogether, Table, TableStyle

    from civodesk.documents.styles import RULE

    styles = document_styles()
    left = [
        paragraph(_("Le maire, président de séance"), styles.muted),
        paragraph(record.president or " "),
    ]
    right = [
        paragraph(_("Le ou les secrétaires de séance"), styles.muted),
        paragraph(", ".join(record.secretaries) or " "),
    ]
    table = Table(
        [[left, right], ["", ""]],
        colWidths=[CONTENT_WIDTH / 2] * 2,
        rowHeights=[None, SIGNATURE_BOX_HEIGHT],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("BOX", (0, 0), (0, -1), 0.6, Color(*RULE)),
                ("BOX", (1, 0), (1, -1), 0.6, Color(*RULE)),
            ]
        )
    )
    return [
        KeepTogether(
            [
                heading(_("Signatures"), in_contents=True),
                paragraph(
                    _("Procès-verbal arrêté au terme de la séance et signé par :"), styles.body
                ),
                spacer(2 * MM),
                table,
            ]
        )
    ]
