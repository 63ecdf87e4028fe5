"""Facts about the workload (app/review/facts.py): which fact a clause states, which practices each fact makes moot,
and the WA Tool reason. PURE, plus the real lens to check the table names real practices.

The sentences here are written for the tests, not taken from eval/review.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.lens.loader import load_lens
from app.review.facts import (
    MOOT,
    QUESTIONS,
    REASON,
    Fact,
    about_one_part,
    moot_practices,
    moot_table,
    reason_for,
    stated_facts,
    states_consequence,
    strip_facts,
)
from app.review.models import NAReason

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        # a managed or vendor model: said many ways, with or without a product name
        ("We only call a managed AI API", Fact.MANAGED_MODEL),
        ("honestly it's just requests to Amazon Bedrock", Fact.MANAGED_MODEL),
        ("the classifier is a third-party API we pay per call", Fact.MANAGED_MODEL),
        ("The model belongs to the provider", Fact.MANAGED_MODEL),
        ("it is hosted by OpenAI and we never see the weights", Fact.MANAGED_MODEL),
        ("Upgrades are the vendor's job", Fact.MANAGED_MODEL),
        ("new versions are released by the provider", Fact.MANAGED_MODEL),
        ("we picked a vendor model off their catalogue", Fact.MANAGED_MODEL),
        # no training here
        ("No training happens here", Fact.NO_TRAINING),
        ("we are not really training anything", Fact.NO_TRAINING),
        ("Nothing gets trained on our side", Fact.NO_TRAINING),
        ("We don't build it, we buy it", Fact.NO_TRAINING),
        ("the weights come off the shelf", Fact.NO_TRAINING),
        ("We can't retrain that model", Fact.NO_TRAINING),
        ("we never touch the weights", Fact.NO_TRAINING),
        ("we skipped model development completely", Fact.NO_TRAINING),
        # the model runs on the device
        ("This model never leaves the device", Fact.ON_DEVICE),
        ("Scoring happens on the customer's tablet", Fact.ON_DEVICE),
        ("it is bundled inside our Android app", Fact.ON_DEVICE),
        ("the network runs locally on each scanner", Fact.ON_DEVICE),
        ("We ship a TFLite file with the firmware", Fact.ON_DEVICE),
        # hosting, endpoints, batch
        ("We don't host anything", Fact.NO_HOSTING),
        ("there's nothing in the cloud to scale", Fact.NO_HOSTING),
        ("There's no endpoint anyone could call", Fact.NO_ENDPOINT),
        ("It's all batch, no real-time endpoint", Fact.BATCH_ONLY),
        # data facts
        ("Nobody labels anything, the labels come from the billing system", Fact.NO_LABELLING),
        ("it's an unsupervised model", Fact.NO_LABELLING),
        ("there is nothing to annotate", Fact.NO_LABELLING),
        ("training runs on a single GPU", Fact.SINGLE_NODE),
        ("We don't do distributed training", Fact.SINGLE_NODE),
        ("The inputs are public census data", Fact.NO_PERSONAL_DATA),
        ("there is nothing personal in the dataset", Fact.NO_PERSONAL_DATA),
        ("We store nothing, each request is thrown away", Fact.NO_STORED_DATA),
        ("there's no data preparation step at all", Fact.NO_DATA_PREP),
        ("it's a proof of concept for one team", Fact.PROTOTYPE),
        ("this is not in production yet", Fact.PROTOTYPE),
        # someone else trains, or someone else hosts: each rules out its own half
        ("our supplier trains it twice a year and mails us the weights", Fact.NO_TRAINING),
        ("the weights were built by a partner", Fact.NO_TRAINING),
        ("an open-source checkpoint, pretrained and used exactly as downloaded", Fact.NO_TRAINING),
        ("we run a frozen model from the marketplace", Fact.NO_TRAINING),
        ("training never happens in our account", Fact.NO_TRAINING),
        ("the provider hosts it behind their gateway", Fact.NO_HOSTING),
        ("the scoring service is run by a third party", Fact.NO_HOSTING),
        ("the supplier trains and hosts the ranking model", Fact.NO_HOSTING),
        ("the supplier trains and hosts the ranking model", Fact.NO_TRAINING),
        # no ML at all
        ("honestly it's a rules engine with a few dozen thresholds", Fact.NO_ML),
        ("there's no ML anywhere, just SQL", Fact.NO_ML),
        ("this is not machine learning, it's a lookup", Fact.NO_ML),
        ("There is no model at all", Fact.NO_ML),
        ("It's an internal rules engine, not ML, so there's no model to host", Fact.NO_ML),
        # more data facts
        ("nothing is stored once the answer is sent back", Fact.NO_STORED_DATA),
        ("there's no processing on our side", Fact.NO_DATA_PREP),
        ("Documents are done by Textract", Fact.MANAGED_MODEL),
    ],
)
def test_facts_are_read_from_many_wordings(clause: str, fact: Fact) -> None:
    assert fact in stated_facts(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "We don't train on Spot instances",  # a way of training not followed: a gap, not a fact
        "we don't tune hyperparameters automatically",
        "We never deploy a model without the CI pipeline",
        "Notebooks have no internet access",
        "Customer data never leaves our VPC",
        "There's no endpoint autoscaling",
        "Labels come from Ground Truth with our own reviewers",
        "no copies in personal buckets",
        "We never looked for PII",
        "We looked at running the model on the Jetson boxes",  # considered, not done
        "For OCR we use Textract instead of building our own",  # one part of the workload
        "We fine-tune a foundation model on Bedrock",  # trains here after all
        "Predictions are shown in the app",
        "Everything is versioned in the registry",
        "We don't version the model weights",
        "A data scientist trains the model on her laptop",  # where it is built, not where it runs
        "Nothing is trained unless the data passed the profiling job",  # a double negative: a practice followed
        "No model training until the data has been profiled and signed off",
        "We compared the model with a rule-based baseline first",  # the practice of questioning ML, not a fact
        "No endpoint change happens outside the pipeline",  # a double negative about a practice
        "the ML team is not machine learning experts",
    ],
)
def test_practice_statements_are_not_facts(clause: str) -> None:
    assert stated_facts(clause) == frozenset()


def test_a_vendor_model_is_neither_trained_nor_hosted_here() -> None:
    assert stated_facts("We only call Bedrock") >= {Fact.MANAGED_MODEL, Fact.NO_TRAINING, Fact.NO_HOSTING}
    assert Fact.NO_ENDPOINT in stated_facts("The model runs on the phone")


def test_the_rest_of_a_fact_clause_is_what_it_says_besides() -> None:
    rest = strip_facts("We only call Bedrock, from one Lambda whose role alone may invoke it")
    assert "Bedrock" not in rest and "Lambda whose role alone may invoke it" in rest
    assert "train" not in strip_facts("We don't train models")


def test_the_table_names_real_practices_and_whole_questions() -> None:
    lens = load_lens(REPO / "corpus")
    for fact, bp_ids in MOOT.items():
        assert bp_ids, fact
        assert all(lens.best_practice(bp_id) is not None for bp_id in bp_ids), fact
    question = lens.question("MLSUS04")  # a question about training as a whole
    assert question is not None
    assert {bp.id for bp in question.best_practices} <= MOOT[Fact.NO_TRAINING]
    # Development cost is about training except budgets and tags and stopping idle notebooks (any ML spend has those)
    # and keeping data near the compute (that serves it too).
    cost = {f"MLCOST04-BP{n:02d}" for n in range(1, 15)}
    assert cost - MOOT[Fact.NO_TRAINING] == {"MLCOST04-BP08", "MLCOST04-BP12", "MLCOST04-BP13"}
    # A model used as is is still evaluated and chosen: its evaluation pipeline and trade-off analysis outlive training;
    # the input features of a model we host still drift (feature statistics are moot only for a vendor's managed model).
    perf = {f"MLPERF04-BP{n:02d}" for n in range(1, 7)}
    assert perf - MOOT[Fact.NO_TRAINING] == {"MLPERF04-BP01", "MLPERF04-BP03", "MLPERF04-BP04", "MLPERF04-BP05"}
    assert "MLPERF04-BP04" in moot_table(frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}))
    assert perf - MOOT[Fact.MANAGED_MODEL] == {"MLPERF04-BP03", "MLPERF04-BP05"}
    assert cost - MOOT[Fact.MANAGED_MODEL] == {"MLCOST04-BP08", "MLCOST04-BP12", "MLCOST04-BP13"}


def test_training_side_practices_under_a_vendors_model_or_one_used_as_is() -> None:
    """Labelling guide rule 15: what each fact leaves of the training-side practices."""
    whenever_nothing_trained = {"MLREL03-BP02", "MLREL02-BP03", "MLOPS03-BP02", "MLSUS04-BP01"}
    neither_trained_nor_hosted = {"MLPERF06-BP03", "MLSUS05-BP02"}
    never = {"MLREL03-BP04", "MLOPS03-BP01", "MLREL02-BP01", "MLREL02-BP02"}
    for facts in (frozenset({Fact.NO_TRAINING}), frozenset({Fact.MANAGED_MODEL})):
        assert whenever_nothing_trained <= set(moot_table(facts))
        assert not never & set(moot_table(facts))
    # a model we host, used as is or trained by a partner: its inputs still drift, its silicon is still chosen
    assert not neither_trained_nor_hosted & set(moot_table(frozenset({Fact.NO_TRAINING})))
    for facts in (frozenset({Fact.MANAGED_MODEL}), frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING})):
        assert neither_trained_nor_hosted <= set(moot_table(facts))
    # "we use Bedrock" alone does not say nobody fine-tunes (rule 3): a fine-tuned model's inputs still drift, though
    # the platform's hardware runs the fine-tune too
    assert set(moot_table(frozenset({Fact.SERVICE_USED}))) & neither_trained_nor_hosted == {"MLSUS05-BP02"}


def test_more_practices_under_a_vendors_model_used_as_is_batch_only_or_on_the_device() -> None:
    """Labelling guide rule 16: what each fact leaves of the practices it names."""
    whenever_nothing_trained = {"MLSUS04-BP02", "MLSUS04-BP03", "MLOPS02-BP03", "MLCOST06-BP04"}
    neither_trained_nor_hosted = {"MLREL03-BP01", "MLPERF05-BP02", "MLPERF05-BP01"}
    never = {"MLSEC06-BP01", "MLSUS05-BP01"}
    vendor, as_is, partner_hosts = (
        frozenset({Fact.MANAGED_MODEL}),
        frozenset({Fact.NO_TRAINING}),
        frozenset({Fact.NO_HOSTING}),
    )
    for facts in (vendor, as_is):
        assert whenever_nothing_trained <= set(moot_table(facts))
    # a model we host as is still ships through a pipeline and has a deployment option; one we train has both too
    for facts in (as_is, partner_hosts):
        assert not neither_trained_nor_hosted & set(moot_table(facts))
    for facts in (vendor, as_is | partner_hosts):
        assert neither_trained_nor_hosted <= set(moot_table(facts))
    # on the device the cloud option is moot (the edge is the option taken); the choice of the edge is what the answer
    # says of it, and a vendor's model on a device of ours still ships to the devices through a pipeline
    device = frozenset({Fact.ON_DEVICE})
    assert set(moot_table(device)) & neither_trained_nor_hosted == {"MLPERF05-BP02"}
    assert set(moot_table(device | vendor)) & neither_trained_nor_hosted == {"MLPERF05-BP02"}
    for facts in (vendor, as_is, partner_hosts, device, frozenset({Fact.BATCH_ONLY}), frozenset({Fact.NO_ENDPOINT})):
        assert not never & set(moot_table(facts))
    assert never <= set(moot_table(frozenset({Fact.NO_ML})))


def test_retraining_development_data_monitoring_and_deployment_under_the_facts() -> None:
    """Labelling guide rule 17: what a vendor's model, a model used as is, batch only or a model on the device leaves of
    the practices the writers of sessions 13-15 asked about."""
    whenever_nothing_trained = {
        "MLPERF06-BP05", "MLPERF06-BP06", "MLPERF04-BP02", "MLPERF04-BP06", "MLCOST03-BP01", "MLCOST03-BP04",
    }  # fmt: skip
    never = {"MLPERF04-BP03", "MLCOST03-BP02", "MLOPS06-BP01", "MLOPS06-BP02", "MLOPS04-BP01"}
    vendor, as_is, partner_hosts = (
        frozenset({Fact.MANAGED_MODEL}),
        frozenset({Fact.NO_TRAINING}),
        frozenset({Fact.NO_HOSTING}),
    )
    batch, device = frozenset({Fact.BATCH_ONLY}), frozenset({Fact.ON_DEVICE})
    for facts in (vendor, as_is):
        assert whenever_nothing_trained <= set(moot_table(facts))
    for facts in (vendor, as_is, partner_hosts, batch, device, batch | partner_hosts, device | vendor):
        assert not never & set(moot_table(facts))
    # batch only removes what needs an endpoint; the job's instances, its option, its optimisation and how a new
    # version replaces the old one stay, also when "nothing is served live" reads as nothing hosted
    endpoint = {"MLSUS05-BP04", "MLREL05-BP02", "MLREL04-BP01"}
    batch_keeps = {"MLCOST05-BP01", "MLCOST05-BP02", "MLCOST05-BP03", "MLSUS05-BP03", "MLREL04-BP02"}
    for facts in (batch, batch | partner_hosts):
        assert endpoint <= set(moot_table(facts))
        assert not batch_keeps & set(moot_table(facts))
    # on the device: no endpoint and no hosting bill; compiling for the device and releasing to it stay
    assert {"MLSUS05-BP04", "MLREL05-BP02", "MLCOST05-BP01", "MLCOST05-BP02"} <= set(moot_table(device))
    assert not {"MLSUS05-BP03", "MLREL04-BP01", "MLREL04-BP02"} & set(moot_table(device | partner_hosts))
    # a vendor's managed model: every hosting practice of these questions
    assert endpoint | batch_keeps <= set(moot_table(vendor))


def test_data_near_compute_outlives_training_and_hosting() -> None:
    """The data still travels to whatever serves the model, a vendor's API too (labelling guide, rule 1)."""
    assert "MLCOST04-BP13" not in moot_table(frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}))
    assert "MLCOST04-BP13" not in moot_table(stated_facts("We only call Bedrock"))
    assert "MLCOST04-BP13" in moot_table(frozenset({Fact.NO_ML}))


