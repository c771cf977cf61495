"""Sentences the minutes share: the document's name, the quorum, a vote's outcome, the methods.

Everything goes through ``_()`` at call time, so a document made under
``language_on_this_thread("en")`` reads English throughout.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civodesk.checkin.attendance_rules import quorum_required
from civodesk.documents.typography import format_number
from civodesk.i18n import _
from civodesk.minutes.options import MinutesKind

if TYPE_CHECKING:
    from civodesk.minutes.record import MeetingRecord, VoteEntry


def document_name(kind: MinutesKind) -> str:
    if kind is MinutesKind.PROCES_VERBAL:
        return _("Procès-verbal de séance")
    return _("Compte-rendu")


def quorum_sentence(record: MeetingRecord) -> str:
    """ "Quorum : 31 présents requis (50 % des inscrits) ; atteint." or "" without a quorum."""
    if record.quorum_percent is None:
        return ""
    needed = quorum_required(record.registered, record.quorum_percent)
    reached = len(record.attendees) >= needed
    return _("{needed} présents requis ({percent} % des inscrits) : {state}.").format(
        needed=format_number(needed),
        percent=format_number(record.quorum_percent),
        state=_("quorum atteint") if reached else _("quorum non atteint"),
    )


def outcome_sentence(vote: VoteEntry) -> str:
    """ "Question : « A » arrive en tête." in one line for the summary."""
    result = vote.result
    if result.method == "yes_no_abstain":
        adopted = bool(result.details.get("adopted"))
        state = _("adopté") if adopted else _("rejeté")
        return _("{question} : {state}").format(question=vote.question, state=state)
    winners = [result.labels[option] for option in result.winners]
    if not winners:
        return _("{question} : aucun résultat").format(question=vote.question)
    return _("{question} : {winners}").format(question=vote.question, winners=", ".join(winners))


def method_name(method: str) -> str:
    return {
        "yes_no_abstain": _("Pour / contre / abstention"),
        "single": _("Choix unique"),
        "approval": _("Vote par approbation"),
        "dots": _("Vote par gommettes"),
        "score": _("Vote par notes"),
        "borda": _("Méthode de Borda"),
        "schulze": _("Méthode de Condorcet-Schulze"),
        "irv": _("Vote alternatif (éliminations successives)"),
        "majority_judgment": _("Jugement majoritaire"),
    }.get(method, method)


def method_explanation(method: str) -> str:
    """What the annex says of a method: how ballots are counted and how ties are settled."""
    return {
        "yes_no_abstain": _(
            "Chacun vote pour, contre ou s'abstient. La proposition est adoptée quand les voix "
            "« pour » atteignent la majorité demandée de la base indiquée (suffrages exprimés, "
            "bulletins valables, présents ou inscrits) et que le quorum, s'il y en a un, est "
            "atteint. Les bulletins blancs et nuls sont comptés à part. À égalité de voix en "
            "majorité simple, la proposition n'est pas adoptée par le décompte : la séance "
            "consigne la décision du président."
        ),
        "single": _(
            "Chacun désigne une option ; l'option qui recueille le plus de voix arrive en tête. "
            "Les égalités ne sont pas départagées par le décompte."
        ),
        "approval": _(
            "Chacun approuve autant d'options qu'il le souhaite (dans la limite fixée) ; "
            "l'option approuvée par le plus de bulletins arrive en tête."
        ),
        "dots": _(
            "Chacun répartit un nombre fixé de gommettes entre les options, avec un maximum par "
            "option ; l'option qui reçoit le plus de gommettes arrive en tête."
        ),
        "score": _(
            "Chacun note chaque option ; une option non notée reçoit 0. L'option dont le total "
            "des notes est le plus élevé arrive en tête."
        ),
        "borda": _(
            "Chacun classe les options. Sur un bulletin qui en classe m, la première reçoit m "
            "points, la suivante m − 1, et ainsi de suite ; les options non classées ne reçoivent "
            "rien. Le plus grand total de points arrive en tête."
        ),
        "schulze": _(
            "Chacun classe les options. Chaque paire d'options est comparée (matrice des duels) ; "
            "une option devance une autre quand sa plus forte chaîne de duels gagnés vers elle est "
            "plus forte que l'inverse. Une option qui bat toutes les autres en duel (gagnant de "
            "Condorcet) arrive toujours en tête."
        ),
        "irv": _(
            "Chacun classe les options. À chaque tour, un bulletin compte pour l'option qu'il "
            "classe le plus haut parmi celles encore en lice ; l'option qui a le moins de voix est "
            "éliminée, jusqu'à ce qu'il n'en reste qu'une."
        ),
        "majority_judgment": _(
            "Chacun attribue une mention à chaque option (Excellent, Très bien, Bien, Assez bien, "
            "Passable, Insuffisant, À rejeter ; « À rejeter » pour une option non évaluée). La "
            "mention majoritaire d'une option est sa mention médiane (la moins bonne des deux "
            "quand leur nombre est pair). L'option dont la mention majoritaire est la meilleure "
            "arrive en tête ; les égalités sont départagées selon Balinski et Laraki (2011) en "
            "comparant les parts de mentions au-dessus et au-dessous de la mention majoritaire."
        ),
    }.get(method, "")
