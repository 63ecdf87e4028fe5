"""Session 29 (lang29): whether a message is written in another language (app/retrieval/language.py;
docs/scope-gate.md "Session 29 (lang29)"). Written for this test, not taken from eval rows or from the unseen sets
(tests/retrieval/data/unseen/lang29.jsonl, lang29_check.jsonl)."""

from __future__ import annotations

import pytest

from app.retrieval.language import in_another_language

OTHER = [
    "Wie oft sollten wir unser Empfehlungsmodell neu trainieren?",  # German
    "Comment savoir si notre modèle traite tous les clients de la même façon ?",  # French
    "¿Quién debería aprobar un modelo antes de pasarlo a producción?",  # Spanish
    "Onde devemos guardar as versões dos nossos conjuntos de dados?",  # Portuguese
    "Come possiamo ridurre la latenza del nostro endpoint di inferenza?",  # Italian
    "Hoe kunnen we zien of de invoerdata in productie verschuift?",  # Dutch
    "Kto powinien mieć dostęp do danych treningowych w naszym zespole?",  # Polish
    "Oes angen i ni amgryptio'r data hyfforddi sydd gennym ni?",  # Welsh
    "データドリフトを早く見つけるにはどうすればいいですか？",  # Japanese
    "Как нам выбрать тип инстанса для обучения модели?",  # Russian
    "Hvordan holder vi styr på hvem der har trænet hvilken model?",  # Danish
    "Wie kunnen we het beste de kosten per experiment bijhouden, met tags of met aparte accounts?",  # Dutch, longer
    "Sollten wir für das Training Spot Instances nutzen oder lieber On-Demand bleiben?",  # code-switched German
    "Nuestro modelo de churn corre en SageMaker y no sabemos cuándo reentrenarlo.",  # code-switched Spanish
    "Non, nous n'avons pas encore de registre des modèles.",  # a review answer, French
    "Nein, wir haben keine Alarme für die Modellqualität.",  # a review answer, German
]
ENGLISH = [
    "How should Łukasz's team track which dataset trained which model?",  # a name with letters English lacks
    "Our Köln and München clusters train the same model; how do we keep their features consistent?",  # places
    'Customers write "la app es muy lenta" in reviews; how should we monitor endpoint latency?',  # a quoted phrase
    "The job fails with « accès refusé au compartiment » when reading training data; how do we fix permissions?",
    "We store `umbral_alerta = 0.3` in config; should thresholds be versioned with the model?",  # code
    "Is the über-model approach (one model for every market) cheaper to host?",  # a loanword
    "How do we secure our inference endpoint? Danke im Voraus!",  # a courtesy in another language
    "How do we document model lineage?\n\nMet vriendelijke groet, Femke de Jong",  # a sign-off with a name
    "Perdón por mi inglés: how do we choose an instance type for training?",  # an apology before an English question
    "drift alarms for the São Paulo model?",  # terse
    "MLSEC03-BP01 — merci !",  # a lens ID and a courtesy
    "label data cheaply",  # terse, no function words
    "We use DVC; Jürgen set it up and every run records the data hash.",  # a review answer with a name
]


@pytest.mark.parametrize("text", OTHER)
def test_a_message_in_another_language_reads_as_one(text: str) -> None:
    assert in_another_language(text)


@pytest.mark.parametrize("text", ENGLISH)
def test_english_with_foreign_names_quotes_code_or_courtesies_does_not(text: str) -> None:
    assert not in_another_language(text)


def test_an_english_question_longer_than_a_foreign_part_is_english() -> None:
    assert not in_another_language("Merci pour tout. How should we monitor model quality after each release?")
    assert in_another_language("Please help. Wie können wir die Qualität unseres Modells nach jedem Release prüfen?")