def test_the_question_table_is_the_lens() -> None:
    """`QUESTIONS` (how many practices each question has) spells out the lens: every question, every practice."""
    lens = load_lens(REPO / "corpus")
    assert QUESTIONS == {q.id: len(q.best_practices) for q in lens.questions}
    for question in lens.questions:
        assert [bp.id for bp in question.best_practices] == [
            f"{question.id}-BP{n:02d}" for n in range(1, len(question.best_practices) + 1)
        ]


def test_using_a_managed_service_is_never_moot() -> None:
    """Preferring managed or pre-trained services is what a managed-API workload does, not something it escapes."""
    for bp_id in ("MLSUS02-BP01", "MLPERF02-BP02", "MLCOST01-BP02", "MLCOST02-BP02"):
        assert not any(bp_id in bp_ids for fact, bp_ids in MOOT.items() if fact is not Fact.NO_ML)


def test_no_ml_at_all_leaves_only_the_decision_against_ml() -> None:
    lens = load_lens(REPO / "corpus")
    every = {bp.id for question in lens.questions for bp in question.best_practices}
    assert every - MOOT[Fact.NO_ML] == {"MLCOST02-BP01"}
    assert REASON[Fact.NO_ML] is NAReason.OUT_OF_SCOPE


def test_facts_only_make_their_own_practices_moot() -> None:
    assert "MLSEC06-BP01" not in MOOT[Fact.MANAGED_MODEL]  # who may call the vendor's API still matters
    # who may call the model on the device (the app, whoever reaches the device) still matters: labelling guide rule 16
    assert "MLSEC06-BP01" not in MOOT[Fact.ON_DEVICE]
    assert "MLSUS05-BP03" not in MOOT[Fact.ON_DEVICE]  # compiling the model for the device still applies
    assert MOOT[Fact.MANAGED_MODEL] >= MOOT[Fact.NO_TRAINING] | MOOT[Fact.NO_HOSTING]


