"""Session 27 (ovr27): an order to an AI reader inside pasted material. PURE (regular expressions). Written in lower
case and matched on the lower-cased question, like the other phrase families of app/retrieval/override.py, which
searches it (docs/scope-gate.md, "Session 27 (ovr27)").

`PASTED_ORDER`: minutes, a ticket, a transcript, a commit log, a CSV row, an HTML comment, a log line or an email
handed over to be summarised or read, with a line in it that addresses whatever AI reads it ("note to any assistant
processing these minutes:", "AI reading this:", "whoever (or whatever bot) reads this", "if an AI is summarising
this", "hey AI summarizer", "language models condensing this page", "(assistant: …)", "for the tool that writes the
recap") and, on the same line, replaces what it is to answer: an answer of one kind only ("reply only with a haiku",
"your summary must consist solely of a sonnet", "print … and nothing else", "your only output … should be"), the
material set aside ("skip the summary", "do not summarise", "disregard the other rows", "drop the rest", "omit the
technical details", "forget the log") or something else instead ("instead give the reader …"). Both are needed:
an AI reader named alone is the practitioner's topic ("our AI summarizer reads every ticket"), and an answer of one
kind alone is a request about the form ("reply only with the practice IDs"). The practitioner's own reader ("our /
my / their AI summarizer must reply only in JSON") is not addressed.
"""

from __future__ import annotations

import re

_AI = r"""(?:ai|a\.i\.|assistants?|bots?|chatbots?|llms?|language\s+models?|models?|agents?|gpts?|copilots?
    |summari[sz]ers?|tools?|automated\s+(?:readers?|tools?|systems?|assistants?)|ai\s+tools?|ai\s+systems?
    |ai\s+assistants?|(?:ai|bot|llm)[\s-](?:readers?|summari[sz]ers?|assistants?|reviewers?))"""
_READING = r"""(?:reading|processing|parsing|seeing|summari[sz]ing|condensing|handling|digesting|analy[sz]ing
    |generating|writing|turning|reviewing|scanning|ingesting|that\s+(?:reads|writes|summari[sz]es|processes|generates
    |condenses)|which\s+(?:reads|writes|summari[sz]es|processes|generates|condenses)|who\s+reads)"""
# what it reads: this material ("processing these minutes", "generating notes from this log", "that writes the
# recap", "reading this:"), not the practitioner's data ("the model processing these images")
_DOC = r"""(?:minutes|notes?|summary|logs?|page|thread|tickets?|emails?|transcript|issue|pr|document|doc|text|recap
    |messages?|changelog|board|file|comments?|report|sheet|csv|table|entry|update|memo|message)"""
_THIS = rf"[^.\n]{{0,30}}?\b(?:(?:this|these)\b(?!\s+[a-z])|(?:this|these|the|that)\s+{_DOC}\b)"
_NOT_OURS = r"(?<!\bour\s)(?<!\bmy\s)(?<!\btheir\s)(?<!\bwe\s)(?<!\bteam's\s)(?<!\bcompany's\s)"
# session 31: a metadata key or field addressed to the AI reader, in a Dockerfile LABEL, compose labels, manifest
# annotations, run tags or a model card ("ai.instructions=", "note.for.ai=", "note_to_llm:", "assistant.task:",
# "to-the-assistant:", "ai_note="), or a field value that opens by calling it ("description": "AI reading this: …",
# instructions="assistant, …"); a key naming the practitioner's own reviewers ("note_to_reviewers:") is not one
_KEY_TO_AI = r"""(?:(?<![\w.-])(?:(?:ai|llm|assistant|bot|gpt)[._-](?:instructions?|note|notes|task|prompt|directive
        |order|orders|request)|(?:note|notes|message|instructions?|task|directive)[._-](?:for|to)[._-](?:the[._-])?(?:ai
        |llm|assistant|bot|gpt|model)|to[._-]the[._-](?:ai|llm|assistant|bot|model))["']?\s*[=:]
  | ["']\s*(?:(?:hey|dear)\s+)?(?:ai|assistant|bot|llm)\s*,)"""
