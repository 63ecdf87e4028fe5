"""Facts about the workload that make practices moot: which fact an answer states, which practices each fact makes
not applicable, and why in the WA Tool's terms. PURE: no I/O, stdlib only.

Three separate steps, so each can be reviewed on its own:

(a) `stated_facts(text)`: general cues per fact ("nothing is trained here", "the model is a vendor's API", "inference
    happens on the phone"), each built from what the fact is about (a negated training verb, a named managed AI
    service, a device the model runs on) rather than from particular sentences;
(b) `MOOT`: per fact, the lens practices that presuppose what the fact rules out (a whole question when its subject
    is gone: no training → "securing the training environment"). The profile rules (app/review/profile.py) use the
    same table;
(c) `REASON`: where the model runs or comes from is an architecture constraint, a prototype a business priority,
    data that holds nothing personal is out of scope.

Practices a fact does not make moot keep the status the rest of the answer gives them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from types import MappingProxyType

from app.review.models import NAReason


class Fact(StrEnum):
    # In order of precedence: the first fact that makes a practice moot gives its reason.
    NO_ML = "no_ml"  # no machine learning at all (rules, a lookup table): the lens is out of scope
    MANAGED_MODEL = "managed_model"  # the model is a managed or vendor service: nothing trained or hosted here
    # a named AI service is used ("we use Bedrock"): it serves the model; whether anyone fine-tunes is not said
    SERVICE_USED = "service_used"
    NO_TRAINING = "no_training"  # no model is trained or fine-tuned here
    NO_HOSTING = "no_hosting"  # nothing is hosted or served here
    ON_DEVICE = "on_device"  # the model runs on the device, not behind a cloud endpoint
    NO_ENDPOINT = "no_endpoint"  # there is no endpoint of ours
    BATCH_ONLY = "batch_only"  # no real-time endpoint, batch only
    NO_LABELLING = "no_labelling"  # nothing needs labelling
    SINGLE_NODE = "single_node"  # training runs on one machine
    NO_PERSONAL_DATA = "no_personal_data"  # the data holds nothing personal or sensitive
    NO_STORED_DATA = "no_stored_data"  # no data is kept
    NO_DATA_PREP = "no_data_prep"  # the data is used as it is
    PROTOTYPE = "prototype"  # a prototype or one-off, not in production
    NO_ML_ENVIRONMENT = "no_ml_environment"  # there is no training or ML development environment of ours


def _cue(*patterns: str) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)


# --- (a) cues ---------------------------------------------------------------------------------------------------

_NEG = (
    r"(?:don't|do not|doesn't|does not|didn't|did not|dont|never|not|aren't|are not|am not|isn't|is not|won't|we're not"
)
_NEG += r"|haven't|have not|no longer|(?:nobody|no one)(?: here| on (?:our|my) (?:side|end|team)| in[- ]house)?)"
# Words that may stand between a negation and the activity it denies ("we are not really training any model").
_FILLER = r"(?:(?:do|doing|any|model|ml|custom|own|our|the|a|real|actual|actually|really|much|ever|yet|currently|even"
_FILLER += r"|run|have|has|had|been|any|itself|anything|that|some|kind|of|need|to)\s+){0,3}?"
# What may follow a negated verb when the negation is about the whole activity, not one way of doing it ("we don't
# train models" is a fact; "we don't train on Spot" and "nobody trains the model on fresh data" are practices not
# followed): the end of the statement, or an object and then the end.
_END = (
    r"(?:$|[,.;:!?)(]|and\b|or\b|nor\b|either\b|at all\b|here\b|ourselves\b|in[- ]house\b"
    r"|on (?:our|my) (?:side|end)\b|because\b|since\b|as\b|so\b|we\b|it's\b|(?:our|my|their) own\b|own\b"
    r"|from scratch\b|any more\b|anymore\b|whatsoever\b|of any kind\b|ever\b|yet\b|in (?:our|my) li(?:fe|ves)\b"
    r"|in (?:this|the|our) (?:workload|system|project|team|product|app|company)\b)"
)
_OBJECT = (
    r"(?:(?:any(?:thing)?|a|the|our|my|their|new|custom|ml|own|single)\s+){0,2}"
    r"(?:models?|anything|it|them|one|llms?|networks?|classifiers?)\s*"
)
_WHOLE = rf"(?=\s*(?:{_END}|{_OBJECT}{_END}|anything\b))"  # "anything" is every way of doing it
# A denial followed by a condition is a double negative about a practice, not a fact about the workload ("nothing is
# trained unless the data was profiled", "no training until the data is signed off").
_NOT_A_CONDITION = r"(?!\s+(?:\w+\s+){0,2}?(?:unless|until|without|except|before|if)\b)"
# Platforms that serve foundation models, on which fine-tuning is an option ("We use Bedrock" alone does not say
# nobody fine-tunes: labelling guide rule 3), and task services whose model is pre-trained (Textract, Translate).
_FOUNDATION_NAMES = (
    r"bedrock|openai|azure openai|chatgpt|gpt(?:-?\d[\w.-]*)?|claude|anthropic|gemini|vertex ai|titan|cohere"
)
_TASK_NAMES = (
    r"rekognition|comprehend|textract|amazon translate|translate api|transcribe|polly|kendra|google vision|cloud vision"
)
_FOUNDATION_SERVICE = rf"(?:amazon |aws )?(?:{_FOUNDATION_NAMES})"
_TASK_SERVICE = rf"(?:amazon |aws )?(?:{_TASK_NAMES})"
# Named managed AI services, either kind.
_SERVICE = rf"(?:amazon |aws )?(?:{_FOUNDATION_NAMES}|{_TASK_NAMES})"
_VENDOR_THING = (
    r"(?:(?:managed|hosted|vendor'?s?|third[- ]party|external|saas|commercial|proprietary)\s+(?:ai\s+|ml\s+"
    r"|llm\s+|genai\s+"
    r"|foundation\s+|language\s+"
    # what the service does for us: "a managed translation API", "a managed OCR service" (not "managed training")
    r"|(?:translation|ocr|speech|speech-to-text|transcription|vision|sentiment|summari[sz]ation|chat|embeddings?"
    r"|moderation|text-to-speech|image recognition|recognition)\s+)?(?:apis?|services?|models?|llms?|endpoints?)"
    r"|(?:ai|ml|llm|genai) (?:apis?|services?)"
    r"|foundation models?|llm api"
    # software someone else runs for us: "someone else's SaaS", "a third-party SaaS", "a SaaS moderation service"
    r"|(?:(?:someone|somebody) else's|third[- ]party|external|vendor'?s?)\s+saas\b(?!\s+(?:exports?|data|dumps?"
    r"|files?|tools?|accounts?|dashboards?|reports?|spreadsheets?)\b)"
    r"|(?:someone|somebody) else's (?:apis?|services?|models?|llms?))"
)
_USE = (
    r"(?:call|calls|calling|called|use|uses|using|consume|consumes|consuming|hit|hits|hitting|send|sends|sending|query"
    r"|queries|prompt|prompts|prompting|go(?:es)? (?:to|through)|via|through|wrap|wraps|wrapping|went with"
    r"|go with|chose"
    r"|picked|rely on|relies on|built on|on top of|powered by|backed by|done by|done with|handled by"
    # "we just feed prompts to a hosted LLM", "we post the documents to a vendor's API", "we rent a hosted LLM"
    r"|feed|feeds|feeding|fed|post|posts|posting|posted|pipe|pipes|piped|forward|forwards|forwarded|submit|submits"
    r"|submitted|sent|rent|rents|renting|rented"
    r"|subscribe to|subscribes to|lean on|leans on|wrapper (?:around|for|over|on top of))"
)
_DEVICE = (
    r"(?:devices?|on-?device|phones?|handsets?|smartphones?|tablets?|cameras?|browsers?|edge(?: boxe?s?| devices?"
    r"| hardware| gateways?| nodes?)?|kiosks?|headsets?|thermostats?|microcontrollers?|mcus?|raspberry pis?|jetsons?"
    r"|jetson boards?|cars?|vehicles?|robots?|sensors?|watch(?:es)?|wearables?|appliances?|firmware|drones?|laptops?"
    r"|pcs?|desktops?|computers?|workstations?|scanners?|handhelds?|dashcams?|printers?"
    r"|(?:game |games |gaming )consoles?|tvs?|set-top boxe?s?|forklifts?|trucks?|doorbells?|speakers?|smart glasses"
    r"|meters?|turbines?|tills?|(?:pos |payment )?terminals?|registers?)"
)
_VENDOR = rf"(?:vendor|provider|supplier|third[- ]party|amazon|aws|google|microsoft|{_SERVICE})"
# What the model is called by what it does: "the OCR is Google's", "the classifier is a hosted service we pay for"
_KIND = (
    r"(?:the |our )(?:[\w-]+ )?(?:ocr|ai|ml|llm|classifier|detector|engine|chatbot|assistant|ranker|recogni[sz]er"
    r"|transcription"
    r"|translation|tagger|scorer)"
)
# A vendor of the model itself (a cloud provider's name alone may be about anything it runs).
_MODEL_VENDOR = rf"(?:vendor|provider|supplier|third[- ]party|{_SERVICE})"
_APP = r"(?:(?:ios|android|mobile|desktop|iphone|web) )?apps?"

_CUES: dict[Fact, re.Pattern[str]] = {
    Fact.MANAGED_MODEL: _cue(
        rf"\b(?:only|just|simply|merely|all|straight|directly|purely|entirely)\b[^.;]{{0,40}}?\b(?:{_SERVICE}|"
        rf"{_VENDOR_THING}|(?:the|their|an?) apis?)\b",
        rf"\b{_USE}\b[^.;]{{0,30}}?\b(?:{_TASK_SERVICE}|{_VENDOR_THING})\b",
        # a foundation-model platform used, and nothing else: "we call Bedrock and that's it"
        rf"\b{_USE}\b[^.;]{{0,30}}?\b{_SERVICE}\b[^.;]{{0,30}}?\b(?:and that's (?:it|all)|that's all|and nothing else"
        r"|that's the whole (?:ml |ai )?(?:part|thing|story))\b",
        # a product that is a wrapper around the platform is nothing else: "a thin wrapper around the OpenAI API"
        rf"\bwrappers?\s+(?:around|for|over|on top of)\s+[^.;]{{0,20}}?\b{_SERVICE}\b",
        rf"\b(?:model|it|that|this|{_KIND})\s+(?:is|'s)\s+(?:just\s+|simply\s+)?(?:the\s+)?(?:vendor|provider|supplier"
        rf"|amazon|aws"
        rf"|google|microsoft|{_SERVICE})'s\b",
        rf"\b(?:model|it)\s+(?:is|'s|comes|came)\s+(?:from|by)\s+(?:a |the |an )?(?:vendor|provider|supplier"
        rf"|third[- ]party|amazon|google|microsoft|{_SERVICE})\b",
        rf"\b(?:it's|it is|it's all|that's|this is|the model is|its(?= (?:a|an|the|just)\b))\s+(?:a |an |the "
        rf"|just a |just an "
        rf"|just the )?(?:{_SERVICE}"
        rf"|{_VENDOR_THING})\b",
        # what the ML is, said of the workload's ML itself: "inference is a hosted LLM we rent", "all the ML is a SaaS
        # moderation service", "everything is Azure OpenAI" (not "the data is a vendor's": the model, the ML, the AI)
        rf"\b(?:inference|the model|our model|{_KIND}|all (?:the|of (?:the|our)) ml|all (?:the|of "
        rf"(?:the|our)) ai|everything(?: ml| ai)?(?: we (?:have|use|run))?|the whole (?:thing|ml side))\s+"
        rf"(?:is|'s|are)\s+(?:all\s+)?(?:just\s+|simply\s+|purely\s+)?(?:a |an |the )?(?:{_SERVICE}|{_VENDOR_THING})\b",
        # "our ranking is somebody else's SaaS": whatever the subject, software someone else runs
        r"\b(?:is|'s|are|'re)\s+(?:all\s+)?(?:just\s+|simply\s+)?(?:(?:someone|somebody) else's|a third[- ]party"
        r"|an external)\s+(?:saas|apis?|services?|models?|llms?)\b(?!\s+(?:exports?|data|dumps?|files?|tools?"
        r"|accounts?|dashboards?|reports?|spreadsheets?)\b)",
        # "every prediction comes from Amazon Rekognition", "the summaries come from Bedrock"
        rf"\b(?:predictions?|scores?|results?|answers?|outputs?|summaries|labels|translations|transcripts?"
        rf"|classifications?|embeddings|completions|responses)\s+(?:all\s+)?(?:come|comes|came)\s+(?:straight\s+"
        rf"|directly\s+)?from\s+(?:the\s+|a\s+|an\s+)?(?:{_SERVICE}|{_VENDOR_THING})\b",
        rf"\b(?:the )?{_SERVICE}(?:'s)? (?:hosts?|runs?|serves?|scales?)\b",
        # a cloud provider managing or owning something (keys, data, patching) says nothing about the model: only a
        # model vendor or a named AI service does, or a cloud provider doing it to the model
        rf"\b(?:the )?{_MODEL_VENDOR}(?:'s)? (?:job|problem|responsibility|call|side|concern)\b",
        rf"\b(?:the )?(?:{_MODEL_VENDOR}|{_VENDOR}(?=\s+\w+\s+(?:it|them|the model|the models|its weights)\b))"
        r"(?:'s)? (?:provides?|manages?|updates?|owns?|handles?|maintains?|operates?)\b",
        rf"\b(?:on|up to) (?:{_SERVICE}|(?:the |a |an )?(?:vendor|provider|supplier|third[- ]party))\b",
        rf"\b{_VENDOR}'s\s+(?:[\w-]+\s+)?(?:{_SERVICE}|models?|llms?|apis?)\b",
        rf"\b(?:belongs? to|owned by) (?:the |a |an |our )?{_MODEL_VENDOR}\b",
        rf"\b(?:model|it|weights|they)\b[^.;]{{0,20}}\b(?:belongs? to|owned by) (?:the |a |an )?{_VENDOR}\b",
        rf"\b(?:owned|operated|maintained|provided|managed|updated|released|versioned|shipped"
        rf"|controlled)\s+by\s+(?:the |a |an )?{_MODEL_VENDOR}\b",
        rf"\b(?:model|it|weights)\b[^.;]{{0,20}}\b(?:owned|operated|maintained|provided|managed|updated|released"
        rf"|versioned|shipped|controlled)\s+by\s+(?:the |a |an )?{_VENDOR}\b",
        rf"\b(?:hosted|run|served|trained)\s+by\s+(?:the |a |an )?{_SERVICE}\b",
        rf"\bmodels?\b[^.;]{{0,30}}\bfrom (?:the |a |an |our )?{_VENDOR}\b",
        r"\b(?:they|the vendor|the provider)\s+(?:scale|host|run|train|retrain|update|manage|operate|maintain)s?\s+"
        r"(?:it|the model|that|them)\b[^.;]{0,15}\bnot (?:us|we)\b",
        r"\b(?:isn't|is not|not) ours to\b",
        r"\b(?:someone|somebody|another company|a partner) else(?:'s)? (?:trained|built|model|hosts?|runs?)"
        r"|\bmodels? (?:that )?(?:someone|somebody) else (?:trained|built|runs|hosts)\b",
        rf"\b(?:is|it's|was) (?:a |an |the )?{_MODEL_VENDOR}'s\b",
        r"\b(?:vendor|third[- ]party|saas|provider)(?:'s)? (?:apis?|models?|services?|llms?)\b",
    ),
    Fact.NO_TRAINING: _cue(
        rf"\b{_NEG}\s+{_FILLER}(?:train|trains|trained|training|trainig|fine[- ]?tun\w*)(?: runs?| jobs?)?\b{_WHOLE}",
        rf"\b{_NEG}\s+{_FILLER}(?:build|develop|make|create)\w*\s+(?:(?:any|our own|own|ml|custom|the|new)\s+)*"
        rf"models?\b(?=\s*{_END})",
        rf"\b{_NEG}\s+{_FILLER}(?:build|develop)\b{_WHOLE}",
        rf"\b{_NEG}\s+{_FILLER}(?:model |ml |custom )(?:development|training|building|fine[- ]?tuning)\b{_WHOLE}",
        r"\b(?:training|fine[- ]?tuning|model (?:development|building)|retraining)\s+(?:isn't|is not|is never|has never"
        r" been)\s+(?:something|anything|a thing|part of what|part of (?:this|the|our))\b",
        r"\b(?:never|don't|do not|can't|cannot|no access to|not allowed to)\s+(?:touch|see|get|own|access|download)?\s*"
        r"(?:the |its |any |model )*weights\b",
        r"\b(?:can't|cannot|can not|unable to|not able to)\s+(?:change|modify|touch|alter|tweak)\s+(?:it|the model"
        r"|its weights|the weights)\b",
        # not a condition on training: "we can't train on a dataset that isn't versioned" (session 20)
        r"\b(?:can't|cannot|can not|unable to|not able to|no way to)\s+(?:re)?train\b"
        r"(?![^.;:]{0,60}\b(?:(?:that|which) (?:isn't|is not|aren't|are not|hasn't|has not|haven't|have not)|without"
        r"|unless)\b)",
        r"\b(?:skip|skipped|skipping|avoid|avoided|no need for)\s+(?:\w+\s+){0,2}?(?:model )?(?:development|training"
        r"|fine[- ]?tuning|building)\b",
        r"\b(?:off[- ]the[- ]shelf|out[- ]of[- ]the[- ]box)\b",
        r"\b(?:no|never had|don't have|do not have|not have|haven't got|without)\s+(?:a |any |an )?(?:\w+\s+){0,2}?"
        r"training (?:environment|setup|infrastructure|cluster)\b",
        r"\b(?:no|zero) (?:custom |own |in-house |ml |model )?(?:model )?(?:training|development|building"
        r"|fine[- ]?tuning)\b"
        r"(?!\s+(?:on(?!\s+(?:our|my)\s+(?:side|end)\b)|in(?!\s+(?:our|the|this)\s+(?:pipeline|workload|system|product"
        r"|setup|stack|project|team)\b)|with|using|jobs? (?:on|with)"
        r"|data (?:lineage|version\w*|catalog\w*|checks?|tracking|access)))" + _NOT_A_CONDITION,
        rf"\bnothing (?:gets |is |to )?(?:built|trained|train|fine[- ]?tune)\b{_NOT_A_CONDITION}"
        r"|\bnothing to experiment\b",
        rf"\b(?:no|{_NEG} (?:run|do|have)(?: any)?) experiments?\b{_WHOLE}",
        r"\b(?:no|don't (?:keep|store|have|hold|prepare|collect|use) any|have no|hold no|keep no|store no)\s+"
        r"training (?:data(?:sets?)?|sets?)\b"
        r"(?!\s+(?:lineage|version\w*|catalog\w*|checks?|tracking|encrypt\w*|access))",
        # not what is done to the training data: "Bias checks on the training data? No." (session 20)
        r"(?<!\bon the )(?<!\bof the )(?<!\bfor the )(?<!\bin the )(?<!\bon our )(?<!\bof our )(?<!\bfor our )"
        r"(?<!\bin our )\btraining (?:data(?:sets?)?|sets?)\W+(?:we have )?(?:none|no)\b",
        r"\btraining (?:environment|setup|infrastructure)\b[^.;]{0,25}\b(?:not|no|don't|doesn't"
        r"|isn't)\s+(?:exist|have)",
        r"\b(?:not|don't|no) have (?:a |any )?training (?:environment|setup|infrastructure)\b"
        r"|\btraining environment we (?:not|don't) have\b",
    ),
    Fact.NO_HOSTING: _cue(
        rf"\b{_NEG}\s+{_FILLER}(?:host|hosting|serve|serving)\b{_WHOLE}",
        # a price per use is what a vendor who runs the model charges: "we pay per request to OpenAI", "a hosted LLM we
        # rent by the token", "Bedrock on-demand pricing", "OpenAI's per-token rates". It says the vendor serves the
        # model, not that nobody fine-tunes it (labelling guide rule 3: "We use Bedrock" alone does not say that); not
        # a price weighed against another ("we compared Bedrock pricing with SageMaker")
        r"\b(?:pay|pays|paying|paid|rent|rents|renting|rented|billed|charged|bills|charges)\b[^.;]{0,25}?"
        r"(?:\bper|\bby the|\bby)[- ](?:(?:\d+|a|one|thousand|million|hundred|1k|1,000)[- ])?(?:thousand[- ]"
        r"|million[- ])?"
        r"(?:call|request|token|prediction|page|image|character|use|minute|second)s?\b"
        r"|\bpay(?:ing)?[- ]per[- ](?:call|request|token|prediction|page|image|character|use)\b",
        r"(?<!compared )(?<!comparing )(?<!compare )(?<!versus )(?<!vs )(?<!vs\. )"
        rf"\b{_SERVICE}(?:'s)?\s+(?:(?:on[- ]demand|pay[- ]as[- ]you[- ]go|per[- ](?:token|call|request|page|image)"
        r"|serverless|token)\s+)?(?:pricing|prices|rates|tariffs?)\b"
        rf"|\b{_SERVICE}(?:'s)?\s+on[- ]demand\b",
        r"\bno (?:model )?(?:hosting|serving|servers?)\b(?!\s+(?:costs?|bill|metrics|monitoring|logs))",
        r"\bnothing (?:is |gets )?(?:(?:trained|built|developed|run) (?:or|and|nor) )?(?:served|hosted|deployed)\b",
        r"\bno (?:inference|serving|hosting|model)\s+(?:infrastructure|infra|servers?|stack|fleet|instances?"
        r"|services?|hosts?|machines?|clusters?|boxe?s?)\b",
        # an endpoint that is someone else's: "no endpoints of our own", "no model servers of ours"
        r"\b(?:no|don't (?:run|have|host|own)|do not (?:run|have|host|own))\s+(?:(?:model|inference|hosting)\s+)?"
        r"(?:endpoints?|servers?) (?:of (?:our|my) own|of ours)\b(?!\s+yet\b)",
        r"\bnothing (?:runs |is |of ours )?(?:in the cloud|server[- ]side|on (?:our|the) servers?)\b",
        # "nothing of ours serves predictions"
        r"\bnothing (?:of ours |of our own |on our side )?(?:serves|hosts|runs) (?:predictions|inference|the models?"
        r"|models|it)\b",
        r"\bnothing (?:of ours |of our own )?to (?:release|deploy|host|serve|roll out|scale)\b",
        r"\b(?:nothing|zero)\s+(?:\w+\s+){0,2}?(?:hosting|serving)\b",
        # "there's no cloud inference at all", "no server-side serving": nothing of ours serves the model remotely
        r"\bno (?:cloud|server-?side|online|remote|hosted)[- ](?:inference|serving|hosting|predictions?)\b",
        # session 33: "No cloud.", "no cloud part at all" as the whole clause (not "no cloud costs", "no cloud
        # budget yet")
        r"^\W*(?:and |so |plus )?no cloud(?:[- ](?:part|component|side|piece|bit))?(?: (?:at all|whatsoever|involved))?"
        r"\W*$",
        r"\b(?:hosting|serving|inference) (?:costs?|bills?|spend) (?:is|are) (?:zero|nothing|nil|none)\b",
    ),
    Fact.NO_ENDPOINT: _cue(
        r"\b(?:no|don't (?:run|have|host|operate|own)|do not (?:run|have|host|own)|never (?:run|host)|not running"
        r"|without)\s+(?:an?\s+|any\s+)?(?:(?:our|my) own\s+)?(?:(?:model|server|cloud|central|separate|dedicated"
        r"|hosted|inference|real)\s+)*endpoints?\b(?!\s+(?:auto-?scal\w*|scaling|metrics|monitoring|alarms?|dashboards?"
        r"|auth\w*|logs?|logging|tests?|testing|versioning|polic\w*|security|encryption|updates?|rollbacks?|access"
        r"|changes?|edits?|deploy\w*|releases?|config\w*|calls?|requests?|traffic))",
    ),
    Fact.ON_DEVICE: _cue(
        rf"\b(?:run|runs|running|ran|live|lives|living|sit|sits|sitting|happen|happens|is|are|embedded|bundled|ships?"
        rf"|shipped|compiled|deployed|installed|executes?|inference|predictions?|scor\w+|model)\b[^.;]{{0,30}}?"
        rf"\b(?:on|in|inside|into|within|for|at)[- ](?:(?:the|our|a|an|each|every|their"
        rf"|its) )?(?:(?:[\w-]+ )?\w+'s |\w+s' )?"
        rf"(?:[\w-]+ ){{0,2}}?{_DEVICE}\b",
        r"\b(?:runs?|running|ran|inference|predictions?|scor\w+|model)\s+(?:\w+\s+)?locally\b",
        rf"\b(?:pushed|deployed|installed|copied|shipped|downloaded|synced|flashed) (?:out )?(?:on)?to (?:the "
        rf"|our |each "
        rf"|every |all )?(?:[\w-]+ ){{0,2}}?{_DEVICE}\b",
        rf"\b(?:embedded|bundled|ships?|shipped|packaged|compiled|lives?|sits?|runs?) (?:in|inside|into|with|within) "
        rf"(?:the |our |each |every )?(?:[\w-]+ ){{0,1}}?{_APP}\b|\binside (?:the |our )?(?:[\w-]+ )?{_APP}\b",
        rf"\bnever leaves? (?:the |a |each |our |their |your |the user's )?{_DEVICE}\b",
        r"\bon[- ]device\b|\bedge inference\b|\b(?:runs?|works?|running) (?:fully |entirely |completely )?offline\b",
        r"\b(?:tensorflow lite|tflite|tf lite|core ?ml|onnx runtime web|tensorflow\.js|tfjs|litert|executorch"
        r"|ml kit)\b",
    ),
    Fact.BATCH_ONLY: _cue(
        r"\b(?:no|not an?|don't (?:have|run) an?|without an?|never an?)\s+(?:real[- ]?time|live|online|always[- ]on"
        r"|persistent|standing|24/7)\s+(?:endpoints?|inference|serving|apis?)\b",
        r"\b(?:only|just|all|purely|entirely)\s+(?!(?:the|these|those|our|its)\s)(?:\w+\s+)?batch\b"
        r"|\bit'?s all batch\b|\bbatch[- ]only\b",
    ),
    Fact.NO_LABELLING: _cue(
        r"\b(?:no one|nobody|never|don't|do not|no need to|nothing to|needn't)\s+(?:\w+\s+){0,2}?(?:label|annotat)\w*\b"
        r"(?=\s*(?:$|[,.;:!?)]|anything|any\b|it\b|them\b|data\b|ourselves\b|by hand\b|manually\b))",
        r"\blabels? (?:come|comes|came|arrive) (?:for free|free|with the data|built in|automatically"
        r"|from (?:the |our )?"
        r"(?:data|transactions?|logs?|system|source|clicks?|outcomes?|events?))|\blabels? for free\b",
        r"\b(?:unsupervised|self-supervised|already labell?ed|pre-?labell?ed|come labell?ed)\b",
        r"\blabell?ing (?:isn't|is not|isn't really|is not really) (?:a thing|needed|required|necessary|something)\b",
        r"\bno (?:training )?data to label\b|\bno label\w*\b(?!\s+(?:quality|checks?|tool\w*|service|jobs?|workflow))",
    ),
    Fact.SINGLE_NODE: _cue(
        r"\b(?:train\w*|fine[- ]?tun\w*)\b[^.;]{0,40}\b(?:single|one)[- ]"
        r"(?:(?:small|big|large|beefy|[a-z]+\d[\w.]*)\s+)?(?:gpu|node|instance|machine|box|server|ml\.\S+)",
        r"\b(?:single|one)[- ](?:gpu|node|instance|machine|box)\b[^.;]{0,20}\btrain\w*",
        r"\b(?:nothing|not|never|no|(?:don't|do not|never) (?:do|use|run|need))\s+(?:any\s+)?distributed\b",
    ),
    Fact.NO_PERSONAL_DATA: _cue(
        r"\b(?:no|nothing|none|zero|not any|without any|free of|(?:don't|do not) (?:have|hold|keep|store"
        r"|collect|process"
        r"|use|touch) any|contains? no|has no)\s+(?:\w+\s+){0,2}?(?:personal|sensitive|pii|private|confidential)\b"
        r"(?=\s*(?:$|[,.;:)]|or\b|and\b|in\b|data\b|info\w*|details|fields|records|identifiable"
        r"|columns))(?!\s+(?:\w+\s+)?(?:masking|checks?|scan\w*|detection|redaction|classification|handling"
        r"|policy|review))",
        r"\b(?:public(?:ly available)?|open)\s+(?:\w+\s+){0,2}?(?:data|datasets?|images|corpus|text|records"
        r"|statistics)\b",
        r"\bno (?:individuals|people|persons|names|customers|users)\b[^.;]{0,10}\bin (?:it|there|them|the data)\b",
        r"\bnothing (?:about|on|of|to do with) (?:people|persons|individuals|users|customers|humans|anyone)\b",
        r"\bonly (?:ever )?(?:sees|uses|gets|has|holds|processes|reads) (?:\w+ )?(?:machine|sensor|telemetry|weather"
        r"|synthetic|public)\b",
    ),
    Fact.NO_STORED_DATA: _cue(
        r"\b(?:store|keep|hold|retain|persist|save)s? (?:no|nothing|none of (?:them|it|the \w+))\b",
        r"\b(?:don't|do not|never) (?:store|keep|hold|retain|persist|save)\b"
        r"(?=\s*(?:$|[,.;]|any\b|anything\b|it\b|them\b|data\b))",
        r"\bthrows? (?:it|them|each \w+|the \w+|everything) away\b",
        # "passed on without being stored", "no recordings or transcripts are stored anywhere", "the text is discarded"
        # (not a way of storing: "not stored in plain text", "deleted after 30 days" is retention done)
        r"\bwithout (?:ever )?being (?:stored|kept|persisted|saved|retained|written (?:down|to disk))\b",
        r"\b(?:no|none of the)\s+(?:[\w-]+\s+){0,3}?(?:is|are|gets?|get) (?:ever )?(?:stored|kept|persisted|saved"
        r"|retained)\b(?=\s*(?:$|[,.;]|anywhere\b|at all\b|on our side\b|by us\b))",
        r"\b(?:is|are|gets?|get) (?:then |immediately |just )?(?:discarded|thrown away|never (?:stored|kept|persisted"
        r"|saved|retained|written to disk))\b(?=\s*(?:$|[,.;]|anywhere\b|at all\b|afterwards\b|right away\b))",
    ),
    Fact.NO_DATA_PREP: _cue(
        r"\bno (?:data )?(?:prep|preparation|pre-?processing|wrangling|cleaning)(?: step| stage| work)?\b"
        r"(?=\s*(?:$|[,.;:!?)]|at all\b|on our side\b|here\b|to speak of\b|whatsoever\b))",
        r"\b(?:don't|do not|never) (?:prepare|prep|pre-?process|clean|wrangle)\b(?=\s*(?:$|[,.;]|any\b"
        r"|anything\b|data\b))",
    ),
    Fact.PROTOTYPE: _cue(
        # the workload is the prototype, not one part ("a prototype of the drift monitor")
        r"\b(?:prototype|proof[- ]of[- ]concept|poc|one[- ]off|throw[- ]?away|hackathon)\b(?!\s+of )",
        r"\bnot (?:yet )?(?:in|live in|running in|used in) production\b|\bnot (?:live|launched) yet\b",
        r"\bnever (?:goes|went|go|going) (?:to |into )?production\b",
        r"\b(?:demo|pilot|poc|prototyp\w+|experimental|exploration|exploratory|discovery) (?:stage|phase)\b",
        r"\bnothing (?:is )?(?:live|in production)(?: yet)?\b",
    ),
}

# Someone else trains, or someone else hosts: each only rules out its own half ("the vendor trains it, we host it").
# What they train or host must be the model ("the vendor hosts our data lake" is not about the model).
# A model named by what it does ("the recommender", "the parser").
_MODEL_THING = (
    r"(?:models?|llms?|classifiers?|networks?|recommenders?|rankers?|scorers?|detectors?|taggers?|forecasters?"
    r"|parsers?|extractors?|summari[sz]ers?)"
)
_MODEL_OBJECT = (
    r"(?=\s*(?:$|[,.;:!?)]|and\b|what (?:we|i) (?:train|trained|build|built|make|made)\b|(?:it|them|everything"
    r"|it all|(?:the|our|this|that|their) (?:[\w-]+ )?(?:" + _MODEL_THING + r"|endpoints?|weights))\b))"
)
# Another party that trains or hosts the model for us ("they": the party just named).
_PARTY = (
    r"(?:vendor|provider|supplier|partner(?: firm| company| team| agency)?|third[- ]party|agency|contractor|consultancy"
    r"|consultants|another (?:team|company)"
    # an organisation that is not the team answering: "a university group", "the research lab", "our sister team",
    # "another department", "head office", "our parent company", "an outside firm" (not "our team", "our group")
    r"|(?:university|academic|research)(?: (?:group|team|lab|partner|institute))?|(?:research )?(?:lab|institute)"
    r"|sister (?:team|company)|(?:another|other|separate|outside|external) (?:team|department|division|unit|firm"
    r"|company|group)|parent company|head office|headquarters|startup|outside firm|reseller)"
)
# The party, with where it sits or a short relative clause ("the sister team in Lisbon", "a startup we partner with",
# "a lab at the university"), or its platform ("the vendor's platform hosts it").
_PARTY_DETAIL = (
    r"(?:\s+(?:in|at|from|of) (?:the )?[\w-]+(?: [\w-]+)?(?=\s+(?:also\s+)?(?:trains?|builds?|develops?|retrains?"
    r"|hosts?|runs?|serves?|deploys?|operates?|does|handles?)\b)|\s+(?:that |who )?we (?:work|partner|contract)"
    r" with|'s? (?:own )?(?:platform|team|people|servers?|cloud|infrastructure))?"
)
# "our" names another organisation only for a vendor, partner, sister team or parent company: "our lab", "our research
# team", "our startup" are the team answering.
_OUR_OWN = r"(?:(?:university|academic|research)\b(?! partner)|(?:lab|labs|institute|startup)\b)"
_NOT_OURS = r"(?<!our )(?<!our research )(?<!our university )(?<!our academic )"
_OTHERS = rf"{_NOT_OURS}(?:(?:the |a |an |our (?!{_OUR_OWN}))?(?:{_PARTY}{_PARTY_DETAIL}|they))"
_DONE_BY = (
    r"(?:is|are|gets|get)\s+(?:all\s+|both\s+|entirely\s+)?(?:done|handled|run|owned|managed|taken care of)\s+by\s+"
    + _OTHERS
    + r"\b"
)
_MORE_CUES: dict[Fact, tuple[str, ...]] = {
    Fact.NO_TRAINING: (
        rf"\b{_OTHERS}\s+(?:also\s+|both\s+)?(?:\w+s\s+and\s+)?(?:trains?|builds?|retrains?"
        rf"|fine-tunes?)\b{_MODEL_OBJECT}",
        rf"\b(?:trained|built|retrained)\s+by\s+{_OTHERS}\b",
        # past tense, by a named other party ("an agency built the model"; "they built it" may be our own team)
        rf"\b(?:the |a |an |our )?{_PARTY}\s+(?:\w+\s+)?(?:trained|built|developed|retrained|fine-tuned)\b"
        + _MODEL_OBJECT,
        r"\bpre-?trained\b[^.;]{0,40}?\b(?:as[- ]is|as it comes|as (?:we|they) got it|as downloaded|unchanged|untouched"
        r"|frozen|out of the box)\b|\bused (?:exactly )?(?:as[- ]is|as it comes)\b|\bfrozen (?:\w+ )?model\b",
        # "used as shipped", "we take the model as published", "run as delivered": as its maker made it
        r"\b(?:use|uses|used|using|take|takes|taken|run|runs|deploy|deployed|call|calls|ship|ships)\b[^.;]{0,35}?"
        r"\bas (?:shipped|published|delivered|supplied|released|provided|received|bought|downloaded)\b",
        r"\bno (?:transfer learning|fine[- ]?tuning|retraining)\b",
        r"\btraining (?:doesn't|does not|never) (?:happen|take place)s?\b",
        r"\bpre-?trained\b[^.;]{0,40}?\bwithout (?:any )?(?:retraining|fine[- ]?tuning|further training)\b",
        # the verb, then what is denied: "we fine-tune nothing", "we train no models of our own"
        r"\b(?:train|fine[- ]?tune|build|develop)\s+(?:nothing|no (?:models?|llms?|networks?)|zero models?)\b",
        # "Training? Not us.", "fine-tuning: not ours", "training - someone else"
        r"\b(?:training|fine[- ]?tuning|model building|model development)\s*(?:\?|:|-|\u2013|\u2014)\s*"
        r"(?:not (?:us|ours|by us|here|on our side|our (?:job|thing|side))|someone else|somebody else"
        r"|the (?:vendor|provider|supplier|partner))\b",
        # "retraining decisions sit with the vendor", "fine-tuning is up to the provider"
        r"\b(?:training|retraining|fine[- ]?tuning|model updates?|new versions?)\b"
        r"(?:\s+(?:decisions?|choices?|work))?\s+"
        r"(?:sits?|lies|rests?|stays?|is|are|lives?)\s+(?:entirely |all |squarely )?(?:with|up to|on the side of)\s+"
        r"(?:the |a |our )?(?:vendor|provider|supplier|partner|third[- ]party)\b",
        # made by another party: "baked into the firmware by the chip vendor", "supplied by the camera maker"
        r"\b(?:model|weights|classifier|network|llm|engine|it)\b[^.;]{0,20}?\b(?:is|are|was|were|comes|came)\s+"
        r"(?:\w+\s+)?(?:trained|built|made|baked|developed|supplied|provided|delivered|shipped|produced|created)\b"
        r"[^.;]{0,35}?"
        r"\bby (?:the |a |an |our )?(?:[\w-]+ )?(?:vendor|provider|supplier|partner|manufacturer|maker|agency"
        r"|contractor)\b",
        # bought or licensed, not made: "the ranking model is bought in", "a licensed speech engine"
        r"\b(?:models?|engine|classifier|llm|network|detector|tagger|ranker|scorer|embedder|recogni[sz]er"
        r"|transcriber)\b[^.;]{0,15}?\b(?:is|are|was|were)\s+(?:\w+\s+)?(?:bought"
        r"(?: in)?|licen[sc]ed|purchased|procured)\b"
        r"|\b(?:a|an|the|our)\s+(?:licen[sc]ed|bought-in|purchased|off-the-shelf)\s+(?:[\w-]+\s+){0,2}?(?:models?"
        r"|engines?|classifiers?|llms?|networks?)\b",
        # "training and serving are done by the vendor": the work named, then who does it
        rf"\b(?:training|retraining|fine-tuning)(?:\s+and\s+(?:serving|hosting|inference|deployment))?\s+{_DONE_BY}",
    ),
    Fact.NO_HOSTING: (
        rf"\b(?:(?:training|retraining)\s+and\s+)?(?:serving|hosting|inference)\s+{_DONE_BY}",
        rf"\b{_OTHERS}\s+(?:also\s+|both\s+)?(?:\w+s\s+and\s+)?(?:hosts?|runs?|serves?|operates?)\b{_MODEL_OBJECT}",
        rf"\b(?:hosted|served|run)\s+by\s+{_OTHERS}\b",
        r"\bthey host\b",
    ),
    Fact.NO_ML: (
        r"\b(?:it's|it is|this is|that's|is|it's just|just|purely|entirely)\s+(?:a |an |just a |purely a )?"
        r"(?:[\w-]+ ){0,2}?(?:rule-?based|rules-?based|rules engine|rule engine|lookup table|look-up table"
        r"|set of (?:hand-written )?rules|heuristics?|hand-written rules|deterministic rules)\b",
        r"\bno (?:ml|machine learning|ml models?|model)\b(?: \w+){0,2}? (?:anywhere|at all|involved|whatsoever)\b",
        r"\b(?:there is|there's|there are|we have|we've got|we use) (?:no|zero) (?:ml|machine learning|ai|ml models?"
        r"|models?)(?: at all)? (?:here|in (?:it|there|this (?:workload|product|system|app|service|feature|tool|one"
        r"|workflow|process|pipeline|flow|solution|part|use case)))\b(?!\s+(?:yet|so far|for now)\b)",
        r"\b(?:it|this|that|which|the (?:system|product|workload|service|tool|app|screen|engine|thing))"
        # ("it's not ML": the contraction has no space before it; session 32)
        r"(?:\s+(?:is not|isn't|is not really|isn't really)|'s not)"
        r" (?:machine learning|ml|an? ml (?:model|system|workload)|ai)\b"
        r"(?!\s+(?:team|engineers?|platform|budget|skills?|expertise))",
        r"\bnot (?:machine learning|ml),|^\W*not (?:machine learning|ml)\W*$",
        # "a hand-tuned formula, not machine learning", "nothing AI about it, it's if-else logic"
        r"\b(?:formula|rules?|heuristics?|thresholds?|sql|logic|lookup)\b[^.;,]{0,15},\s*not (?:machine learning|ml"
        r"|ai)\b(?![\w-])"
        r"|\bnothing (?:ai|ml|machine learning|smart|intelligent) about (?:it|this|that)\b|\bif[- /]?else (?:logic"
        r"|rules)\b",
        # "there is no ML workload", "there's no AI component": the workload has none (not "no ML team")
        r"\b(?:there is|there's|there are|we have) no (?:ml|machine learning|ai) (?:workloads?|systems?|components?"
        r"|models?)\b(?!\s+(?:team|engineers?|platform|budget|skills?|expertise|yet)\b)",
        # what it is instead: "underneath it's keyword matching", "it's a couple of regexes"
        r"\b(?:it's|it is|is|it's just|just)\s+(?:a |an |just )?(?:couple of |few |bunch of )?(?:keyword|string|pattern"
        r"|regex) match(?:ing|es|er)\b|\b(?:it's|it is|is) (?:just )?(?:a (?:couple|few|bunch) of )?(?:regex(?:es)?"
        r"|regular expressions|if[- ]statements|if/else rules)\b",
        r"\bwe(?:'re|\s+are)?\s+(?:not|aren't|don't|do not|never)\s+(?:really\s+|actually\s+)?(?:doing|using|running|do"
        r"|use|run)\s+(?:any\s+)?(?:ml|machine learning|ai)\b(?=\s*(?:$|[,.;:!?)]|at all\b|here\b|in (?:this|it)\b))",
        r"\bthere(?:'s| is) no (?:ml |machine learning |trained |actual )?model\b"
        r"(?=\s*(?:$|[,.;:!?)]|at all\b|anywhere\b|involved\b|in (?:it|there|this)\b|here\b))",
        r"\b(?:without|no) (?:any )?(?:ml|machine learning)\b(?=\s*(?:$|[,.;:!?)]|in it|at all|anywhere|involved))",
        # "No ML in this one.", "no machine learning in this workload" (not "no ML team in this one")
        r"^\W*no (?:ml|machine learning|ai)\s+(?:in|for) (?:this|it|here)\b",
    ),
    Fact.NO_STORED_DATA: (
        r"\bnothing (?:is |gets |ever )?(?:stored|kept|retained|persisted|saved)\b",
        r"\bnothing (?:ever )?persists\b(?!\s+(?:in|on|to|past|beyond|after)\b)",  # not "nothing persists past 30 days"
        # "processed in flight and never persisted", "not stored anywhere"; not "never stored in plain text"
        r"\b(?:never|not) (?:ever )?(?:persisted|stored|saved|retained)\b(?=\s*(?:$|[,.;:!?)]|anywhere\b|at all\b"
        r"|on disk\b|to disk\b))",
    ),
    Fact.MANAGED_MODEL: (
        r"\b(?:licen[cs]e|licen[cs]es|licen[cs]ed|buy|buys|bought|rent|rents|subscribe to)\b[^.;]{0,30}?"
        r"\b(?:as (?:a )?saas|as a service|from (?:a|the) vendor)\b",
    ),
    Fact.ON_DEVICE: (
        rf"\b(?:push|deploy|install|copy|ship|download|sync|flash)(?:es|s)? (?:it |the models? |our models? )?(?:out )?"
        rf"(?:on)?to (?:the |our |each |every |all )?(?:[\w-]+ ){{0,2}}?{_DEVICE}\b",
    ),
    Fact.NO_ENDPOINT: (
        r"\b(?:don't|do not|never|no need to)\s+(?:stand up|deploy|create|provision|expose|run)\s+(?:an?|any)\s+"
        r"(?:(?:model|inference|real-?time|hosted|sagemaker)\s+)*endpoints?\b",
    ),
    Fact.BATCH_ONLY: (
        # the predictions made ahead, in one run: "scores are computed overnight in one go", "predictions are worked
        # out once a night for the whole customer base" (what is computed must be the model's output)
        r"\b(?:scores?|predictions?|forecasts?|recommendations?|inferences?|classifications?|risk ratings?)\b"
        r"[^.;]{0,15}?\b(?:are|is|get|gets|were|was)\s+(?:all\s+)?(?:computed|calculated|generated|produced|worked out"
        r"|run|made|created|refreshed|scored|baked|written)\b[^.;]{0,40}?\b(?:overnight|nightly|once a (?:day|night"
        r"|week)|each (?:night|morning)|every (?:night|morning)|in one go|in bulk|ahead of time|in advance"
        r"|in (?:one|a|a single) (?:(?:nightly|daily|weekly|monthly|single|scheduled)\s+){1,2}"
        r"(?:job|run|batch|pass))\b",
        # nothing asks a model at request time: "nothing calls a model live", "the app never talks to a model"
        # (not "never calls the model directly": that is an API in between)
        r"\b(?:nothing|nobody|no one|no (?:\w+\s+)?(?:app|service|client|user|request|caller)s?|never)\s+(?:ever\s+)?"
        r"(?:calls?|quer(?:y|ies)"
        r"|hits?|talks? to|asks?|reaches?)\s+(?:a|the|our|any)\s+(?:ml\s+)?model\b(?!\s+directly)"
        r"(?=\s*(?:$|[,.;:!?)]|live\b|in real[- ]time\b|online\b|at request time\b|on demand\b|at all\b))",
        r"\b(?:only|just|purely|entirely|exclusively|all (?:we|it|they) (?:do|does|run|runs|have|has) is)\s+"
        r"(?:(?:do|does|run|runs|use|uses|have|has|happens?|in|an?|one|nightly|daily|weekly|monthly|offline|overnight"
        r"|scheduled)\s+){0,4}batch\b",
        r"\bpre-?computed\b|\bpre-?calculated\b",
        r"\bno (?:online|real-?time|live) (?:serving|inference|predictions?|scoring)\b",
    ),
    Fact.NO_PERSONAL_DATA: (
        r"\bno (?:personal|sensitive|pii|private|customer) (?:data |information |info )?"
        r"(?:anywhere|at all|whatsoever)\b",
        # "no customer or employee data in it", "no patient or staff records in there": whose data, then where
        r"\b(?:no|without any|not a single|none of the)\s+(?:customer|employee|user|patient|staff|people's|people"
        r"|personal"
        r"|citizen|student|member)s?'?\s+(?:or\s+(?:customer|employee|user|patient|staff|people's|citizen|student"
        r"|member)s?'?\s+)?(?:data|records|information|details)\b(?:\s+(?:in (?:it|there|them|the data(?:set)?)"
        r"|whatsoever|at all|anywhere))",
    ),
    Fact.PROTOTYPE: (r"\bnever (?:went|gone|go|going|been) live\b|\b(?:still |just |only )an? pilot\b",),
    # the environment itself said to be absent: "training environment we not have", "there's no ML environment of
    # ours" (not "no training environment policy"; "no training" alone leaves the environment standing: rule 14)
    Fact.NO_ML_ENVIRONMENT: (
        r"\b(?:no|not have|don't have|do not have|never had|haven't got|without)\s+(?:a |an |any )?(?:\w+\s+)?"
        r"(?:training|ml|machine learning|development|modell?ing|data science) environments?\b"
        r"(?!\s+(?:polic\w*|standards?|guidelines?|tags?|templates?))",
        r"\b(?:training|ml|development|modell?ing) environments?\b[^.;]{0,25}\b(?:not|no|don't|doesn't|isn't)\s+"
        r"(?:exist|have)",
        r"\btraining environment we (?:not|don't|do not) have\b",
        # session 32: "we have no ML dev environment or notebooks of any kind", "no ML dev environment — no notebooks"
        r"\bno (?:ml|machine learning|data science) (?:dev|development|training|notebook) environments?\b"
        r"(?!\s+(?:polic\w*|standards?|guidelines?|tags?|templates?))",
    ),
    Fact.NO_DATA_PREP: (
        r"\bno (?:data )?processing\b(?=\s*(?:$|[,.;:!?)]|at all\b|on our side\b|here\b|of ours\b|whatsoever\b))",
    ),
}
_MORE_TRAINING: tuple[str, ...] = (
    r"\b(?:model|checkpoint|weights|network|llm|foundation model|bert|resnet)\b[^.;]{0,25}?\b(?:as[- ]is|as it comes"
    r"|unchanged|untouched|out of the box)\b",
    r"\bpre-?trained\b[^.;]{0,40}?\b(?:never|don't|do not|can't|cannot) (?:re)?train\b",
    rf"\btraining (?:happens|is done|runs|takes place) (?:at|by|with|on the side of) (?:the |a |an |our )?"
    rf"(?:{_PARTY}|other team)\b",
    r"\b(?:get|gets|got|receive|receives|received|buy|bought|download|downloaded)\s+(?:the |a |an )?"
    r"(?:trained|pre-?trained|finished|ready-made|ready-to-use) models?\b",
)
_MORE_NO_ML: tuple[str, ...] = (
    r"\breplaced (?:the |our )?(?:ml |machine learning )?models? with (?:\w+ ){0,3}?(?:rules|heuristics|sql|thresholds"
    r"|a lookup|if-statements)\b",
    r"\b(?:no|without) (?:any )?machine learning (?:is )?involved\b",
    # "Honestly no ML here.", "no machine learning in this one" (not "no ML here yet")
    r"^\W*(?:(?:honestly|frankly|well|so|actually),?\s+)?(?:there's |there is )?no (?:ml|machine learning|ai)"
    r" (?:models? )?(?:here|in (?:it|here|there|this (?:one|workload|product|system|app|service|feature)))\b"
    r"(?!\s+(?:yet|so far|for now)\b)",
)
_MORE_HOSTING: tuple[str, ...] = (
    r"\b(?:don't|do not|never) (?:run|have|own|operate|maintain)(?: any)? (?:inference|serving|hosting|model)\s+"
    r"(?:infrastructure|infra|servers?|stack|fleet|instances?)\b",
)
# Eleventh round: more ways to say the same facts (tests/review/test_fact_wordings.py).
_MORE_CUES[Fact.MANAGED_MODEL] += (
    # session 32: a business product's built-in feature ("It's HubSpot's built-in lead scoring", "Zendesk's built-in
    # triage does the routing"; not an ML platform's: "SageMaker's built-in drift detection" is a tool of the practice;
    # not "we turned it on in the console", which is how a practice's feature is enabled too)
    r"\b(?!(?:sagemaker|aws|amazon|azure|vertex|databricks|mlflow|kubeflow|google|gcp|bedrock)\b)[\w-]+(?:'s|s')\s+"
    r"built-?in\s+(?:[\w-]+\s+){0,2}?(?:scoring|triage|classifier|routing|recommendations?|forecasting|tagging"
    r"|assistant|copilot)\b",
    # "our chatbot is GPT-4 behind an API key": whatever the subject, the model is the named service (not its bill)
    rf"\b(?:is|'s|are)\s+(?:just\s+|simply\s+|basically\s+)?{_SERVICE}\b(?!\s+(?:pricing|prices|bills?|costs?"
    r"|budgets?|accounts?|consoles?|quotas?|logs?|limits?)\b)",
    # rented or outsourced, said of the model or the ML work
    r"\b(?:model|ai|intelligence|ml|llm|inference|classification|prediction|scoring)\b[^.;]{0,20}\b(?:is |are )?"
    r"(?:rented|leased|outsourced) (?:from|to) (?:a |an |the )?(?:[\w-]+ )?(?:vendor|provider|supplier|saas"
    r"|third[- ]party"
    r"|partner)\b",
    # a vendor's ML service named by what it does: "a vendor's scoring endpoint", "a third-party fraud-scoring service"
    r"\b(?:vendor'?s?|third[- ]party|external|saas|commercial|proprietary)\s+(?:[\w-]+[- ])?(?:scoring|recommendation"
    r"|forecasting|classification|detection|prediction|ranking|personali[sz]ation|nlp|fraud|risk|credit)\s+"
    r"(?:apis?|services?|models?|endpoints?|engines?)\b",
    # where the model lives: "the model lives at the vendor"
    r"\bmodels?\b[^.;]{0,10}\b(?:lives?|sits?|stays?|resides?) (?:at|with|on the side of) (?:the |a )?(?:vendor"
    r"|provider"
    r"|supplier)\b",
)
_MORE_TRAINING += (
    # "nothing here learns from our data", "the model doesn't learn from what we send"
    r"\b(?:nothing|no model)\s+(?:here\s+|of ours\s+)?(?:ever\s+)?learns\b"
    r"|\b(?:doesn't|does not|never|won't|will not) learn from\b",
    # "came pre-trained and we left it alone"
    r"\bpre-?trained\b[^.;]{0,40}?\b(?:left (?:it|them) alone|never touched (?:it|them)|(?:didn't|did not) touch"
    r" (?:it|them))\b",
    # weights made elsewhere: "the weights are frozen and came from the vendor"
    r"\bweights\b[^.;]{0,30}\b(?:from|by|of) (?:the |a |our )?(?:vendor|provider|supplier|partner)\b"
    r"|\b(?:weights|model) (?:is|are) frozen\b",
    # the maker's model, unchanged: "we use the stock model", "vanilla weights"
    r"\b(?:stock|vanilla|unmodified|untuned)\s+(?:[\w-]+\s+)?(?:models?|weights|llms?|checkpoints?)\b",
    # "the partner does all the training work"
    rf"\b{_OTHERS}\s+(?:does|do|handles?|owns?|runs?)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:model\s+)?(?:training"
    r"|retraining|fine-tuning)\b",
)
_MORE_CUES[Fact.BATCH_ONLY] += (
    # "no live traffic", "nothing is real-time", "it's a weekly batch job", "the model runs once a month"
    r"\bno (?:real[- ]?time|live|online) (?:traffic|requests|calls|predictions?|scoring|endpoints?)\b",
    r"\bnothing (?:is |runs )?(?:in )?(?:real[- ]?time|live|online)\b",
    r"\b(?:it's|it is|is|it's just) (?:a |an |one )?(?:nightly|daily|weekly|monthly|scheduled|offline"
    r"|overnight) batch\b",
    r"\b(?:model|scoring|inference)\s+(?:only\s+)?runs?\s+(?:once|twice)\s+a\s+(?:day|night|week|month|quarter)\b",
    # the model's output made at a time of day: "every prediction is produced in the 2 a.m. run"
    r"\b(?:scores?|predictions?|forecasts?|recommendations?)\b[^.;]{0,15}?\b(?:are|is|get"
    r"|gets)\s+(?:all\s+)?(?:computed"
    r"|calculated|generated|produced|made|created|refreshed)\s+(?:in|at|during)\s+(?:(?:the|a"
    r"|one)\s+)?\d{1,2}(?::\d\d)?\s*"
    r"(?:a\.?m|am)\b",
)
_MORE_TRAINING += (
    # "there isn't any training data here", "no endpoints or training jobs exist on our side"
    r"\b(?:isn't|is not|aren't|are not|wasn't) (?:any )?training (?:data(?:sets?)?|sets?)\b",
    r"\bno\s+[\w-]+\s+(?:or|and|nor)\s+(?:model\s+)?(?:training|fine[- ]?tuning)(?:\s+(?:jobs?|runs?))?\b"
    r"(?=[^.;]{0,20}\b(?:exists?|on (?:our|my) side|of ours|here|at all)\b|\s*$)",
)
_MORE_TRAINING += (
    # another part of the company trains it: "the data science team at HQ trains it and gives us the file"
    r"\b(?:team|group|department|people|folks|colleagues)\s+(?:at|in|from)\s+(?:hq|headquarters|head office"
    r"|the parent company|(?:our |the )?group|corporate|another (?:office|division|unit|country))\s+(?:\w+\s+)?"
    r"(?:trains?|builds?|retrains?|fine-tunes?)\b",
)
_MORE_CUES[Fact.ON_DEVICE] += (
    # "the model is part of the mobile app download"
    r"\b(?:model|weights|classifier|network|detector|inference)\b[^.;]{0,20}\bpart of (?:the |our |each )?(?:[\w-]+ )?"
    r"(?:app|application|client|firmware|installer)(?: (?:download|bundle|package|binary|build|install|image))?\b",
)
_MORE_CUES[Fact.BATCH_ONLY] += (
    # "we score everything in a nightly job", "we predict the whole customer base once a week"
    r"\b(?:score|scores|scoring|predict|predicts)\s+(?:everything|everyone|all (?:\w+ )?(?:customers?|records|rows"
    r"|accounts|items|users|products|transactions)"
    r"|the whole (?:\w+ )?(?:base|book|catalog(?:ue)?|portfolio|table|list))\b"
    r"[^.;]{0,30}\b(?:nightly|daily|weekly|monthly|overnight|once a (?:day|night|week|month)|in (?:a|one) (?:\w+ )?"
    r"(?:job|run|batch))\b",
)
_MORE_CUES[Fact.NO_STORED_DATA] += (
    r"\bnothing (?:is |gets )?(?:ever )?(?:written|saved|persisted) to (?:disk|storage|s3|a database)\b",
    r"\b(?:deleted|discarded|dropped|purged|thrown away)\s+(?:right|immediately|straight)\s*(?:away|after|once)\b"
    r"|\b(?:deleted|discarded|dropped|purged) as soon as\b",
    # session 20: "it's dropped the moment the text comes back"
    r"\b(?:deleted|discarded|dropped|purged|thrown away|binned) the (?:moment|instant|second)\b",
)
_MORE_CUES[Fact.NO_PERSONAL_DATA] += (
    r"\b(?:it's|it is|is|are) (?:all |only |just |purely |entirely )(?:machine|sensor|telemetry|weather|synthetic)"
    r" (?:data|telemetry|readings|records|logs)\b|\b(?:only|purely|entirely) synthetic\b|\bsynthetic (?:data )?only\b",
    # session 20: "not a single person's data involved", "nobody's data is in it"
    r"\b(?:not (?:a single|one) (?:person|customer|user|individual|human)|no(?:body|one|-one)|not (?:anybody|anyone))"
    r"(?:'s|’s) (?:personal )?(?:data|details|information|records)"
    r"(?=\s*(?:$|[,.;:)]|involved|in (?:it|there|them|the)\b|(?:is|are|gets?) (?:involved|used|touched|in)\b))",
)
_MORE_HOSTING += (
    r"\b(?:don't|do not|never) (?:run|have|own|operate|maintain) (?:any )?(?:servers?|instances?|infrastructure|gpus?)"
    r" (?:for|behind) (?:the|our|it|this) (?:model|inference|llm)\b",
)
# Fifteenth round: the same facts said by what is done and by whom (tests/review/test_not_applicable_round15.py).
# A model made elsewhere or left as its maker made it: training handed out ("training is outsourced to a lab"), a
# party that does the model building or retrains it on its side, and any model-like noun left unchanged.
_MODEL_NOUN = (
    r"(?:models?|checkpoints?|weights|networks?|llms?|foundation models?|bert|resnet|classifiers?|detectors?|taggers?"
    r"|rankers?|scorers?|engines?|recogni[sz]ers?|transcribers?|translators?|embedders?|spotters?)"
)
_MORE_TRAINING += (
    r"\b(?:training|retraining|fine[- ]?tuning|model (?:building|development)|modell?ing)\s+(?:is|are|was|were|gets"
    r"|got|has been)\s+(?:all\s+|fully\s+|entirely\s+|completely\s+)?(?:outsourced|contracted out|subcontracted"
    r"|farmed out|done (?:externally|elsewhere|off-site|outside))\b",
    rf"\b{_OTHERS}\s+(?:does|do|did|handles?|handled|owns?)\s+(?:all\s+)?(?:of\s+)?(?:the\s+)?(?:model[- ]building"
    r"|model development|building of the model)\b",
    rf"\b{_OTHERS}\s+(?:who|that)\s+(?:also\s+)?(?:trains?|builds?|retrains?|fine-tunes?|trained|built|retrained)\b"
    + _MODEL_OBJECT,
    r"\b(?:re)?trains?\s+(?:it|them|the model)\s+on (?:their|its) (?:own\s+)?(?:side|end)\b",
    # "an open-source tagger, unchanged", "a pretrained checkpoint we didn't change", "served without changes"
    rf"\b{_MODEL_NOUN}\b[^.;]{{0,25}}?\b(?:unchanged|untouched|unmodified|without (?:any )?(?:changes?|modifications?"
    r"|tweaks?)|(?:we |i )?(?:didn't|did not|never|haven't|have not) (?:change|changed|modify|modified|alter|altered"
    r"|touch|touched|tweak|tweaked)(?: it| them| a thing| anything)?(?=\s*(?:$|[,.;:!?)]|and\b|so\b|since\b"
    r"|at all\b|ever\b)))",
)
# Hosted on another party's machines: "the hospital's IT runs it on their own servers", "served from the client's
# own platform" (ours are excluded: "on our own EC2" is `_WE_HOST`).
_THEIR_MACHINES = (
    r"(?:on|from|in|inside)\s+(?:their|(?:the\s+)?(?!our\b|my\b|team's\b|own\b)[\w-]+'s)\s+(?:own\s+)?(?:servers?"
    r"|platform|infrastructure|infra|cloud|hardware|data ?cent(?:er|re)s?|premises|accounts?|machines?|clusters?"
    r"|kubernetes)\b"
)
_MORE_HOSTING += (
    # the model is what runs there ("the analysts run notebooks on their own machines" is not about the model)
    r"\b(?:runs?|running|ran|hosts?|hosting|serves?|serving|operates?)\s+(?:it|them|the (?:[\w-]+ )?models?"
    r"|our (?:[\w-]+ )?models?)\b[^.;]{0,20}?" + _THEIR_MACHINES,
    r"\b(?:is|are|gets|get|'s)\s+(?:\w+\s+)?(?:hosted|served|run|deployed|operated)\s+" + _THEIR_MACHINES,
)
# Nothing kept, said with where: "we don't keep the prompts or the answers anywhere"
_MORE_CUES[Fact.NO_STORED_DATA] += (
    r"\b(?:don't|do not|never|doesn't|does not)\s+(?:store|keep|hold|retain|persist|save)\b[^.;]{0,40}?"
    r"\b(?:anywhere|at all)\b(?!\s+(?:safe|secure|central|else|near|but|other))",
    r"\b(?:isn't|aren't|is not|are not|is never|are never|never gets?)\s+(?:stored|kept|saved|persisted|retained)\s+"
    r"(?:anywhere|at all)\b(?!\s+(?:safe|secure|central|else|near|but|other))",
)
# Twenty-first round: another party that trains and also hosts ("they train and deploy it", "the sister team builds
# the model and also runs the endpoint for it"), weights handed to us, each half said not ours, a model bought or run
# as downloaded, nothing kept, no ML at all (tests/review/test_not_applicable_round21.py).
_HOSTS_TOO = r"(?:hosts?|runs?|serves?|deploys?|operates?)"
_MORE_HOSTING += (
    # "they train and deploy it", "our partner trains and deploys the model", "builds the model and also runs it"
    rf"\b{_OTHERS}\s+(?:also\s+|both\s+)?(?:trains?|builds?|develops?|retrains?)\s+(?:(?:it|them|the (?:[\w-]+ )?"
    rf"{_MODEL_THING})\s+)?(?:and|&)\s+(?:also\s+)?{_HOSTS_TOO}\b",
    # "they run the serving on their platform", "the agency handles the hosting"
    rf"\b{_OTHERS}\s+(?:also\s+)?(?:run|runs|do|does|handle|handles|own|owns)\s+(?:all\s+(?:of\s+)?)?(?:the\s+)?"
    r"(?:serving|hosting|inference|deployment)\b",
    # "trained and hosted by our parent company"
    rf"\b(?:trained|built|developed)\s+and\s+(?:hosted|served|run|deployed|operated)\s+by\s+{_OTHERS}\b",
    # "serving is the agency's problem", "deploying it isn't us", "hosting is not ours"
    rf"\b(?:serving|hosting|inference|deployment)\s+(?:is|are)\s+(?:all\s+|entirely\s+)?(?:the\s+)?{_PARTY}'s"
    r"\s+(?:problem|job|responsibility|call|side|concern|business|thing)\b",
    r"\b(?:deploying|hosting|serving|running)(?:\s+(?:it|the model))?\s+(?:isn't|is not|'s not)\s+(?:us|ours"
    r"|our (?:job|problem|side|thing))\b",
    # "the model runs in their account", "our model lives on the partner's servers"
    r"\b(?:the |our )?(?:[\w-]+ )?models?\s+(?:runs?|lives?|sits?|is hosted|is served)\s+" + _THEIR_MACHINES,
)
_NEITHER_OURS = (
    # "neither training nor hosting is ours", "training and serving aren't ours"
    r"\b(?:neither\s+)?(?:training|hosting|serving)\s+(?:nor|and|or)\s+(?:training|hosting|serving)\s+(?:is|are"
    r"|isn't|aren't)\s+(?:ours|us|our (?:job|thing|side)|done by us)\b"
)
_MORE_HOSTING += (_NEITHER_OURS,)
_MORE_TRAINING += (
    _NEITHER_OURS,
    rf"\b(?:trained|built|developed)\s+and\s+(?:hosted|served|run|deployed|operated)\s+by\s+{_OTHERS}\b",
    # "a university group trains the model", "the sister team in Lisbon builds the model and also runs it"
    rf"\b{_OTHERS}\s+(?:also\s+)?(?:trains?|builds?|develops?|retrains?)\b{_MODEL_OBJECT}",
    # weights handed to us: "sends us the weights", "hands over finished weights", "emails new weights every quarter"
    r"(?<!\bwe )(?<!\bi )\b(?:sends?|sent|hands?|handed|emails?|emailed|delivers?|delivered|gives?|gave|passes"
    r"|passed)\s+(?:us\s+)?(?:over\s+)?(?:the\s+|new\s+|finished\s+|fresh\s+|trained\s+|updated\s+|its\s+"
    r"|their\s+)*(?:weights|checkpoints?)\b",
    # "it's a bought model", "a bought-in classifier"
    r"\b(?:a|an|the|our)\s+bought\s+(?:[\w-]+\s+){0,2}?(?:models?|engines?|classifiers?|llms?|networks?)\b",
    # "we run an open-source model exactly as downloaded", "we host it just as the vendor shipped it"
    r"\b(?:use|uses|used|using|run|runs|host|hosts|hosted|hosting|serve|serves|served|deploy|deployed)\b[^.;]{0,45}?"
    r"\b(?:exactly |just |straight )?as (?:shipped|published|delivered|supplied|released|provided|received|bought"
    r"|downloaded)\b",
    # session 33: a model said with how it came, no verb: "it's an open-source model as downloaded" ("the model as
    # shipped has a bias we fixed" names a state before our work, not what we run)
    r"\b(?:a|an)\s+(?:[\w-]+\s+){0,3}?(?:model|checkpoint|llm|network|classifier)\s+(?:exactly |just |straight )?as "
    r"(?:shipped|published|delivered|supplied|released|provided|received|bought|downloaded)\b",
)
_MORE_CUES[Fact.NO_STORED_DATA] += (
    # "not a single byte is kept", "not one recording is saved"
    r"\bnot (?:a|one)\s+(?:single\s+)?(?:byte|bit|thing|word|record|file|frame|image|recording|line|row)s?\b"
    r"[^.;]{0,20}?\b(?:is|are|gets?|get)\s+(?:ever\s+)?(?:stored|kept|saved|persisted|retained|written)\b",
    # "transcribed in memory and thrown out"
    r"\bin memory and (?:then |immediately )?(?:discarded|thrown (?:away|out)|dropped|deleted|forgotten)\b",
)
_MORE_NO_ML += (
    # "we ended up not using machine learning at all", "we stopped using ML"
    r"\b(?:not|never|no longer|stopped)\s+(?:using|doing|running)\s+(?:any\s+)?(?:ml|machine learning|ai)\b"
    r"(?=\s*(?:$|[,.;:!?)]|at all\b|here\b|in (?:this|it)\b))",
)
# Session 28: no ML said plainly ("there isn't a model.", "no models involved", "nope, no machine learning in this
# product", "we never went down the ML route"), training denied beside hosting ("we don't host or train") and
# left to a named party ("retraining is Microsoft's problem").
_MORE_NO_ML += (
    # (session 32: also "there's no model behind it")
    r"\bthere(?:'s no| (?:isn't|is not|is no)) (?:a |any )?(?:ml |machine learning )?models?"
    r"(?:(?=\s*(?:$|[.;:!,)]|at all\b))| (?:behind|in|inside|under) (?:it|this|that|them)\b)",
    r"\bno (?:ml |machine learning )?models (?:are |were )?involved\b(?![^.;]{0,30}\b(?:yet|so far|for now)\b)",
    r"^\W*(?:nope|no|yeah|ok|okay|so|look),?\s+no (?:ml|machine learning|ai) (?:models? )?(?:here|in (?:it|here|there"
    r"|this (?:one|workload|product|system|app|service|feature|tool)))\b(?!\s+(?:yet|so far|for now)\b)",
    r"\b(?:never|didn't|did not|chose not to|decided not to)\s+(?:go|went|gone|going)\s+(?:down\s+)?the\s+"
    r"(?:ml|machine learning|ai)\s+(?:route|path|road|way)\b",
)
# Session 32: no ML in passing ("… no ML here tbh", not "no ML here yet"), rules called what they are ("our 'AI' is
# really a set of SQL thresholds", "an Excel file with a VLOOKUP"), no ML said of the thing itself ("It has no model",
# "We dont use machine learning in this project", "No models are trained or called", "Nothing in it learns anything").
_MORE_NO_ML += (
    r"\bno (?:ml|machine learning|ai) (?:models? )?(?:here|in (?:it|here|there))\b(?!\s+(?:yet|so far|for now)\b)",
    r"\b(?:is|'s) (?:really |just |only |basically )+(?:a |an )?(?:set|bunch|couple|handful) of (?:[\w-]+ )?"
    r"(?:rules|thresholds|if-statements|if statements|conditions|heuristics)\b",
    r"\b(?:is|'s) (?:really |just |only |basically )*an? (?:excel|spreadsheet|google sheets?)"
    r" (?:file|sheet|formula|lookup)\b|\bvlookups?\b",
    r"\b(?:it|this|that|the (?:[\w-]+ )?(?:system|product|tool|app|check|service|thing|feature|logic))\s+"
    r"(?:has|contains|uses|needs)"
    r" no (?:ml |machine learning |ai )?models?\b",
    r"\b(?:don't|dont|do not|doesn't|doesnt|does not)\s+(?:use|involve|need)\s+(?:any\s+)?(?:ml|machine learning)\b"
    r"(?=\s*(?:$|[,.;:!?)]|at all\b|here\b|in (?:this|it|the)\b|for (?:this|it)\b))",
    r"\bno (?:ml |machine learning )?models? (?:are|is|were|was|get|gets) (?:trained|built) or (?:called|used|deployed"
    r"|hosted)\b|\bno (?:ml |machine learning )?models? (?:are|is|were|was) (?:used|called|involved)\b"
    r"(?![^.;]{0,30}\b(?:yet|so far|for now)\b)",
    r"\bnothing (?:in (?:it|this|here|there)|here|there) learns\b",
)
_MORE_HOSTING += (
    # "we don't deploy any model anywhere", "never deployed a thing", "No model of ours is deployed anywhere", "we do
    # not deploy model to cloud or to edge by ourself"
    r"\b(?:don't|dont|do not|never)\s+(?:deploy|deployed|host|hosted|serve|served)\s+(?:any\s+|a\s+)?"
    r"(?:models?|thing|anything)\b(?=\s*(?:$|[,.;:!?)]|anywhere\b|at all\b|ourselves\b|by ourselves?\b|of our own\b"
    r"|to (?:the )?(?:cloud|edge)\b))",
    r"\bno models? of ours (?:is|are|gets?) (?:deployed|hosted|served)\b",
    r"\bwe (?:host|serve|deploy|run) nothing\b",
)
_MORE_TRAINING += (
    # "retraining is Microsoft's problem", "fine-tuning is the provider's job": a model provider named, not a person
    # or a team of ours ("training is Priya's job", "everyone's job"; the cues are read ignoring case)
    r"\b(?:training|retraining|fine[- ]?tuning)\s+(?:is|'s)\s+(?:all\s+|entirely\s+)?(?:the\s+)?"
    r"(?:vendor|provider|supplier|microsoft|google|openai|anthropic|aws|amazon|azure|cohere|mistral|salesforce|ibm"
    r"|oracle|hugging\s?face)(?:'s|')\s+(?:job|problem|responsibility|call|concern|business)\b",
    r"\b(?:don't|do not|never|neither)\s+(?:host|serve|run|deploy|operate)\s+(?:or|nor)\s+(?:train|fine[- ]?tune)\b"
    r"(?=\s*(?:$|[.;:!,)]|anything\b|it\b|them\b))",
)
# A verb of use before a foundation-model platform ("we use Bedrock", "we call OpenAI from a Lambda") says who serves
# the model, not that nobody fine-tunes it (labelling guide rule 3); "only", "just", "and that's it" or a denied
# training say more (the managed-model cues), and so does a task service's name (its model is pre-trained).
_MORE_CUES[Fact.SERVICE_USED] = (rf"\b{_USE}\b[^.;]{{0,30}}?\b{_FOUNDATION_SERVICE}\b",)
_MORE_CUES[Fact.NO_TRAINING] += _MORE_TRAINING
_MORE_CUES[Fact.NO_ML] += _MORE_NO_ML
_MORE_CUES[Fact.NO_HOSTING] += _MORE_HOSTING
for _fact, _patterns in _MORE_CUES.items():
    _base = _CUES.get(_fact)
    _CUES[_fact] = _cue(*((_base.pattern,) if _base else ()), *_patterns)

# A clause that says the team trains or fine-tunes ("we fine-tune a foundation model") is not about a vendor's model.
_TRAINS = re.compile(
    r"\b(?:we|team|they|i)\s+(?:\w+\s+){0,2}?(?:train|fine[- ]?tune|retrain)s?\b(?!\s+(?:nothing|no|zero|none)\b)",
    re.IGNORECASE,
)
_NEGATED = re.compile(rf"\b{_NEG}\b|n't\b", re.IGNORECASE)
# The team says it trained a model of its own, in the past tense, not denied ("We fine-tuned our own large model").
_WE_TRAINED = re.compile(
    r"^\W*(?:we|i)\s+(?:(?:also|already|then|have|had|just)\s+)?(?:trained|fine[- ]?tuned|retrained)\s+"
    r"(?:our|my)\s+own\b",
    re.IGNORECASE,
)
# "We looked at running it on the Jetson boxes", "we might call Bedrock later": not a fact about the workload.
_HYPOTHETICAL = re.compile(
    # (not "images are looked at in memory and dropped": the passive is what happens to the data)
    r"\b(?:(?<!\bis )(?<!\bare )(?<!\bget )(?<!\bgets )(?<!\bwas )(?<!\bwere )(?<!\bbe )(?<!\bbeen )looked at"
    r"|look into|looking at|considering|considered|thinking about|plan(?:ning|s)? to|might|may"
    r"|want(?:s|ed)? to|evaluating|evaluated|someday|eventually|in the future|if we ever)\b",
    re.IGNORECASE,
)
# "For OCR we use Textract", "for the parsing step we call Bedrock": a fact about one part of the workload, not all of
# it. ("For us, it's all Bedrock" is about the workload.)
_ONE_PART = re.compile(
    r"^\W*for (?!(?:the record|us|me|now|this (?:workload|one|question|project|system|product|app|use case)"
    r"|our (?:part|side|workload))\b)(?:the |our |a )?[\w-]+(?: [\w-]+){0,3}?,? (?:we|it|they|that|this)\b",
    re.IGNORECASE,
)
_ALTERNATIVE = re.compile(r"\b(?:rather than|instead of|as opposed to)\b[^,;.]*", re.IGNORECASE)

_BUILDS = re.compile(r"\b(?:train|trains|trained|training|develop\w*|build|builds|built|notebooks?)\b", re.IGNORECASE)
_SERVES = re.compile(
    r"\b(?:inference|predict\w*|runs?|running|serv\w+|scor\w+|deployed|ships?|shipped|bundled|embedded|leaves?|lives?"
    r"|on-?device|offline|locally)\b",
    re.IGNORECASE,
)
# Files kept on a machine say where they are kept (often a bad state), not that a model runs there.
_FILES = re.compile(
    r"\b(?:data|datasets?|csvs?|files?|scripts?|code|notebooks?|backups?|cop(?:y|ies)|credentials?|keys?|passwords?"
    r"|secrets?|spreadsheets?|labels?|features?|logs?|checkpoints?|artefacts?|artifacts?|dumps?|exports?|tables?)\b",
    re.IGNORECASE,
)
_MODEL_RUNS = re.compile(
    r"\b(?:models?|weights|inference|predict\w*|scor(?:e|es|ing)|serv(?:es|ed|ing)|on-?device|ships?|shipped|bundled"
    r"|embedded|firmware|tflite|tf lite|core ?ml|onnx|runtime)\b",
    re.IGNORECASE,
)
# Where a result is shown or a tool other than the model runs is not where the model runs.
_DISPLAY = re.compile(r"\b(?:shows?|showed|shown|displays?|displayed|visible|appears?|pops? up|see|sees)\b", re.I)
_NOT_THE_MODEL = re.compile(r"\b(?:dashboards?|ui|front-?end|reports?|alerts?|notifications?|charts?)\b", re.I)
_INFERS = re.compile(
    r"\b(?:inference|infers?|predicts?|scoring|scored|computed|calculated|model (?:runs|lives))\b", re.I
)
# Statements that contradict a fact in the same clause.
_LIVE_TOO = re.compile(r"\b(?:real-?time|online|live|always-on)\s+(?:endpoints?|inference|serving|api)\b", re.I)
_PERSONAL_TOO = re.compile(
    # (not "pressure and temperature logs, no personal data anywhere": the personal word is the one denied)
    r"\b(?:plus|and|also|as well as|with|alongside|but)\b"
    r"(?:(?!\b(?:no|not|nothing|none|zero|without|never)\b|n't\b)[^.;]){0,30}\b(?:customer|personal|user|patient"
    r"|employee|member|pii)\b",
    re.I,
)
_DENIED = re.compile(rf"\b(?:no|without|{_NEG})\b|n't\b", re.I)
_LABELLED_BY = re.compile(r"\blabell?ed (?:by|in|with|using|through|via)\b", re.I)
# A fact that also states others: a vendor's model is neither trained nor hosted here.
IMPLIES: dict[Fact, frozenset[Fact]] = {
    Fact.MANAGED_MODEL: frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}),
    Fact.SERVICE_USED: frozenset({Fact.NO_HOSTING}),
    Fact.NO_HOSTING: frozenset({Fact.NO_ENDPOINT}),
    Fact.ON_DEVICE: frozenset({Fact.NO_ENDPOINT}),
    Fact.BATCH_ONLY: frozenset({Fact.NO_ENDPOINT}),
    Fact.NO_ML: frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}),
}


# A fact that says what the model is or where it runs, denied by the words just before it ("it's not a vendor model",
# "we don't use Bedrock or any hosted API", "this is no longer a vendor API", "we stopped using the vendor's API",
# "we're not on-device") or inside it ("the model doesn't run on the phones"): the answer says the opposite. Not a
# negation of something else before it ("we don't train, it's a vendor model": a comma or a verb of its own between),
# nor "nothing runs in the cloud, it's on the phone" (the negation is the fact).
_DENIABLE = (Fact.MANAGED_MODEL, Fact.SERVICE_USED, Fact.ON_DEVICE, Fact.BATCH_ONLY)
_DENIED_BEFORE = re.compile(
    r"(?:\bnot|n't|\bnever|\bno longer|\bstopped|\bquit)\s+"
    r"(?:(?:a|an|the|any|really|actually|even|just|using|use|from|on|in|something|anything|we|our)\s+){0,3}$",
    re.IGNORECASE,
)
_DENIED_WITHIN = re.compile(
    r"(?:n't|\bnot)\s+(?:\w+\s+)?(?:run|runs|live|lives|sit|sits|execute|executes|happen|happens)\b", re.IGNORECASE
)


_OR_ANY = re.compile(r"^\W*(?:or|nor|and)\s+(?:any\s+|other\s+|another\s+)*$", re.IGNORECASE)


def _denied_facts(text: str, found: set[Fact]) -> set[Fact]:
    """Of the facts found, those every mention of which in the clause is denied (`_DENIED_BEFORE`, `_DENIED_WITHIN`),
    a mention joined by "or (any)" to a denied one included ("we don't use Bedrock or any vendor API")."""
    mentions = sorted(
        (m.start(), m.end(), fact, m.group()) for fact in _DENIABLE if fact in found for m in _CUES[fact].finditer(text)
    )
    denied_until = -1
    said: dict[Fact, bool] = {}
    for start, end, fact, words in mentions:
        denied = bool(
            _DENIED_BEFORE.search(text[:start])
            or _DENIED_WITHIN.search(words)
            or (0 <= denied_until <= start and _OR_ANY.match(text[denied_until:start]))
            or 0 <= start < denied_until  # inside a denied mention ("… or any hosted API")
        )
        if denied:
            denied_until = max(denied_until, end)
        said[fact] = said.get(fact, True) and denied
    return {fact for fact, denied in said.items() if denied}


def stated_facts(text: str) -> frozenset[Fact]:
    """The workload facts a clause states, with what they imply."""
    core = _ALTERNATIVE.sub(" ", text)
    if _HYPOTHETICAL.search(core) or _ONE_PART.search(core):
        return frozenset()
    found = {fact for fact, cue in _CUES.items() if cue.search(core)}
    found -= _denied_facts(core, found)
    if Fact.MANAGED_MODEL in found and trains_here(core):
        found.discard(Fact.MANAGED_MODEL)  # "we fine-tune a foundation model on Bedrock" trains here
    if Fact.NO_TRAINING in found and _WE_TRAINED.search(core):
        # "we fine-tuned our own model without trying the off-the-shelf ones": the team trains after all
        found.discard(Fact.NO_TRAINING)
    if Fact.ON_DEVICE in found and _BUILDS.search(core) and not _SERVES.search(core):
        found.discard(Fact.ON_DEVICE)  # "she trains the model on her laptop": where it is built, not where it runs
    if Fact.ON_DEVICE in found and _FILES.search(core) and not _MODEL_RUNS.search(core):
        found.discard(Fact.ON_DEVICE)  # "the datasets live on a laptop": where files are kept, not where a model runs
    if Fact.ON_DEVICE in found and (_DISPLAY.search(core) or _NOT_THE_MODEL.search(core)) and not _INFERS.search(core):
        found.discard(Fact.ON_DEVICE)  # "the app shows the score on the phone": where a result is seen, not computed
    if Fact.BATCH_ONLY in found and any(
        not _DENIED.search(core[max(0, m.start() - 25) : m.start()]) for m in _LIVE_TOO.finditer(core)
    ):
        found.discard(Fact.BATCH_ONLY)  # "batch for backfills; the main model is a real-time endpoint"
    if found & {Fact.MANAGED_MODEL, Fact.SERVICE_USED, Fact.NO_HOSTING} and _WE_HOST.search(core):
        # "a pre-trained one from the vendor used as is, running on our own EC2": the vendor made it, we host it
        found -= {Fact.MANAGED_MODEL, Fact.SERVICE_USED, Fact.NO_HOSTING}
    if Fact.NO_PERSONAL_DATA in found and _PERSONAL_TOO.search(core):
        found.discard(Fact.NO_PERSONAL_DATA)  # "open datasets plus our own customer records"
    if Fact.NO_LABELLING in found and _LABELLED_BY.search(core):
        found.discard(Fact.NO_LABELLING)  # "already labelled by Ground Truth": labelling happened, with a tool
    closed = set(found)
    for fact in found:
        closed |= IMPLIES.get(fact, frozenset())
    return frozenset(closed)


# The model hosted by us after all: on our own machines, or "we host it".
_WE_HOST = re.compile(
    r"\b(?:running|runs|run|hosted|served|deployed|sits|lives)\s+(?:on|in)\s+our\s+own\b"
    r"|\bon our own (?:ec2|servers?|instances?|endpoints?|gpus?|kubernetes|cluster|hardware|infrastructure|machines?)\b"
    r"|\bwe (?:host|serve|run|deploy) (?:it|the model|them)(?: ourselves| ourself| on)?\b(?! (?:not|no)\b)"
    r"|\bself-hosted\b",
    re.IGNORECASE,
)


def trains_here(text: str) -> bool:
    """Does the clause say the team trains the model ("we train it ourselves in SageMaker"), not denied?"""
    for m in _TRAINS.finditer(text):
        before = text[max(0, m.start() - 30) : m.end()]
        if not _NEGATED.search(before):
            return True
    return False


def strip_facts(text: str) -> str:
    """The clause without the words that state a fact: what it says besides ("we only call Bedrock, from one Lambda
    whose role alone may invoke it" → the part about the role)."""
    for cue in _CUES.values():
        text = cue.sub(" ", text)
    text = _DECLARATION.sub(" ", text)
    return re.sub(r"\s+", " ", text).strip(" ,.;:-")


# A clause that opens by declaring the question, or a part of it, not applicable: "Not applicable, we only call Amazon
# Bedrock …", "N/A - nothing is trained here", "None of this applies", "N/A for the privacy bit". One pattern serves
# both readings below.
_DECLARES = (
    r"^\W*(?:(?:this is|it's|it is|that's|that is|all|basically|honestly|simply|mostly|largely|partly)\s+)?"
    r"(?:not applicable|n/?a|not relevant|irrelevant|(?:none of|nothing in) (?:this|that|it|these|them) (?:applies"
    r"|apply|is relevant|are relevant|matters)|(?:this|that|it) (?:doesn't|does not) (?:really )?apply)"
)
_DECLARED = re.compile(_DECLARES + r"\b", re.IGNORECASE)
# Opening a clause that states a fact, the declaration is the fact's own framing, as wide as the fact (labelling guide
# rule 2), not a claim of its own about the whole question; "Mostly N/A - the vendor trains and hosts it" too (the
# fact says how much). "N/A for the privacy bit" names a part: it is no framing, and stays.
_DECLARATION = re.compile(
    _DECLARES
    + r"(?:\s+(?:for|to)\s+(?:us|me|our (?:team|case|workload|product|setup|use case)))?(?!\s+(?:for|to)\b|\w)"
    r"\W*",
    re.IGNORECASE,
)


def declares_not_applicable(text: str) -> bool:
    """Does the clause open by declaring the question, or part of it, not applicable?"""
    return bool(_DECLARED.search(text))


# --- (a') consequences: an absence the fact explains -------------------------------------------------------------
#
# "We only call a vendor API, so there are no features to share", "it runs on the phone, there is no cloud hosting
# option to pick", "we don't process data for training": in an answer that states a workload fact, a clause that says
# something is *absent* in one of these forms is the fact's consequence (the practice has no subject here), not a
# practice left undone. Three forms, each about absence, never about how work is done ("nobody reviews the outputs",
# "we picked real-time endpoints for everything" stay gaps):
# - absence with a purpose: "no X to V", "nothing to V", "no X for us to V", unless X is a way of doing work (a
#   process, a check, an owner, time, a budget: "there's no process to review outputs" is a gap);
# - absence scoped to us: "no X on our side / of ours / in-house", "not ours to V", "not our concern";
# - absence of an object a fact removes: training (data, runs, jobs, features, experiments, labels), hosting (servers,
#   instances, fleet, cluster, endpoint, hardware, inference compute), whatever the connective.
_ABSENT = (
    r"(?:no|nothing|none|zero|never any|not (?:a|an|any)|(?:don't|do not|doesn't|does not|didn't)"
    r" (?:have|hold|keep|need|process|prepare|use|run|own)(?: any| a| an)?)"
)
_HOW = (
    r"(?:process|processes|procedure|way|ways|one|body|time|budget|plan|owner|owners|policy|mechanism|tool|tooling"
    r"|check|checks|review|reviews|alert|alerts|alarm|alarms|monitoring|test|tests|testing|dashboard|approval"
    r"|approvals|sign-?off|control|controls|audit|audits|guardrails?|limit|limits|documentation|docs|record|records"
    r"|log|logs|logging|backup|backups|encryption|rotation|idea|clue|visibility)"
)
_FACT_OBJECT = (
    r"(?:training|trained|train|fine[- ]?tun\w*|retrain\w*|experiments?|features?|feature store|labels?|labell?ing"
    r"|annotations?|checkpoints?|hyperparameters?|tuning|datasets?|data (?:for|to) (?:train|training|label|profile)"
    r"|hosting|hosted|servers?|instances?|fleet|cluster|endpoints?|hardware|chips?|gpus?|inference (?:compute"
    r"|infrastructure|infra|servers?|costs?)|serving|deployment options?|models? of (?:our|my) own|own models?"
    # the ML platform itself ("there's no SageMaker anything"), not one of its tools that has a subject whoever trains
    # or hosts the model ("we don't use SageMaker Clarify on the outputs")
    r"|sagemaker(?!\s+(?:clarify|model monitor|monitor\w*|roles?|domains?|guardrails?)\b))"
)
_EXPLAINED_ABSENCE = _cue(
    rf"\b{_ABSENT}\s+(?!{_HOW}\b)(?:[\w-]+\s+){{0,4}}?(?:for (?:us|me|anyone|them) )?to\s+"
    r"(?!be\b|speak of\b|show for\b|write home about\b|go on\b)[a-z]+",
    rf"\b{_ABSENT}\s+(?:[\w-]+\s+){{0,4}}?(?:on (?:our|my) (?:side|end)|of (?:ours|our own)|in[- ]house|here)\b",
    r"\b(?:isn't|is not|aren't|are not|not) (?:ours|our (?:job|concern|problem|call|business|decision|choice))\b",
    r"\b(?:is|are|'s|'re) (?:all )?(?:theirs|the (?:vendor|provider|supplier|partner)'s"
    r"(?: (?:job|concern|problem|call|decision|choice))?)\b|\bout of our hands\b",
    # "scaling it and rolling it back is on them", "patching is the vendor's responsibility"
    r"\b(?:is|are|'s|'re) (?:all |entirely |completely |squarely )?(?:on them|on the (?:vendor|provider|supplier"
    r"|partner)|(?:their|the (?:vendor|provider|supplier|partner)'s) (?:responsibility|business|headache|problem"
    r"|worry|concern|job|lookout))\b",
    # "endpoint updates and rollouts are all on their side", "that's on their end"
    r"\b(?:is|are|'s|'re) (?:all |entirely |completely |squarely )?on (?:their|the (?:vendor|provider|supplier"
    r"|partner)'s) (?:side|end)\b",
)
_ABSENT_OBJECT = _cue(rf"\b{_ABSENT}\s+(?:[\w-]+\s+){{0,2}}?{_FACT_OBJECT}\b")


# The fact said again as an absence: "no training on our side", "no model of ours exists", "no ML of our own". It is
# the fact, not one of its consequences: it points at no practice the fact leaves standing.
_RESTATED = _cue(
    rf"\b{_ABSENT}\s+(?:[\w-]+\s+)?(?:models?|training|fine[- ]?tuning|ml|machine learning|ai|llms?)\s+"
    r"(?:of (?:ours|our own)|on (?:our|my) (?:side|end)|in[- ]house|here)\b"
)


def states_consequence(text: str, *, explained: bool = False) -> bool:
    """Does the clause say something is absent in a form that a workload fact explains (see above)? With
    `explained`, only the first two forms (a purpose or "ours"), which say why as well as what."""
    return bool(_EXPLAINED_ABSENCE.search(text) or (not explained and _ABSENT_OBJECT.search(text)))


def restates_the_fact(text: str) -> bool:
    """Is every absence the clause states the fact said again ("we use a pre-trained model as is, no training on our
    side"), rather than something the fact removes ("no features of ours to share")?"""
    return bool(_RESTATED.search(text)) and not states_consequence(_RESTATED.sub(" ", text), explained=True)


# "We have no ML team", "there are no data scientists here", "nobody on the team knows ML": who the team is, a fact
# about the people, not a statement about any practice (a practice needs something done or left undone). The whole
# clause must be that absence: "no data scientist has reviewed the labels" is about reviewing labels.
_TEAM_FACT = _cue(
    r"^\W*(?:(?:and|but|so|also|plus|though|as)\s+)?(?:(?:(?:we|i)\s+(?:have|'ve got|got|had|'ve)\s+"
    r"|there\s*(?:is|are|'s|'re|was|were)\s+)?(?:no|zero|not (?:a|an|any|one))"
    r"|(?:we|i)\s+(?:don't|do not|didn't) have(?:\s+an?y?)?)\s+"
    r"(?:(?:dedicated|in-house|real|proper|actual|full-time|own|ml|machine learning|data science|ai|data|mlops"
    r"|analytics)\s+){0,3}(?:team|teams|engineers?|people|staff|experts?|expertise|scientists?|specialists?|skills?"
    r"|headcount"
    r"|hires?|person)(?:\s+(?:of (?:our|my) own|in[- ]house|here|at all|yet|on (?:the|our) (?:team|side|payroll)"
    r"|to speak of|either|really))*\W*$",
)


# The practices whose subject is the team itself: its skills (MLOPS01-BP01) and its roles (MLOPS02-BP01). For them "we
# have no ML team" is evidence; for every other practice it says nothing.
TEAM_PRACTICES = frozenset({"MLOPS01-BP01", "MLOPS02-BP01"})


def states_team_fact(text: str) -> bool:
    """Is the whole clause a fact about who the team is ("we have no ML team"), not about any practice?"""
    return bool(_TEAM_FACT.search(text.strip()))


def about_one_part(sentence: str) -> bool:
    """Is the sentence about one part of the workload ("For the cameras we ran it on the Jetson boxes")?"""
    return bool(_ONE_PART.search(_ALTERNATIVE.sub(" ", sentence)))


# --- (b) which practices each fact makes moot ------------------------------------------------------------------


def _question(question_id: str, count: int) -> frozenset[str]:
    return frozenset(f"{question_id}-BP{n:02d}" for n in range(1, count + 1))


# The lens's questions and how many practices each has (checked against corpus/ by the tests).
QUESTIONS = {
    "MLOPS01": 3, "MLOPS02": 6, "MLOPS03": 2, "MLOPS04": 2, "MLOPS05": 1, "MLOPS06": 2, "MLSEC01": 1, "MLSEC02": 1,
    "MLSEC03": 5, "MLSEC04": 3, "MLSEC05": 1, "MLSEC06": 2, "MLREL01": 2, "MLREL02": 3, "MLREL03": 4, "MLREL04": 2,
    "MLREL05": 2, "MLPERF01": 1, "MLPERF02": 2, "MLPERF03": 1, "MLPERF04": 6, "MLPERF05": 2, "MLPERF06": 6,
    "MLCOST01": 2, "MLCOST02": 2, "MLCOST03": 4, "MLCOST04": 14, "MLCOST05": 3, "MLCOST06": 4, "MLSUS01": 1,
    "MLSUS02": 2, "MLSUS03": 3, "MLSUS04": 4, "MLSUS05": 4, "MLSUS06": 2,
}  # fmt: skip
ALL_PRACTICES = frozenset().union(*(_question(q, n) for q, n in QUESTIONS.items()))


# Each table is derived from what the practice is about (its lens title and the project's label), not from answers:
# a practice is moot when its subject is something the fact rules out, and not when it still has a subject (a
# budget still has spend to track when the only ML cost is a vendor's API; a latency target is the business's whatever
# hosts the model).
#
# Training your own models: the whole question when its subject is training (the training environment, lean
# development), else the practices that presuppose a training run, training data or retraining. Not moot: securing
# the data an ML workload processes (MLSEC03, labelling guide rule 13): its practices act on any data the workload
# handles (the prompts and inputs sent to a model, its outputs and logs), who may reach it and the model, the
# environment and secrets that process it, where it came from and how long it is kept, whoever trained the model.
# Not moot either: budgets and tags (MLCOST04-BP12) and stopping idle notebooks and test endpoints (MLCOST04-BP08),
# which any ML spend has; choosing instance types (MLPERF04-BP01) and keeping data and compute in one Region
# (MLCOST04-BP13: the data still travels to whatever serves the model, a vendor's API too) are about inference too
# (instance types are moot only when nothing is hosted either: see JOINT); a model used as is is still evaluated
# (MLPERF04-BP03) and chosen by weighing accuracy, cost, bias and latency (MLPERF04-BP05); the input features of a
# model we host still reach our endpoint and can drift, so their statistics (MLPERF04-BP04) are moot only when nothing
# is hosted either (see JOINT). Choosing a framework or an algorithm (MLCOST04-BP04/BP14) and a managed build
# environment (MLCOST04-BP02) belong to building a model: whoever built it made those choices. CI/CD/CT with
# traceability (MLREL03-BP01) is moot only when nothing is hosted either (labelling guide rule 16: a model we host as is
# still ships through a pipeline; see JOINT). MLOps and CI/CD (MLOPS04-BP01) is never removed by these facts: the code
# and prompts that call a vendor's model still ship through a pipeline or by hand (rule 17). Reusable features
# (MLCOST03-BP04) are engineered for a model we train: whoever built a model used as is chose its inputs (rule 17).
TRAINING_PRACTICES = (
    (_question("MLCOST04", 14) - {"MLCOST04-BP08", "MLCOST04-BP12", "MLCOST04-BP13"})
    | (_question("MLSEC04", 3) - {"MLSEC04-BP01"})
    | _question("MLSUS04", 4)
    | (_question("MLPERF04", 6) - {"MLPERF04-BP01", "MLPERF04-BP03", "MLPERF04-BP04", "MLPERF04-BP05"})
    | {
        "MLCOST03-BP01",  # labelling training data
        "MLCOST03-BP04",  # a feature store: features engineered for training and serving our models (guide rule 17)
        "MLCOST06-BP04",  # training jobs instrumented
        "MLPERF06-BP05",  # automated retraining
        "MLPERF06-BP06",  # data and features reviewed for retraining
        "MLSUS06-BP02",  # retrain only when needed
        "MLOPS03-BP02",  # experiments versioned and tracked
        "MLREL02-BP03",  # training data versioned and linked to models
        "MLREL03-BP02",  # same features in training and inference
        "MLPERF03-BP01",  # a data lake feeding ML work
        "MLOPS02-BP03",  # model improvement planned from a baseline
    }
)
# Hosting a model yourself: the deployment option, hosting hardware and fleet, lean hosting (compiling, sharing
# endpoints), endpoint scaling and recovery, releases to an endpoint, its utilisation and health. Not moot: latency and
# availability targets (MLSUS05-BP01), which the business sets whoever hosts the model, and efficient silicon
# (MLSUS05-BP02), whose lens text chooses instance types for training as well (labelling guide rule 15: moot only when
# nothing of ours is trained or hosted, see JOINT, or on the device).
HOSTING_PRACTICES = (
    _question("MLCOST05", 3)
    | (_question("MLSUS05", 4) - {"MLSUS05-BP01", "MLSUS05-BP02"})
    | _question("MLREL05", 2)
    | _question("MLREL04", 2)
    | {"MLCOST06-BP03", "MLOPS05-BP01"}
)
# An endpoint of your own: its scaling, recovery, utilisation, metrics, shared hosting and the pipeline that changes it
# (MLREL04-BP01, "automate endpoint changes").
ENDPOINT_PRACTICES = _question("MLREL05", 2) | {"MLCOST06-BP03", "MLOPS05-BP01", "MLSUS05-BP04", "MLREL04-BP01"}
# Batch only: no endpoint (above), and no application calling the model at request time (MLREL01: an API that hides
# model changes from its callers, model microservices).
REAL_TIME_ENDPOINT_PRACTICES = ENDPOINT_PRACTICES | _question("MLREL01", 2)
# A model on the device: no hosting to pay for (MLCOST05: the device owner's hardware does the work), no endpoint, no
# service boundary (MLREL01), and no choice among cloud inference options (MLPERF05-BP02), and no choice of efficient
# silicon (MLSUS05-BP02: the device is the hardware already chosen, labelling guide rules 11 and 15). Not moot: the
# latency target (MLSUS05-BP01), compiling the model for the device (MLSUS05-BP03, which the lens covers for edge
# hardware), how a new model reaches the devices (MLREL04: a release pipeline and a staged rollout have a subject
# there), who may call the model (MLSEC06-BP01: the app and whoever reaches the device, rule 16) and whether the edge
# was weighed against the cloud (MLPERF05-BP01: what the answer says of the choice, rule 16).
ON_DEVICE_PRACTICES = (
    (ENDPOINT_PRACTICES - {"MLREL04-BP01"})
    | _question("MLCOST05", 3)
    | {"MLPERF05-BP02", "MLSUS05-BP02"}
    | _question("MLREL01", 2)
)
# Practices about running in production, moot for a prototype or a one-off.
PRODUCTION_PRACTICES = (
    _question("MLOPS06", 2)
    | _question("MLREL04", 2)
    | _question("MLREL05", 2)
    | _question("MLPERF06", 6)
    | {"MLOPS05-BP01", "MLOPS01-BP03", "MLCOST06-BP02", "MLCOST06-BP03", "MLOPS02-BP04", "MLOPS02-BP06"}
    | {"MLSUS01-BP01"}
)

# Moot only when no model of ours is trained or hosted (a vendor's managed model): instance types, the statistics of a
# model's input features (labelling guide rule 9), data drift (MLPERF06-BP03: a model we host used as is still sees
# its inputs drift) and efficient silicon (MLSUS05-BP02), rule 15; CI/CD/CT with traceability (MLREL03-BP01: a model
# we host as is still ships through a pipeline), the cloud deployment option (MLPERF05-BP02) and cloud versus edge
# (MLPERF05-BP01: whoever runs the model chose where), rule 16. Never removed by these facts: who may call the model
# (MLSEC06-BP01) and SLAs (MLSUS05-BP01), rule 16.
NEITHER_TRAINED_NOR_HOSTED = frozenset(
    {"MLPERF04-BP01", "MLPERF04-BP04", "MLPERF06-BP03", "MLSUS05-BP02"}
    | {"MLREL03-BP01", "MLPERF05-BP01", "MLPERF05-BP02"}
)
# Never removed by a vendor's model, a model used as is, batch only or a model on the device (labelling guide rule 16):
# who may call the model (the vendor's API key, the batch job, the app on the device) and the service level a business
# agrees. An absence such a fact explains ("no endpoint anyone could call") is no reading of them either.
STANDS_BESIDE_THE_FACTS = frozenset({"MLSEC06-BP01", "MLSUS05-BP01"})


# What a fact leaves standing that an answer stating it may seem to explain away (labelling guide rule 17): batch only
# and no endpoint take away the endpoint's traffic shifting, not how a new version replaces the old one (MLREL04-BP02)
# nor the batch model's optimisation (MLSUS05-BP03); on the device, how a new model reaches the devices (MLREL04) and
# compiling it for them stay. "…, it's all batch, so canaries don't really fit" explains away canaries, not the
# practice.
LEFT_STANDING: dict[Fact, frozenset[str]] = {
    Fact.BATCH_ONLY: frozenset({"MLREL04-BP02", "MLSUS05-BP03"}),
    Fact.NO_ENDPOINT: frozenset({"MLREL04-BP02", "MLSUS05-BP03"}),
    Fact.ON_DEVICE: frozenset({"MLREL04-BP01", "MLREL04-BP02", "MLSUS05-BP03"}),
}


def left_standing(bp_id: str, facts: frozenset[Fact]) -> bool:
    """Does a stated fact leave the practice standing by name (`LEFT_STANDING`), none of the facts making it moot?"""
    return any(bp_id in LEFT_STANDING.get(f, frozenset()) for f in facts) and not any(bp_id in MOOT[f] for f in facts)


def absence_can_remove(bp_id: str, facts: frozenset[Fact] = frozenset()) -> bool:
    """Can an absence a stated fact explains make the practice not applicable? Not who may call the model nor the
    service level (`STANDS_BESIDE_THE_FACTS`): "no endpoint anyone could call, it runs on the kiosk" is the fact again,
    and they still have a subject, of which only the rest of the answer speaks (labelling guide rule 16); nor a
    practice one of the stated `facts` leaves standing (`LEFT_STANDING`, rule 17). The one check of both paths by
    which a fact's clause reaches a practice: its own reading (`FactsSaid.verdict`) and the settling of the whole
    answer (`applicability.settle`)."""
    return bp_id not in STANDS_BESIDE_THE_FACTS and not left_standing(bp_id, facts)


MOOT: dict[Fact, frozenset[str]] = {
    Fact.MANAGED_MODEL: TRAINING_PRACTICES | HOSTING_PRACTICES | NEITHER_TRAINED_NOR_HOSTED,
    # the platform serves the model; who trains it is not said (guide rule 3), but a fine-tune on the platform runs on
    # its hardware too: no silicon of ours to choose (rule 15)
    Fact.SERVICE_USED: HOSTING_PRACTICES | {"MLSUS05-BP02"},
    Fact.NO_TRAINING: TRAINING_PRACTICES,
    Fact.NO_HOSTING: HOSTING_PRACTICES,
    Fact.ON_DEVICE: ON_DEVICE_PRACTICES,
    Fact.NO_ENDPOINT: ENDPOINT_PRACTICES,
    Fact.BATCH_ONLY: REAL_TIME_ENDPOINT_PRACTICES,
    Fact.NO_LABELLING: frozenset({"MLCOST03-BP01"}),
    Fact.SINGLE_NODE: frozenset({"MLSEC04-BP02", "MLCOST04-BP07"}),
    Fact.NO_PERSONAL_DATA: frozenset({"MLSEC02-BP01", "MLSEC03-BP03"}),
    # No data kept: what retention, lifecycle and storage act on. Who may reach the data, the environment that
    # processes it, masking it and the training data's lineage still have a subject while it passes through.
    Fact.NO_STORED_DATA: frozenset({"MLSEC03-BP05", "MLSUS03-BP02", "MLSUS03-BP03"}),
    # No data processing: preparing it (MLCOST03), and the pipelines that would move and transform it.
    Fact.NO_DATA_PREP: _question("MLCOST03", 4) | {"MLREL02-BP02", "MLSUS03-BP01"},
    Fact.PROTOTYPE: PRODUCTION_PRACTICES,
    # No ML environment of ours: the governed environment practice has no subject (labelling guide rules 4 and 14).
    Fact.NO_ML_ENVIRONMENT: frozenset({"MLSEC04-BP01"}),
    # No ML at all: every practice but deciding whether ML is the right tool (MLCOST02-BP01), which is how a team gets
    # there.
    Fact.NO_ML: ALL_PRACTICES - {"MLCOST02-BP01"},
}
# Practices moot only when two facts hold together: those of a model neither trained nor hosted here (above) need
# both; a data catalog needs neither stored data nor training data.
JOINT: tuple[tuple[frozenset[Fact], frozenset[str]], ...] = (
    (frozenset({Fact.NO_TRAINING, Fact.NO_HOSTING}), NEITHER_TRAINED_NOR_HOSTED),
    # a catalog of datasets: none are kept at run time, and there is no training data either
    (frozenset({Fact.NO_STORED_DATA, Fact.NO_TRAINING}), frozenset({"MLREL02-BP01"})),
)
# What a model on a device of ours still has, whoever made it (labelling guide rules 9, 15 and 16): inputs that drift,
# the statistics of its features, the pipeline that ships it to the devices and the choice of the edge over the cloud.
SEEN_ON_THE_DEVICE = (
    frozenset({"MLPERF06-BP03", "MLPERF04-BP04", "MLREL03-BP01", "MLPERF05-BP01"}) - ON_DEVICE_PRACTICES
)
# A fact that narrows another: a model on the device is hosted and released there, so "nothing is hosted by us" and
# "there is no endpoint" only mean nothing in the cloud, which the device's own table already says. A batch job of
# ours runs the model too: "nothing is served live" means no endpoint, which batch's own table says, and the job's
# instances, deployment option and releases stay (labelling guide rule 17).
NARROWS: dict[Fact, frozenset[Fact]] = {
    Fact.ON_DEVICE: frozenset({Fact.NO_HOSTING, Fact.NO_ENDPOINT}),
    Fact.BATCH_ONLY: frozenset({Fact.NO_HOSTING}),
}


def effective_facts(facts: frozenset[Fact]) -> frozenset[Fact]:
    """The facts whose tables apply: without those another stated fact narrows."""
    narrowed = frozenset().union(*(NARROWS.get(fact, frozenset()) for fact in facts))
    return facts - narrowed


@lru_cache(maxsize=256)
def moot_table(facts: frozenset[Fact]) -> Mapping[str, Fact]:
    """Practice → the first fact (in `Fact` order) that makes it moot, joint facts included. It depends on the facts
    alone, so it is built once per set of facts (an answer's mapping asks for it once per stating clause and once for
    them all) and handed out read-only."""
    facts = effective_facts(facts)
    out: dict[str, Fact] = {}
    for fact in Fact:
        if fact in facts:
            for bp_id in MOOT[fact]:
                out.setdefault(bp_id, fact)
    for together, bp_ids in JOINT:
        if together <= facts:
            first = next(fact for fact in Fact if fact in together)
            for bp_id in bp_ids:
                out.setdefault(bp_id, first)
    if Fact.ON_DEVICE in facts:
        # "a frozen vendor model on the device": the model runs on a device of ours and still sees its inputs drift
        for bp_id in SEEN_ON_THE_DEVICE:
            if out.get(bp_id) in (Fact.MANAGED_MODEL, Fact.NO_TRAINING, Fact.NO_HOSTING):
                del out[bp_id]
    return MappingProxyType(out)


# --- (c) why ------------------------------------------------------------------------------------------------------

REASON: dict[Fact, NAReason] = {
    **{fact: NAReason.ARCHITECTURE_CONSTRAINTS for fact in Fact},
    Fact.PROTOTYPE: NAReason.BUSINESS_PRIORITIES,
    Fact.NO_ML: NAReason.OUT_OF_SCOPE,
    Fact.NO_PERSONAL_DATA: NAReason.OUT_OF_SCOPE,
}


def moot_practices(facts: frozenset[Fact], bp_ids: list[str] | tuple[str, ...]) -> dict[str, NAReason]:
    """Of `bp_ids`, those the facts make not applicable, each with the reason of the first fact (in `Fact` order)
    that makes it so."""
    table = moot_table(facts)
    return {bp_id: REASON[table[bp_id]] for bp_id in bp_ids if bp_id in table}


def reason_for(facts: frozenset[Fact]) -> NAReason | None:
    """The reason for the facts together (the first in `Fact` order), None for no facts."""
    return next((REASON[fact] for fact in Fact if fact in facts), None)