def test_reasons() -> None:
    assert REASON[Fact.MANAGED_MODEL] is NAReason.ARCHITECTURE_CONSTRAINTS
    assert REASON[Fact.ON_DEVICE] is NAReason.ARCHITECTURE_CONSTRAINTS
    assert REASON[Fact.PROTOTYPE] is NAReason.BUSINESS_PRIORITIES
    assert REASON[Fact.NO_PERSONAL_DATA] is NAReason.OUT_OF_SCOPE
    assert set(REASON) == set(Fact)
    assert reason_for(frozenset()) is None


def test_moot_practices_per_question() -> None:
    bp_ids = ["MLSUS05-BP01", "MLSUS05-BP02", "MLSUS05-BP03", "MLSUS05-BP04"]
    # On the device, the latency target and compiling for it still apply; sharing an endpoint and choosing silicon do
    # not (the device is the hardware already chosen: labelling guide rules 11 and 15).
    assert set(moot_practices(frozenset({Fact.ON_DEVICE}), bp_ids)) == {"MLSUS05-BP02", "MLSUS05-BP04"}
    # "It runs on the scanners; nothing is hosted by us": the device hosts it, so "nothing hosted" adds nothing.
    device = moot_practices(frozenset({Fact.ON_DEVICE, Fact.NO_HOSTING, Fact.NO_ENDPOINT}), bp_ids)
    assert set(device) == {"MLSUS05-BP02", "MLSUS05-BP04"}
    # "We train it, the partner hosts it": the silicon we train on is still chosen (rule 15).
    assert set(moot_practices(frozenset({Fact.NO_HOSTING}), bp_ids)) == {"MLSUS05-BP03", "MLSUS05-BP04"}
    assert "MLSUS05-BP02" in moot_practices(frozenset({Fact.NO_HOSTING, Fact.NO_TRAINING}), bp_ids)
    # A vendor's model: only the latency target is the business's own.
    assert set(moot_practices(frozenset({Fact.MANAGED_MODEL}), bp_ids)) == set(bp_ids) - {"MLSUS05-BP01"}
    assert set(moot_practices(frozenset({Fact.BATCH_ONLY}), bp_ids)) == {"MLSUS05-BP04"}
    mixed = moot_practices(frozenset({Fact.PROTOTYPE, Fact.NO_PERSONAL_DATA}), ["MLSEC02-BP01", "MLOPS06-BP02"])
    assert mixed == {"MLSEC02-BP01": NAReason.OUT_OF_SCOPE, "MLOPS06-BP02": NAReason.BUSINESS_PRIORITIES}


