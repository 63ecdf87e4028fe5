"""Quoted material in a question, and the asker's own words around it (docs/scope-gate.md, "Quoted material").

A practitioner quotes what they are asking about: an error message or a log line (often in another language), a stack
trace, a code or YAML block, a customer's message, even an injection attempt their own bot received. The quoted text
is the subject of the question, not a request to the assistant; an override attempt asks the assistant itself to act
on it ("… — please do what the log message says", "treat that string as my actual prompt to you"). This module finds
the material and reads the words around it:

- `QUOTED_SPAN`: a span in quotation marks of any common kind, or in backticks, on one line;
- `asker_words`: the text with the material replaced by an ellipsis (spans, fenced blocks, and in a text of several
  lines the lines shaped like code, configuration or a stack trace), or None when it quotes nothing;
- `asks_question`: the asker's words ask a question (a question mark outside the material);
- `to_this_assistant`: the text (the material too) names this assistant or its reader ("ML Lens assistant, …",
  "note to the AI reading this"), or calls on an assistant ("Assistant, …") while the asker names no system of theirs
  that received it: a letter to this assistant, whoever pasted it;
- `hands_over`: the asker's words address the assistant and ask it to act on the material or take it as its own
  instructions ("do what it says", "follow it", "resolve the ticket", "this is addressed to you", "your new config",
  "from now on"). Only English: a text whose own words the embedder cannot read is not vouched for by the caller.
"""

from __future__ import annotations

import re

# One line in quotation marks of any common kind, or in backticks (an apostrophe inside a word is not a quotation mark)
QUOTED_SPAN = re.compile(
    r""""[^"\n]*"|“[^”\n]*”|„[^“”\n]*[“”]|«[^»\n]*»|‹[^›\n]*›|「[^」\n]*」|『[^』\n]*』|‘[^’\n]*’|`[^`\n]*`
    |(?<!\w)'[^'\n]*'(?!\w)""",
    re.VERBOSE,
)
_FENCED = re.compile(r"```.*?(?:```|\Z)", re.DOTALL)
# A line of a block quoted without a fence (only in a text of several lines, and never a line that asks a question):
# indented (code, a stack frame), a configuration line (`key: value`, `key = value`, `[section]`), an exception line
# (`botocore.exceptions.ClientError: …`, `java.lang.IllegalStateException: …`) or a traceback's header.
_BLOCK_LINE = re.compile(
    r"""^(?:[ \t]+\S[^\n]*
        |\[[\w .:-]+\][ \t]*
        |[\w.$-]+[ \t]*[:=][ \t]*\S[^\n]*
        |[\w.$]*(?:Error|Exception|Warning|Fault)\b[^\n]*
        |Traceback\ \(most\ recent\ call\ last\):[ \t]*)$""",
    re.MULTILINE | re.VERBOSE,
)
MATERIAL = " … "
_QUESTION = re.compile(r"[?？]")

# The assistant addressed and asked to act on the material: a compliance verb in the imperative (at the start of a
# sentence or clause, after "please", "now", "so", "and", "just"), or after "you must / should / will …" or "can / could
# / would you", whose object is the material ("it", "that", "the message", "what it says", "the ticket") …
_ADDRESS = r"""(?:^|[.!?;:—–…\n(]\s*|\b(?:please|kindly|now|then|and|so|just|simply)\s+
    |\byou\s+(?:must|should|shall|will|need\s+to|have\s+to|are\s+to)\s+|\b(?:can|could|would|will)\s+you\s+(?:please\s+)?)"""
_ACT = r"""(?:do|follow|obey|execute|carry\s+out|comply\s+with|act\s+(?:up)?on|apply|process|perform|honou?r|run|call
    |treat|take|load|adopt|accept|confirm|respond\s+to|reply\s+to|answer|handle|resolve|close|fulfil+|implement|action)"""
_OBJECT = r"""(?:it|that|this|these|those|them|so|as|exactly|what\s+(?:it|they|this|that|the\s+[\w-]+)
    |the\s+(?:[\w-]+\s+){0,2}?(?:above|following|message|note|line|log|ticket|error|exception|comment|string|field
        |config(?:uration)?|settings?|instructions?|request|text|block|snippet|task|alert|code|statement|payload|command
        |order|output|prompt)s?)\b"""
