"""French and English words too common to mean anything in a word cloud."""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


FRENCH = _words(
    """
    a à afin ai aie aient aies ait alors as au aucun aucune auquel aura aurai auraient aurais
    aurait auras aurez auriez aurions aurons auront aussi autre autres aux auxquelles auxquels
    avaient avais avait avant avec avez aviez avions avoir avons ayant ayez ayons bien c ça car
    ce ceci cela celle celles celui cependant certain certaines certains ces cet cette ceux
    chaque chez ci comme comment d dans de des donc dont du dès elle elles en encore entre es
    est et étaient étais était étant été êtes étiez étions être eu eue eues eûmes eurent eus
    eusse eut eux faire fait fais faut font fut furent fus il ils j je jusqu l la là le les
    leur leurs lors lui m ma mais me même mêmes mes moi moins mon n ne ni non nos notre nous
    on ont ou où par parce pas peu peut plus pour pourquoi qu quand que quel quelle quelles
    quels qui quoi s sa sans se sera serai seraient serais serait seras serez seriez serions
    serons seront ses si sien soi soient sois soit sommes son sont sous soyez soyons suis sur
    t ta te tes toi ton tous tout toute toutes très tu un une unes uns vers vos votre vous y
    faudrait peut-être ainsi etc oui
    """
)

ENGLISH = _words(
    """
    a about above after again against all am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is
    it its itself just me more most my myself no nor not now of off on once only or other our
    ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we
    were what when where which while who whom why will with would you your yours yourself
    yourselves also get got let lets make need us
    """
)

PROPOSAL_WORDS = _words(
    """
    propose proposons proposer demande demandons demander possible serait pourrait faudrait
    créer mettre place fois mois année années chaque avoir pouvoir plusieurs idée idées
    """
)
"""How people phrase a proposal (« je propose de créer… une fois par mois »): no content."""

STOP_WORDS = FRENCH | ENGLISH | PROPOSAL_WORDS