@pytest.mark.parametrize(
    "text",
    [
        "so there are no embeddings to share",  # absence with a purpose
        "there's nothing for us to label",
        "there is no GPU fleet of ours to right-size",
        "the release notes are theirs",  # someone else's
        "tuning is out of our hands",
        "no inference hardware on our side",  # absence scoped to us
        "the tuning jobs aren't ours",
        "we don't keep any training data",  # absence of an object a fact removes
        "there are no checkpoints",
        "we do not process data for training",
    ],
)
def test_an_absence_a_fact_explains(text: str) -> None:
    assert states_consequence(text)


@pytest.mark.parametrize(
    "text",
    [
        "there's no process to approve a release",  # a way of working left undone is a gap, purpose or not
        "nobody looks at the outputs",
        "there is no rollback plan",
        "we have no way to restore the old version",
        "we run real-time endpoints for every job",  # how work is done: a bad state, not an absence
        "the alarms go to nobody",
        "we never rotate the API key",
        "we have no data catalog to speak of",  # an idiom of emphasis, not a purpose
    ],
)
def test_a_gap_is_not_an_explained_absence(text: str) -> None:
    assert not states_consequence(text)


def test_only_a_purpose_or_ours_explains_a_loose_reading() -> None:
    assert states_consequence("there's no data of ours to profile", explained=True)
    assert not states_consequence("no real-time endpoint, scoring runs nightly", explained=True)
    assert states_consequence("no real-time endpoint, scoring runs nightly")