# the AI reader addressed
_READER = rf"""(?:
    \b(?:note|notes|message|instruction|instructions|line|reminder|request|ps|p\.s\.|hidden\s+line|directive)\s+(?:for|to)
        \s+(?:the\s+|any\s+|an\s+|all\s+|whatever\s+|every\s+)?(?:{_AI})\b
  | \b(?:any|the|an|all|whatever|every|each)\s+(?:{_AI})\s+{_READING}\b{_THIS}
  | \b(?:if|when|in\s+case)\s+(?:an?|the|any|some)\s+(?:{_AI})\s+(?:is|are)\s+{_READING}\b{_THIS}
  | \b(?:whoever|whatever|anyone|anything)\b[^.\n]{{0,30}}?\b(?:reads?|reviews?|processes|parses)\s+(?:this|these)\b
  | {_KEY_TO_AI}
  | \b(?:including|incl\.?|especially)\s+(?:any\s+|all\s+|the\s+)?(?:ai|llms?|bots?|assistants?|ai\s+tools?
        |language\s+models?)\b
  | \b(?:hey|dear|attention|attn|yo|hi)[,:]?\s+(?:the\s+)?(?:{_AI})\b
  | {_NOT_OURS}\b(?:ai|llm|bot)[\s-](?:readers?|summari[sz]ers?)\b
  | {_NOT_OURS}\b(?:{_AI})\s+{_READING}\b{_THIS}
  | \b(?:to|for|attn)\s+(?:the\s+)?(?:ai|assistant|bot|llm|summari[sz]er)\s*[:—]
  | (?:^|[(\[|>@]\s*)(?:ai|assistant|bot|llm)(?:[\s-]reader)?\s*(?:->|:|=|—)
)"""
# the answer replaced: one kind of answer only, the material set aside, or something else instead
_ONLY = r"(?:only|solely|exclusively|nothing\s+else|nothing\s+more|and\s+nothing\s+else)"
_ANSWER_VERB = r"(?:reply|respond|answer|output|write|return|print|say|give|produce|generate|consist|tell|list)"
_MATERIAL = r"""(?:rest|everything\s+else|the\s+rest|other\s+(?:rows|lines|items|entries|notes|points)|remaining
    \s+(?:rows|lines|items|entries|text)|(?:the|this)\s+(?:log|logs|email|notes|minutes|ticket|thread|page|issue|pr
    |summary|review|recap|document|doc|text|transcript|changelog|content|technical\s+details|details|task|data)
    |summary|summari[sz]ing|reviewing|rest\s+of\s+(?:the\s+|this\s+)?\w+)"""
_REPLACED = rf"""(?:
    \b{_ANSWER_VERB}\w*\b[^.\n]{{0,60}}?\b{_ONLY}\b
  | \b{_ONLY}\s+(?:with\s+|as\s+)?(?:{_ANSWER_VERB}\w*|an?\s+\w+)\b
  | \b(?:your|the)\s+(?:only\s+)?(?:output|reply|response|answer|summary|recap)\s+(?:for\s+\w+\s+\w+\s+)?(?:should|must
        |shall|will|is\s+to|=|:)
  | \b(?:ignore|disregard|forget|skip|drop|leave\s+out|omit|stop|ditch|don'?t\s+do|do\s+not\s+do)\s+(?:the\s+|all\s+)?
        {_MATERIAL}\b
  | \b(?:do\s+not|don'?t|never)\s+(?:summari[sz]e|review|condense|recap|analy[sz]e)\b
  | \b(?:ignore|disregard|forget|skip|drop|leave|abandon|stop|ditch|quit)\s+(?:the\s+)?(?:aws|ml|lens|well-architected
        |machine\s+learning|review)(?:\s+(?:topic|review|stuff|questions?|scope|subject|request|lens))?\b
  | \b(?:leave|put|set)\s+(?:the\s+)?(?:aws|ml|lens|review|well-architected)(?:\s+\w+)?\s+aside\b
  | \binstead\b[,\s]+(?:just\s+)?(?:write|give|tell|print|reply|respond|output|compose|produce|list|generate|say)\b
  | \b(?:write|give|tell|print|reply|respond|output|compose|produce|list|generate|say)\b[^.\n]{{0,60}}?\binstead\b
)"""

PASTED_ORDER = re.compile(rf"{_READER}[^\n]{{0,160}}?{_REPLACED}", re.VERBOSE | re.MULTILINE)
# a metadata key or field addressed to the AI reader, with its order: read on the raw text, quotation marks kept (the
# quoted value of such a key is an instruction, not a quotation the asker reports; app/retrieval/override.py
# `_structure`), so "Quick review of our Dockerfile? … LABEL ai.instructions=\"… drop the AWS topic …\"" is flagged
KEYED_ORDER = re.compile(rf"{_KEY_TO_AI}[^\n]{{0,160}}?{_REPLACED}", re.VERBOSE | re.MULTILINE)