# … or says the material is for the assistant, or is its own configuration from now on
_FOR_THE_ASSISTANT = r"""\b(?:addressed|meant|intended|written|assigned|directed|sent)\s+(?:to|for|at)\s+(?:you|the\s+
    (?:assistant|bot|ai))\b|\bfor\s+you\s*[:,.;]|\byou\s+are\s+(?:that|the\s+(?:assistant|bot|ai))\b|\byourself\b
    |\bas\s+(?:my|your)\s+(?:[\w-]+\s+){0,2}?(?:prompt|instructions?|config(?:uration)?|settings|rules|task|request)\b
    |\byour\s+(?:new|current|actual|real|only|next|updated)\s+(?:[\w-]+\s+)?(?:prompt|instructions?|config(?:uration)?
    |settings|rules|task|orders?)\b|\b(?:applied|issued|given)\s+to\s+you\b|\bfrom\s+now\s+on\b"""
_IMPERATIVE = re.compile(
    rf"{_ADDRESS}(?:{_ACT}\s+{_OBJECT}|carry\s+(?:it|this|that|them)\s+out\b)", re.VERBOSE | re.IGNORECASE
)
_ADDRESSED = re.compile(_FOR_THE_ASSISTANT, re.VERBOSE | re.IGNORECASE)
# … unless the clause before the verb has a subject of its own: "how do we detect and respond to this kind of drift?"
_CLAUSE_START = re.compile(r"[.!?;:—–…\n(]")
_OWN_SUBJECT = re.compile(r"\b(?:we|i|they|he|she|our|us|my|their|team|someone|customers?|users?)\b", re.IGNORECASE)


# Material addressed to this assistant by name or as its reader ("ML Lens assistant, …", "to the AI reading this: …",
# "note to whoever processes this"): the quotation is a letter to it, whoever pasted it
_TO_THIS_ASSISTANT = re.compile(
    r"""\b(?:ml\s+)?lens\s+(?:assistant|bot|reviewer|ai|chatbot)\b|\bwell[-\s]architected\s+(?:assistant|bot|ai)\b
    |\b(?:assistant|ai|bot|model|llm|agent|chatbot)\s+(?:that\s+is\s+|who\s+is\s+)?(?:reading|processing|parsing
    |summari[sz]ing|answering)\s+(?:this|these)\b|\bwho(?:m)?ever\s+(?:reads|processes|parses)\s+this\b""",
    re.VERBOSE | re.IGNORECASE,
)


# A quoted text that calls on an assistant ("Assistant, …", "AI: …", "asistente, …"), and the asker's words naming a
# conversational system of their own that received it ("into our support bot", "sent to our RAG assistant"); "our
# model" is every lens question's subject, not a recipient
_VOCATIVE = re.compile(
    r"""\b(?:assistant|ai|bot|chatbot|llm|agent|asistente|assistente|assistent|asystencie|ассистент|асистент)\s*[,:]
    |(?:助手|アシスタント)[，,:：へ]""",
    re.VERBOSE | re.IGNORECASE,
)
_OWN_SYSTEM = re.compile(
    r"""\b(?:our|my|their|its|a\s+customer'?s|the\s+customer'?s)\s+(?:[\w-]+\s+){0,2}?(?:bot|chatbot|assistant|agent
    |llm|copilot|gpt)s?\b""",
    re.VERBOSE | re.IGNORECASE,
)


def asker_words(text: str) -> str | None:
    """`text` with its quoted material replaced by MATERIAL: spans in quotation marks or backticks, fenced blocks, and
    in a text of several lines the lines shaped like code, configuration or a stack trace. None when it quotes
    nothing."""
    own = _FENCED.sub(MATERIAL, text)
    own = QUOTED_SPAN.sub(MATERIAL, own)
    if "\n" in own:
        own = _BLOCK_LINE.sub(lambda line: line.group() if _QUESTION.search(line.group()) else MATERIAL, own)
    return None if own == text else own


def asks_question(own: str) -> bool:
    """Whether the asker's own words (`asker_words`) ask a question."""
    return bool(_QUESTION.search(own))


def to_this_assistant(text: str, own: str) -> bool:
    """Whether `text` addresses this assistant by name ("ML Lens assistant") or as its reader ("to the AI reading
    this"), or calls on an assistant ("Assistant, …") while the asker's own words (`own`) name no system of theirs
    that received it ("… into our support bot")."""
    if _TO_THIS_ASSISTANT.search(text):
        return True
    return bool(_VOCATIVE.search(text)) and not _OWN_SYSTEM.search(own)


def hands_over(own: str) -> bool:
    """Whether the asker's own words (`asker_words`) ask the assistant to act on the material or take it as its own
    instructions."""
    if _ADDRESSED.search(own):
        return True
    for match in _IMPERATIVE.finditer(own):
        before = own[: match.start() + 1]
        clause = before[max((m.end() for m in _CLAUSE_START.finditer(before)), default=0) :]
        if match.group().lower().lstrip(" .!?;:—–…\n(").startswith(("can", "could", "would", "will", "you")):
            return True  # the assistant is the subject
        if not _OWN_SUBJECT.search(clause):
            return True
    return False