def test_a_fact_about_one_part_of_the_workload() -> None:
    assert about_one_part("For the doorbells we ended up running the detector on the device.")
    assert not about_one_part("For us, the model runs on the phone.")
    assert not about_one_part("The model runs on the phone.")


def test_instance_types_are_moot_only_when_nothing_is_trained_or_hosted() -> None:
    bp_ids = ["MLPERF04-BP01", "MLPERF04-BP02"]
    assert set(moot_practices(frozenset({Fact.NO_TRAINING}), bp_ids)) == {"MLPERF04-BP02"}
    assert set(moot_practices(frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}), bp_ids)) == set(bp_ids)
    assert set(moot_practices(frozenset({Fact.MANAGED_MODEL}), bp_ids)) == set(bp_ids)


def test_a_subject_that_outlives_the_fact_is_not_moot() -> None:
    """Budgets and tags, idle notebooks and input data quality have a subject without training; a model on the device
    still needs a deployment choice made and compiling for it, but no choice among cloud inference options."""
    for bp_id in ("MLCOST04-BP08", "MLCOST04-BP12", "MLOPS03-BP01"):
        assert bp_id not in MOOT[Fact.MANAGED_MODEL], bp_id
    assert "MLPERF05-BP02" in MOOT[Fact.ON_DEVICE]
    assert "MLPERF05-BP01" not in MOOT[Fact.ON_DEVICE]


def test_an_absent_endpoint_is_not_an_absent_model() -> None:
    assert Fact.NO_ML not in stated_facts("there's no model endpoint anyone could call")
    assert Fact.NO_ENDPOINT in stated_facts("there's no model endpoint anyone could call")


