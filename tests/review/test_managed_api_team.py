"""Honest answers of a team that only calls a managed model API, read with the shipped model and interview content:
the service's price list states where the model comes from, "no endpoints of our own" leaves nothing of ours to host,
a fact about who the team is ("we have no ML team") is no gap, and generative-AI words for attacks ("prompt
injection", "jailbreaks") and users' words for monitoring ("watch", "keep an eye on") are read as the lens's. The
sentences are written for this test, not taken from eval/review."""

from __future__ import annotations

import pytest

from app.review.concepts import in_lens_words, terms
from app.review.facts import Fact, stated_facts, states_team_fact
from app.review.models import BPStatus
from app.services import AnswerMapping

NA = BPStatus.NOT_APPLICABLE
CD = BPStatus.CANNOT_DETERMINE


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        # a price per use says the vendor serves the model; not that nobody fine-tunes it (labelling guide rule 3)
        ("Bedrock on-demand pricing.", Fact.NO_HOSTING),
        ("We pay OpenAI's per-token rates", Fact.NO_HOSTING),
        ("Comprehend pricing is all we think about", Fact.NO_HOSTING),
        ("No endpoints of our own", Fact.NO_HOSTING),
        ("we don't run model servers of ours", Fact.NO_HOSTING),
    ],
)
def test_a_price_list_or_someone_elses_endpoint_states_a_fact(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("We compared Bedrock pricing with a SageMaker endpoint", Fact.MANAGED_MODEL),  # a price weighed, not paid
        ("No endpoints of our own yet", Fact.NO_HOSTING),  # not yet: the next step may be one
        ("Bedrock on-demand pricing.", Fact.NO_TRAINING),  # rule 3: "we use Bedrock" alone does not say that
        ("We pay per request to the vendor", Fact.NO_TRAINING),
        ("The endpoint of our own is on a g5", Fact.NO_HOSTING),  # not an absence
    ],
)
def test_a_compared_price_or_a_pending_absence_states_no_such_fact(text: str, fact: Fact) -> None:
    assert fact not in stated_facts(text)


@pytest.mark.parametrize(
    ("text", "team"),
    [
        ("we have no ML team", True),
        ("and there are no data scientists here.", True),
        ("We don't have any ML engineers", True),
        ("We don't have a data science team at all", True),
        # the absence of people doing something is about that something
        ("no data scientist has reviewed the labels", False),
        ("we have no ML team to review the outputs", False),
        ("nobody on the team knows how to profile data", False),
        ("We have no budget", False),
    ],
)
def test_a_clause_that_only_says_who_the_team_is(text: str, team: bool) -> None:
    assert states_team_fact(text) is team


def test_genai_attack_words_are_put_in_the_lens_words() -> None:
    assert in_lens_words("Nothing stops prompt injection today") == "Nothing stops adversarial inputs today"
    assert "adversarial" in in_lens_words("we test with jailbreak prompts")
    assert in_lens_words("The injection of data into the pipeline") == "The injection of data into the pipeline"
    assert terms("we watch the bill") == terms("we monitor the bill")
    assert terms("someone keeps an eye on the spend") == terms("someone monitor the spend")
    assert "monitor" not in terms("watch out for the quota")


@pytest.mark.integration
@pytest.mark.parametrize(
    ("question_id", "text", "expected"),
    [
        # no endpoint of ours and a managed model's price list: no hosting fleet or hardware to choose (rules 1, 11)
        ("MLCOST05", "We have no endpoints of our own; we pay OpenAI's per-token pricing.", {"*": NA}),
        ("MLCOST05", "Bedrock on-demand, nothing else.", {"*": NA}),
        # a price compared is not a fact: the endpoint chosen is still ours
        (
            "MLCOST05",
            "We compared Bedrock pricing with a SageMaker endpoint and picked the endpoint on a g5 instance.",
            {"MLCOST05-BP02": BPStatus.IMPLEMENTED},
        ),
        # who the team is says nothing about deciding whether ML is the right tool
        ("MLCOST02", "We don't have any ML engineers.", {"*": CD}),
        (
            "MLCOST02",
            "There's no ML team here. We weighed a custom model against Amazon Comprehend and went with Comprehend.",
            # the clause is far closer to MLPERF02's purpose-built AI services (0.77) than to this question (0.43), so
            # the off-topic check asks about it (docs/review-mapping.md, tenth round); the team fact proposes nothing
            {"MLCOST02-BP01": CD, "MLCOST02-BP02": CD},
        ),
        # …but it is the subject of the practices about the team
        ("MLOPS02", "We have no ML team.", {"MLOPS02-BP01": BPStatus.NOT_IMPLEMENTED}),
        (
            "MLOPS01",
            "We don't have any ML engineers, and nobody has been trained on it.",
            {"MLOPS01-BP01": BPStatus.NOT_IMPLEMENTED},
        ),
        # generative-AI attacks are the lens's adversarial inputs
        ("MLSEC05", "Nothing stops prompt injection today.", {"*": BPStatus.NOT_IMPLEMENTED}),
        ("MLSEC05", "We haven't looked at jailbreaks yet.", {"*": BPStatus.NOT_IMPLEMENTED}),
        ("MLSEC05", "Nobody has tested the chatbot with malicious prompts.", {"*": BPStatus.NOT_IMPLEMENTED}),
        (
            "MLSEC05",
            "Every release is red-teamed with a suite of jailbreak prompts, and prompt injection attempts are blocked "
            "by a classifier in front of the model.",
            {"*": BPStatus.IMPLEMENTED},
        ),
        # watching the bill by tag is monitoring cost by activity; "watch" is not read as done when denied
        (
            "MLCOST06",
            "Someone keeps an eye on the Bedrock spend each week in Cost Explorer, split by the project tag.",
            {"MLCOST06-BP01": BPStatus.IMPLEMENTED},
        ),
        ("MLCOST06", "Nobody watches what the model costs.", {"MLCOST06-BP02": BPStatus.NOT_IMPLEMENTED}),
        (
            "MLCOST06",
            "We watch endpoint utilisation weekly and resized the fleet twice.",
            # "watch" meets "monitor", so BP03 is the practice read; the learned reader of the sentence (probability of
            # "done" 0.33, below 0.35) withholds "implemented": asked about (docs/review-mapping.md, tenth round)
            {"MLCOST06-BP03": CD, "MLCOST06-BP01": CD},
        ),
    ],
)
def test_a_managed_api_teams_answers(
    mapping: AnswerMapping, question_id: str, text: str, expected: dict[str, BPStatus]
) -> None:
    predicted = mapping.predict(question_id, text)
    wanted = {bp: expected.get(bp, expected.get("*")) for bp in predicted}
    assert {bp: s for bp, s in predicted.items() if wanted[bp] is not None} == {
        bp: s for bp, s in wanted.items() if s is not None
    }