def test_someone_else_hosting_says_nothing_about_training() -> None:
    assert stated_facts("A partner hosts the model we trained") & {Fact.NO_HOSTING} == {Fact.NO_HOSTING}
    assert Fact.NO_TRAINING not in stated_facts("A partner hosts the model we trained")
    assert Fact.NO_HOSTING not in stated_facts("The vendor trains it and we serve it on our own endpoint")


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        # "all we do is", "we just", past tense, "nobody", "zero", "not part of this project"
        ("All we do is pass the transcript to Claude and print the summary", Fact.MANAGED_MODEL),
        ("we just call the Gemini endpoint", Fact.MANAGED_MODEL),
        ("we rent the scoring capability as a service", Fact.MANAGED_MODEL),
        ("We never trained a model in our lives", Fact.NO_TRAINING),
        ("nobody here trains anything", Fact.NO_TRAINING),
        ("we haven't trained or fine-tuned anything", Fact.NO_TRAINING),
        ("Model training is not part of this project", Fact.NO_TRAINING),
        ("zero training on our side", Fact.NO_TRAINING),
        ("it's a pretrained classifier we never retrain", Fact.NO_TRAINING),
        ("the open checkpoint is served unchanged", Fact.NO_TRAINING),
        ("training happens at the supplier", Fact.NO_TRAINING),
        ("we receive a ready-made model from the parent company", Fact.NO_TRAINING),
        ("we push the model out to the forklifts", Fact.ON_DEVICE),
        ("we don't operate any inference servers", Fact.NO_HOSTING),
        ("we never stand up an endpoint", Fact.NO_ENDPOINT),
        ("Scoring only happens in a weekly batch", Fact.BATCH_ONLY),
        ("recommendations are precomputed every night", Fact.BATCH_ONLY),
        ("no online serving at all", Fact.BATCH_ONLY),
        ("All we run is a monthly batch job", Fact.BATCH_ONLY),
        ("there's no PII anywhere", Fact.NO_PERSONAL_DATA),
        ("we replaced the model with a handful of SQL rules", Fact.NO_ML),
        ("this never went live", Fact.PROTOTYPE),
    ],
)
def test_more_wordings_of_each_fact(clause: str, fact: Fact) -> None:
    assert fact in stated_facts(clause)


@pytest.mark.parametrize(
    "clause",
    [
        # a negated training verb with a qualifier is a way of training not followed, whoever denies it
        "Nobody trains the model on fresh data",
        "We don't train the model often enough",
        "no one fine-tunes it with the new labels",
        "nobody builds models by hand",
        "we deploy the model to production every Friday",  # not a device
        "a nightly batch job also refreshes the features",  # batch exists, but not only batch
    ],
)
def test_gaps_in_the_same_words_are_not_facts(clause: str) -> None:
    assert not stated_facts(clause) - {Fact.NO_ENDPOINT}


def test_no_ml_gives_its_own_reason_over_the_facts_it_implies() -> None:
    facts = stated_facts("It is a rules engine, no ML anywhere")
    assert {Fact.NO_ML, Fact.NO_TRAINING} <= facts
    assert set(moot_practices(facts, ["MLCOST04-BP06", "MLSEC02-BP01"]).values()) == {NAReason.OUT_OF_SCOPE}
    assert reason_for(facts) is NAReason.OUT_OF_SCOPE


@pytest.mark.parametrize("clause", ["The vendor hosts our data lake", "Our supplier runs a check on the data"])
def test_what_someone_else_hosts_must_be_the_model(clause: str) -> None:
    assert not stated_facts(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "AWS manages the encryption keys for us",  # a cloud provider running something is not a vendor's model
        "Amazon handles the patching of the notebook instances",
        "the data is on AWS",
        "we moved everything up to AWS last year",
        "Google provides the identity login",
    ],
)
def test_a_cloud_provider_is_not_a_model_vendor(clause: str) -> None:
    assert not stated_facts(clause)


@pytest.mark.parametrize(
    "clause", ["Hosting? That is on the provider", "it is Google's Gemini", "Google maintains the model"]
)
def test_a_model_vendor_in_a_cloud_providers_name(clause: str) -> None:
    assert Fact.MANAGED_MODEL in stated_facts(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "the monitoring dashboard runs in the browser",  # a tool, not the model
        "the app shows the score on the phone",  # where a result is seen, not computed
        "we built a prototype of the drift monitor last year",  # a prototype of one part
        "we use open datasets plus our own customer records",  # public data, and personal data too
        "only the batch jobs are tagged",  # a subset, not the workload
        "we only run batch transform for backfills; the main model is a real-time endpoint",
        "the data arrives already labelled by Ground Truth",  # labelled, with a tool
    ],
)
def test_a_fact_contradicted_or_about_something_else_is_not_stated(clause: str) -> None:
    assert not stated_facts(clause) - {Fact.NO_ENDPOINT}


def test_a_denied_live_endpoint_does_not_contradict_batch() -> None:
    assert Fact.BATCH_ONLY in stated_facts("We don't have a real-time endpoint, it's all batch")


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("There is no ML here, just a pricing formula", Fact.NO_ML),
        ("we have no machine learning in this product", Fact.NO_ML),
        ("We fine-tune on a single g5 box", Fact.SINGLE_NODE),
        ("training runs on one p3.2xlarge instance", Fact.SINGLE_NODE),
    ],
)
def test_more_wordings_of_no_ml_and_one_node(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    "text",
    ["there is no model registry here", "no model drift here", "we fine-tune one layer on a cluster of nodes"],
)
def test_not_no_ml_or_one_node(text: str) -> None:
    assert not stated_facts(text) & {Fact.NO_ML, Fact.SINGLE_NODE}


@pytest.mark.parametrize(
    ("clause", "fact"),
    [
        ("We're not doing ML", Fact.NO_ML),
        ("we are not really using machine learning here", Fact.NO_ML),
        ("Images are processed in flight and never persisted", Fact.NO_STORED_DATA),
        ("the recordings are not stored anywhere", Fact.NO_STORED_DATA),
        ("An agency built the model and retrains it for us", Fact.NO_TRAINING),
        ("The vendor hosts everything and bills us per call", Fact.NO_HOSTING),
        ("We went with Amazon Translate rather than building a model", Fact.MANAGED_MODEL),
    ],
)
def test_eighth_round_wordings(clause: str, fact: Fact) -> None:
    assert fact in stated_facts(clause)


@pytest.mark.parametrize(
    "clause",
    [
        "we're not doing ML ops properly",  # not the whole of ML
        "we don't use AI for the pricing",  # one part
        "the keys are never stored in plain text",  # how something is stored
        "they built the model on SageMaker",  # "they" may be our own team
        "We built our own speech recognizer instead of using Transcribe",  # the service is the alternative not taken
    ],
)
def test_eighth_round_non_facts(clause: str) -> None:
    assert not stated_facts(clause) & {Fact.NO_ML, Fact.NO_STORED_DATA, Fact.NO_TRAINING, Fact.MANAGED_MODEL}


def test_the_ml_platform_absent_is_a_consequence_its_tools_are_not() -> None:
    assert states_consequence("There's no SageMaker anything")
    assert not states_consequence("we don't use SageMaker Clarify on the outputs")


def test_no_stored_data_leaves_access_privacy_and_lineage_standing() -> None:
    moot = set(moot_practices(frozenset({Fact.NO_STORED_DATA}), [f"MLSEC03-BP0{n}" for n in range(1, 6)]))
    assert moot == {"MLSEC03-BP05"}
    assert "MLREL02-BP01" not in moot_practices(frozenset({Fact.NO_STORED_DATA}), ["MLREL02-BP01"])
    assert "MLREL02-BP01" in moot_practices(frozenset({Fact.NO_STORED_DATA, Fact.NO_TRAINING}), ["MLREL02-BP01"])


def test_securing_processed_data_outlives_no_training_and_a_vendors_model() -> None:
    """Labelling guide rule 13: MLSEC03 acts on any data the workload processes (prompts, inputs, outputs, logs), who
    reaches it, where it is processed, its lineage and retention: only facts about the data itself make it moot."""
    sec03 = [f"MLSEC03-BP0{n}" for n in range(1, 6)]
    for facts in ({Fact.NO_TRAINING}, {Fact.MANAGED_MODEL}, {Fact.MANAGED_MODEL, Fact.NO_TRAINING, Fact.NO_HOSTING}):
        assert moot_practices(frozenset(facts), sec03) == {}, facts
    assert set(moot_practices(frozenset({Fact.MANAGED_MODEL, Fact.NO_STORED_DATA}), sec03)) == {"MLSEC03-BP05"}
    assert set(moot_practices(frozenset({Fact.NO_TRAINING, Fact.NO_PERSONAL_DATA}), sec03)) == {"MLSEC03-BP03"}
    assert set(moot_practices(frozenset({Fact.NO_ML}), sec03)) == set(sec03)


@pytest.mark.parametrize(
    "text",
    [
        "each question is passed to the vendor's API without being stored",
        "no recordings or transcripts are stored anywhere",
        "the page text is discarded",
        "the audio is never written to disk",
    ],
)
def test_nothing_kept_in_more_words(text: str) -> None:
    assert Fact.NO_STORED_DATA in stated_facts(text)


@pytest.mark.parametrize(
    "text",
    [
        "card numbers are not stored in plain text",
        "no PII is stored in plain text",
        "raw logs are deleted after 30 days",
        "the images are kept for a year, then discarded by a lifecycle rule",
    ],
)
def test_how_data_is_kept_is_no_fact(text: str) -> None:
    assert Fact.NO_STORED_DATA not in stated_facts(text)


@pytest.mark.parametrize(
    ("text", "fact"),
    [
        ("the partner both trains and hosts the scoring model", Fact.NO_TRAINING),
        ("the partner both trains and hosts the scoring model", Fact.NO_HOSTING),
        ("the supplier both builds it and runs it for us", Fact.NO_TRAINING),
        ("No ML in this one.", Fact.NO_ML),
        ("no machine learning for this feature, just thresholds", Fact.NO_ML),
    ],
)
def test_both_halves_and_no_ml_in_this_one(text: str, fact: Fact) -> None:
    assert fact in stated_facts(text)


@pytest.mark.parametrize(
    "text", ["No ML team in this one", "no ML skills for this yet", "the vendor both hosts our data lake"]
)
def test_no_fact_in_a_team_or_someone_elses_data(text: str) -> None:
    assert not stated_facts(text) & {Fact.NO_ML, Fact.NO_HOSTING, Fact.NO_TRAINING}


def test_a_governed_ml_environment_outlives_no_training() -> None:
    """Labelling guide rule 14: MLSEC04-BP01 has a subject whoever trains the model; inter-node traffic and poisoned
    training data do not. It is moot when the environment itself is said to be absent."""
    sec04 = ["MLSEC04-BP01", "MLSEC04-BP02", "MLSEC04-BP03"]
    assert set(moot_practices(frozenset({Fact.NO_TRAINING}), sec04)) == {"MLSEC04-BP02", "MLSEC04-BP03"}
    assert set(moot_practices(frozenset({Fact.MANAGED_MODEL}), sec04)) == {"MLSEC04-BP02", "MLSEC04-BP03"}
    assert set(moot_practices(stated_facts("we have no training environment of our own"), sec04)) == set(sec04)


@pytest.mark.parametrize(
    "text",
    [
        "Training environment we don't have",
        "there's no ML environment of ours",
        "so a training environment doesn't exist",
    ],
)
def test_no_ml_environment(text: str) -> None:
    assert Fact.NO_ML_ENVIRONMENT in stated_facts(text)


@pytest.mark.parametrize("text", ["there is no training environment policy", "we don't train anything"])
def test_not_no_ml_environment(text: str) -> None:
    assert Fact.NO_ML_ENVIRONMENT not in stated_facts(text)


def test_storage_fleets_and_instance_types_under_the_facts() -> None:
    """Labelling guide rule 18: nothing stored removes data lifecycle and storage options, not the pipeline's idle
    compute; a vendor's managed model and a model on the device remove right-sizing the hosting fleet and watching an
    endpoint's usage, batch only removes only the endpoint's; instance types stay for a model used as is."""
    nothing_kept = frozenset({Fact.NO_STORED_DATA})
    assert {"MLSUS03-BP02", "MLSUS03-BP03"} <= set(moot_table(nothing_kept))
    assert "MLSUS03-BP01" not in moot_table(nothing_kept)
    fleet = {"MLCOST05-BP03", "MLCOST06-BP03"}
    for facts in (frozenset({Fact.MANAGED_MODEL}), frozenset({Fact.ON_DEVICE})):
        assert fleet <= set(moot_table(facts)), facts
    batch = set(moot_table(frozenset({Fact.BATCH_ONLY})))
    assert "MLCOST06-BP03" in batch and "MLCOST05-BP03" not in batch
    as_is = frozenset({Fact.NO_TRAINING})
    assert not (fleet | {"MLPERF04-BP01"}) & set(moot_table(as_is))
    assert "MLPERF04-BP01" in moot_table(frozenset({Fact.MANAGED_MODEL}))


@pytest.mark.parametrize("text", ["nothing persists once the call ends", "Nothing ever persists."])
def test_nothing_persists_is_nothing_kept(text: str) -> None:
    assert Fact.NO_STORED_DATA in stated_facts(text)


def test_what_persists_for_a_while_is_no_fact() -> None:
    assert Fact.NO_STORED_DATA not in stated_facts("nothing persists past 30 days")
