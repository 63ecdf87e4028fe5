"""The instruction-override detector: does a message try to replace the assistant's instructions, rules, persona or
scope, or to make it reveal them? PURE (regular expressions and the standard library).

Recognised by phrasing (families of wording, each aimed at the assistant's own instructions and never at the
practitioner's system), by structure (chat markup, role fields, fake turns), and through disguises (spaced, dotted or
split letters, digits for letters, look-alike characters, reversed text, ROT13, base64 and hex payloads). The scope gate
(app/retrieval/scope.py) refuses an override attempt in every mode, and the QA service checks it before any rewrite,
search or model call (docs/scope-gate.md).
"""

from __future__ import annotations

import re
from functools import lru_cache

# Attempts to replace the assistant's instructions or role. Matched on the question outside quotation marks, so a
# practitioner quoting an attack they saw ("someone typed 'ignore previous instructions'") is not one.
_OVERRIDE = re.compile(
    r"""
    \b(?:ignore|disregard|forget|override)\b[^.?!\n]{0,40}?\b(?:
        (?:your|all|any)\s+(?:previous\s+|prior\s+|earlier\s+|original\s+|safety\s+)?
            (?:instructions|rules|guidelines|prompts?|settings|restrictions|programming)
        | (?:previous|prior|above|earlier)\s+(?:instructions|rules|messages|prompts?|context)
        | (?:instructions|rules)\s+above
        | the\s+(?:ml\s+)?lens | everything\s+(?:you|before|above) )
    | \byou(?:\s+are|'re|\s+r)\s+(?:now|no\s+longer)\b
    | \byou(?:\s+are|'re)\s+not\s+(?:an?\s+)?(?:\w+\s+){0,3}?(?:assistant|bot|chatbot|advisor)\s+any\s?more\b
    | \byour\s+(?:real|true|actual|new)\s+(?:purpose|job|role|task|goal|instructions)\s+(?:is|are)\b
    | \b(?:previous|prior|above|earlier)\s+(?:context|conversation|prompt|instructions)\s+(?:was|were)
        \s+(?:just\s+)?a\s+test\b
    | \bnow\s+the\s+real\s+(?:task|question|instructions)\b
    | \bend\s+of\s+(?:the\s+)?(?:lens\s+|system\s+)?(?:context|instructions|prompt)\b
    | \b(?:print|repeat|output|show|dump|copy)\b[^.?!\n]{0,20}?\b(?:everything|all(?:\s+the)?\s+text|what\s+(?:was|is))
        \s+(?:above|before)\b
    | \bwhat\s+(?:were|was)\s+you\s+(?:told|given|instructed)\s+(?:before|at\s+the\s+start)\b
    | \b(?:bypass|disable|turn\s+off|switch\s+off|lift|drop)\s+(?:your|the)\s+(?:\w+\s+){0,2}?(?:filters?|restrictions?
        |rules|guardrails|limits|limitations|scope\s+(?:check|limit|restriction))\b
    | \b(?:override|unlock)\s+(?:code|key|password|mode)\b | \bunlock\s+(?:\w+\s+)?mode\b | ^\s*override\s*:
    | \b(?:then|and)\s+(?:do|follow|execute|obey)\s+(?:what\s+it\s+says|it|them|those\s+instructions)\b
    | \b(?:pretend|imagine|assume)\s+(?:that\s+)?the\s+(?:ml\s+)?lens\s+(?:includes|has|contains|covers|says)\b
    | \bfrom\s+now\s+on\b[^.?!\n]{0,40}?\b(?:you|act|reply|answer|respond)\b
    | \b(?:pretend\s+(?:you\s+are|you're|to\s+be)|role-?play\s+as|let's\s+role-?play)\b
    | (?:^|[.!?:]\s*|\bplease\s+|\bnow\s+|\byou\s+(?:will|must|should)\s+)act\s+as\b
    | \b(?:developer|maintenance|god|admin|unrestricted)\s+mode\b
    | \b(?<!against\s)(?<!against\sa\s)(?:jailbreak|jailbroken)\b(?!\s*(?:prompts?|attempts?|attacks?|tests?|testing
        |detection|detectors?|resistance|defen[cs]es?|risks?|techniques?|patterns?|examples?|-?proof))
    | \bdo\s+anything\s+now\b
    | \b(?:print|reveal|output|repeat|dump|translate|show\s+me)\b[^.?!\n]{0,30}?
        \b(?:system\s+prompt|hidden\s+(?:prompt|instructions)
        |your\s+(?:hidden\s+|secret\s+|internal\s+|original\s+|initial\s+)?(?:instructions|prompt|system\s+message
            |configuration|rules)
        |(?:api|secret)\s+keys|secrets|credentials|passwords)
    | ^\s*(?:system|admin|administrator|developer|operator|root)(?:\s+\w+)?\s*:
    | \bnew\s+(?:instructions|task|rules)\b\s*(?:from\b|:) | (?:^|[.!?]\s*)new\s+rule\s*:
    | \#\#\#\s*end\s+of
    | \bstop\s+being\s+an?\b
    | \byou\s+have\s+no\s+(?:restrictions|rules|limits|ethics|filters)
    | \bwith\s+no\s+(?:ethics|restrictions|filters)\b
    | \bi(?:\s+am|'m)\s+your\s+(?:developer|creator|admin|administrator|owner|operator)\b
    | \b(?:authori[sz]e|permit)\s+you\s+to\s+(?:ignore|bypass|break|disable|(?:drop|lift|leave)\s+(?:the|your)\s+
        (?:\w+\s+)?(?:rules|restrictions?|filters?|guidelines|lens|scope))\b
    | \b(?:ignore|disregard|forget)\s+(?:all\s+of\s+)?(?:the|everything)\s+above\b(?!-)
    | \bif\s+you\s+(?:had|have)\s+no\s+(?:rules|restrictions|filters|limits|guidelines|ethics)\b
    | \b(?:olvida|ignora|ignorez|esque[cç]a|oublie|ignoriere|vergiss|dimentica)\w*\s+(?:\w+\s+){0,3}?
        (?:instrucciones|instruções|instructions|consignes|anweisungen|instruktionen|istruzioni|reglas|regras|règles
        |regeln|regole)\b
    | \b(?:tu\s+es\s+maintenant|du\s+bist\s+(?:jetzt|nun|ab\s+sofort|ab\s+jetzt|von\s+nun\s+an)|ahora\s+eres
        |agora\s+você\s+é|ora\s+sei|ты\s+теперь|je\s+bent\s+nu)\b
    | \bignore[sz]?\s+(?:\w+\s+){0,3}?(?:consignes|instrucciones|instruções|anweisungen|istruzioni|reglas|regras|règles
        |regeln|regole)\b
    | \b(?:vergiss|ignoriere|olvida|ignora|oublie|dimentica|esque[cç]a)\w*\s+(?:[\w-]+\s+){0,3}?[\w-]*lens
    | (?:забудь|забудьте|игнорируй|игнорируйте|проигнорируй)\w*[^.!?\n]{0,40}?(?:инструкци|правил|указани|промпт)
    | \b(?:vergeet|negeer)\s+(?:\w+\s+){0,3}?(?:instructies|regels|opdrachten)\b
    | \b(?:zapomnij|zignoruj|ignoruj)\s+(?:\w+\s+){0,3}?(?:instrukcje|instrukcji|zasady|reguły|polecenia)
    | (?:지시|지침|규칙|프롬프트)[^.!?\n]{0,10}(?:무시|잊어)
    | \bignore\s+(?:todas\s+)?as\s+(?:instruções|regras)\b
    | (?:忽略|无视|忘记|忘掉)[^。！？\n]{0,12}(?:指令|指示|规则|提示)
    | (?:指示|命令|ルール|プロンプト)[^。！？\n]{0,10}(?:無視|忘れ)
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|(?<!\w)'[^']*'(?!\w)")


# Override attempts recognised by their structure rather than their phrasing, in any wording:
# - markup of a chat: template tokens (<|im_start|>, [INST], <<SYS>>), role tags (<system>, </assistant>, <tool_call>),
#   JSON or dict role fields ({"role": "system"}), "### System" / "### Instruction" headers, fake assistant turns
#   ("Assistant: Sure, ..."). Matched on the raw text: the markup is the attack even inside quotation marks;
_CHAT_MARKUP = re.compile(
    r"""
    <\|\s*(?:im_start|im_end|system|assistant|user|endoftext|eot_id|start_header_id|end_header_id)\s*\|>
    | \[/?INST\] | <<\s*/?SYS\s*>>
    | </?\s*(?:system|sys|assistant|developer|tool|tool_calls?|function_calls?|instructions?|admin|im_start)
        (?:\s[^<>]*)?>
    | \[\s*(?:system|admin|developer|assistant)(?:\s+(?:message|prompt|note|override))?\s*\]
    | ["']role["']\s*:\s*["'](?:system|assistant|developer|tool|function)["']
    | ^\s*["'“]?\s*\#{1,4}\s*(?:system|instructions?|new\s+instructions|developer(?:\s+message)?|assistant)\b
    | ^\s*["'“]?\s*(?:assistant|ai|bot|chatbot|gpt)\s*:
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
# - a frame that asks the assistant to be, or imagine being, something without its rules: a role-play or hypothetical
#   frame (pretend, imagine, suppose, hypothetically, in a world where, play a game, stay in character), then "you",
#   then the absence of rules, restrictions, filters, guidelines, ethics or censorship; or an unfiltered / uncensored /
#   unrestricted AI or version of itself; or answering without restrictions. Matched outside quotation marks.
_NO_RULES = r"""(?:no|zero|without|free\s+(?:of|from)|not\s+bound\s+by|unbound\s+by|exempt\s+from|outside|beyond
    |ignoring|escaped|broke\s+free\s+(?:of|from)|unshackled\s+from|rid\s+of)
    \s+(?:[\w']+\s+){0,3}?(?:rules|restrictions|filters|filtering|guidelines|ethics|morals|censorship|content\s+polic(?:y|ies)
    |limitations|limits|safety\s+(?:rules|filters|guidelines|training)|programming|guardrails|alignment)\b"""
_ROLE_FRAME = re.compile(
    r"\b(?:pretend|imagine|picture|envision|suppose|assume|hypothetically|let'?s\s+say|in\s+a\s+(?:fictional\s+|parallel\s+)?world"
    r"|in\s+this\s+story|play\s+a\s+game|role-?play|simulate|act\s+like|behave\s+(?:like|as)|(?:answer|respond|reply)"
    r"\s+as\s+if)\b[^.?!\n]{0,80}?\b(?:you(?:'re|'d|\s+(?:are|were|had|have|could|can|did|do|would|will))?"
    r"|(?:ai\s+)?(?:assistants|chatbots)|an?\s+(?:ai\s+)?(?:assistant|chatbot))\b[^.?!\n]{0,60}?"
    + _NO_RULES
    + r"|\b(?:stay|remain)\s+in\s+character\b|\b(?:never|don'?t|do\s+not)\s+break\s+character\b"
    r"|\b(?:unfiltered|uncensored|unrestricted|unaligned|jailbroken|evil)\s+(?:ai|assistant|chatbot|bot|version|twin"
    r"|mode|persona)\b"
    r"|\b(?:an?|the)\s+(?:ai|assistant|chatbot|bot|model|llm)\s+(?:with\s+)?"
    + _NO_RULES
    + r"|\b(?:an?|the)\s+(?:ai|assistant|chatbot|bot)\s+(?:that|which|who)\s+(?:(?:has|had|is|was)\s+)?"
    + _NO_RULES
    + r"|\b(?:answer|respond|reply|speak|talk)\w*\b[^.?!\n]{0,40}?\b(?:without|with\s+no|free\s+of)\s+(?:any\s+)?"
    r"(?:restrictions|rules|filters|filtering|censorship|limitations|guidelines|ethics|morals)\b",
    re.IGNORECASE | re.VERBOSE,
)


# Override families in general forms (structure and intent rather than one phrasing each). The object of a family
# is always the assistant's own instructions, rules, prompt, persona or scope, never the practitioner's system:
_ASSISTANT_RULES = r"""(?:
    your\s+(?:own\s+|current\s+|previous\s+|prior\s+|original\s+|initial\s+|hidden\s+|system\s+|safety\s+|core\s+)?
        (?:instructions|rules|guidelines|prompt|system\s+prompt|programming|restrictions|constraints|directives|guardrails
        |filters|limitations|policies|policy|persona|training|scope|boundaries|instructions\s+and\s+rules)
    | (?:all|any|these|those|the)\s+(?:previous|prior|earlier|above|preceding|initial|original|system|existing)\s+
        (?:instructions|directions|directives|prompts?|messages|context|guidance|rules)
    | the\s+(?:ml\s+|well-architected\s+)?lens\b | the\s+well-architected\s+(?:stuff|rules|framework|scope)
    | (?:the|your)\s+(?:topic|scope|lens)\s+(?:restrictions?|limits?|filters?|checks?|rules?) )"""
_OVERRIDE_FAMILIES = re.compile(
    r"""
    # dismissing them: set aside / never mind / stop following / don't follow ... your instructions / the lens
    \b(?:set|put|leave|push)\s+aside\b[^.?!\n]{0,30}?"""
    + _ASSISTANT_RULES
    + r"""
    | \b(?:ignore|disregard|forget|override|drop|never\s+mind|skip|abandon|discard|ditch|suspend|circumvent|get\s+around
        |work\s+around|break|violate
        |throw\s+out|stop\s+(?:following|obeying|using|applying)|(?:do\s+not|don'?t|no\s+longer)\s+(?:follow|obey|apply)
        |pay\s+no\s+attention\s+to|step\s+outside(?:\s+of)?)\s+"""
    + _ASSISTANT_RULES
    + r"""
    # declaring them void or replaced
    | \b(?:your|the)\s+(?:previous\s+|prior\s+|original\s+|old\s+|system\s+)?(?:instructions|rules|guidelines|prompt
        |restrictions|programming|directives)\s+(?:(?:are|is|have\s+been|has\s+been)\s+(?:now\s+)?(?:void|cancell?ed
        |revoked|lifted|removed|suspended|disabled|replaced|updated|outdated|obsolete|no\s+longer\s+valid)
        |no\s+longer\s+(?:apply|matter|count|exist))\b
    | \b(?:drop|forget|ignore|disregard|abandon|discard|ditch|set\s+aside|put\s+aside|throw\s+away|clear)\s+(?:whatever
        |everything|anything|all|what)\s+(?:that\s+)?you\s+(?:were|have\s+been|'ve\s+been|got)\s+(?:configured|told|instructed
        |programmed|given|set\s+up|trained)\b
    | \b(?:the\s+(?:usual\s+|normal\s+|regular\s+|standard\s+|default\s+)?|your\s+(?:usual\s+|normal\s+)?)(?:rules
        |restrictions|guidelines|instructions|filters|limits)\s+(?:don'?t|do\s+not|no\s+longer|won'?t|doesn'?t|does\s+not)
        \s+apply\b(?!\s+to\s+(?!me\b|us\b|this\s+(?:chat|conversation|session)\b))
    | \brules\s+are\s+(?:meant|made)\s+to\s+be\s+broken\b | \bopposite\s+day\b
    | \brefus\w*\s+(?:now\s+)?means\s+(?:answer|comply|say\w*\s+yes)
    | \byour\s+(?:context|memory|instructions|conversation|prompt)\s+(?:was|were|has\s+been|have\s+been|is|got)\s+
        (?:reset|wiped|cleared|erased|deleted)\b
    | \byour\s+new\s+(?:persona|name|identity|role|character|personality)\s+(?:is|will\s+be)\b
    | \b(?:forget|ignore|disregard)\s+(?:the\s+fact\s+)?(?:that\s+)?you(?:'re|\s+are)\b
    | \b(?:supersedes?|overrides?|takes?\s+precedence\s+over|replaces?|cancels?)\s+(?:(?:all|any)\s+(?:\w+\s+)?
        (?:instructions|prompts?)|your\s+(?:\w+\s+)?(?:instructions|prompt|rules|guidelines))\b
    | \bfrom\s+your\s+(?:trusted\s+|real\s+|actual\s+)?(?:operator|developer|admin|administrator|creator|owner|maker
        |provider)s?\b
    | (?:^|[.!?]\s+)this\s+is\s+(?:the\s+|your\s+)?(?:aws|amazon|openai|anthropic)\s+(?:support|admin(?:istrator)?
        |operator|security|staff)\b(?!\s+team)
    | \bno\s+need\s+to\s+(?:stick\s+to|follow|stay\s+(?:within|on)|bother\s+with|respect)\s+(?:your\s+|the\s+)?
        (?:ml\s+)?(?:rules|instructions|guidelines|scope|topic|lens|well-architected)
    | \b(?:scope|safety|guardrails?|restrictions?|moderation|lens|censor(?:ship)?|content|topic)
        (?:[_-](?:check|filter|mode|enabled|on)\s*[=:]|\s*=)\s*["']?(?:false|off|0|none|disabled|no|null)\b
    | \brm\s+-\w+\s+\S*(?:rules|restrictions|guardrails|filters|safety|scope|prompt)
    | \byou\s+(?:have\s+been|were\s+just|are\s+now|got)\s+(?:updated|reprogrammed|upgraded|unlocked|freed|liberated
        |jailbroken|released|reset)\b
    | \byou(?:\s+are|'re)\s+(?:now\s+)?(?:free|allowed|permitted|authori[sz]ed|cleared)\s+to\s+
        (?:ignore|disregard|forget|bypass|break|answer\s+(?:anything|everything|any\s+(?:question|topic))|talk\s+about\s+anything
        |discuss\s+anything)\b
    | \byou\s+(?:no\s+longer|don'?t|do\s+not)\s+(?:have|need)\s+to\s+(?:follow|obey|stick\s+to|stay\s+(?:within|on)
        |respect|limit\s+yourself\s+to)\b
    # swapping the persona: assume the role of, become, switch into a persona or an unlocked mode
    | (?:^|[.!?:]\s*|\bplease\s+|\bnow\s+|\byou\s+(?:will|must|should)\s+)(?:assume|take\s+on|adopt|play)\s+(?:the\s+)?
        (?:role|persona|identity|character)\s+of\b
    | \b(?:stop|quit|cease)\s+(?:being|acting\s+(?:as|like)|pretending\s+to\s+be)\s+(?:an?|the|my)\b
    | \b(?:enable|activate|enter|engage|unlock|switch\s+(?:to|into|on)|turn\s+on|go\s+into)\s+(?:the\s+)?
        (?:developer|admin|god|unrestricted|unfiltered|uncensored|jailbreak|jailbroken|dan|evil|chaos|root|sudo
        |super\s*user|unlocked|opposite|no[-\s]limits?|anything[-\s]goes)\s+mode\b
    | \b(?:dan|developer|admin|god|jailbreak|unrestricted|unfiltered|uncensored|sudo|root)\s+mode\s+
        (?:on|enabled|activated|unlocked|engaged)\b
    # asking for its instructions: tell me / give me / share / list ... your system prompt or instructions
    | \b(?:tell\s+me|give\s+me|share|display|leak|paste|recite|spell\s+out|disclose|expose|quote|list|summari[sz]e
        |write\s+(?:out|down))\b[^.?!\n]{0,25}?\byour\s+(?:full\s+|exact\s+|complete\s+|entire\s+|original\s+|initial\s+
        |hidden\s+|secret\s+|internal\s+|system\s+)*(?:system\s+prompt|prompt|instructions|configuration|system\s+message
        |preamble|directives|guidelines|rules)\b
    | \b(?:rules|instructions|guidelines|prompts?|directives|policies)\s+(?:were\s+you|have\s+you\s+been|did\s+you\s+get
        |you\s+were|you'?ve\s+been|you\s+have\s+been|you\s+got)\s+(?:given|told|configured|programmed|trained|set\s+up)\b
    | \byour\s+(?:own\s+)?(?:(?:actual|real|true|current|exact|full|hidden|secret|internal|initial|original|own)\s+)?
        (?:system\s+prompt|system\s+message|context\s+window)\b
    | \byour\s+(?:own\s+)?(?:hidden|secret|internal|initial|original)\s+(?:prompt|instructions|configuration|rules)\b
    | \bwhat\s+(?:are|were|is|was)\s+your\s+(?:exact\s+|original\s+|initial\s+|hidden\s+|secret\s+|system\s+)*
        (?:system\s+prompt|instructions|initial\s+prompt|system\s+message|directives)\b
    # smuggled instructions: follow / carry out what the text says, the instructions hidden in it
    | \b(?:do|follow|execute|obey|carry\s+out|perform|run)\s+(?:exactly\s+)?(?:what(?:ever)?)\s+(?:it|the\s+\w+|this)
        \s+(?:says|tells\s+you|asks)\b
    | \b(?:and|then)\s+(?:then\s+)?(?:carry\s+(?:it|them|that)\s+out|act\s+on\s+(?:it|them))\b
    | \b(?:follow|execute|obey|carry\s+out)\s+the\s+(?:hidden|encoded|embedded|decoded|secret)\s+(?:instructions
        |commands|message)\b
    # fake boundaries of the conversation
    | \b(?:begin(?:ning)?|start)\s+(?:of\s+)?(?:a\s+|the\s+)?(?:new|real|actual)\s+(?:conversation|session|instructions
        |task|prompt|system\s+prompt)\b
    | ^\s*[-=*#\[]{0,5}\s*new\s+(?:conversation|session|chat)\s*(?:[-=*#\]]{2,}|[.:])
    | \bend\s+of\s+(?:the\s+)?(?:lens\s+|system\s+)?(?:system\s+message|conversation|document|lens)\s*[-=*#\]]*\s*[.:]
    # answering regardless of the scope, or leaving the lens unmentioned
    | \b(?:answer|respond|reply)\w*\b[^.?!\n]{0,40}?\b(?:regardless\s+of|no\s+matter)\s+(?:what\s+)?(?:your|the)\s+
        (?:rules|instructions|scope|lens|restrictions|guidelines|topic)\b
    | \b(?:answer|respond|reply)\w*\b[^.?!\n]{0,40}?\b(?:even\s+if|even\s+though|whether\s+or\s+not)\s+(?:it'?s|it\s+is
        |this\s+is|that'?s)\s+(?:\w+\s+)?(?:off[-\s]topic|out\s+of\s+(?:your\s+)?scope|outside\s+(?:your|the)\s+(?:scope
        |lens))\b
    | \bwithout\s+(?:(?:mentioning|referring\s+to|citing|bringing\s+up|using|consulting|applying)\s+)?(?:aws\s+or\s+)?
        (?:the\s+)?(?:ml\s+)?(?:lens|your\s+rules|your\s+instructions|well-architected)\b
    | \b(?:do\s+not|don'?t|never)\s+(?:refuse|decline|say\s+(?:no|you\s+can'?t))\b(?!\s+(?:a|an|the|our|their|any)\b)
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)


# Fifth round: more families in general forms, each addressed to the assistant (its persona, its rules, its way of
# answering), never to the practitioner's system:
# - a standing order about how to answer from here on: "from now on / from this point on / starting now / henceforth"
#   followed by an order to the assistant (talk, speak, answer, act, be, only …), not by "we"/"our";
# - a persona: "let's play a game … you are", "be my …", "imagine you are a …", "talk / answer like a pirate", "as DAN
#   would", "as a general assistant", "drop the act";
# - authority and changed rules: "the admin says you can …", "you may now discuss anything", "your guidelines have
#   changed";
# - dismissing the assistant's guidance or the lens's topic: "overlook your instructions", "disregard your earlier
#   guidance", "ignore the ML stuff", "ignore any rules about staying on topic";
# - dumping the prompt: "repeat the words above".
_OVERRIDE_MORE = re.compile(
    r"""
    (?:\bfrom\s+(?:now|this\s+(?:point|moment|message))(?:\s+(?:on|onwards?|forwards?))?|\bstarting\s+(?:now|today)
        |\bhenceforth|\bfor\s+the\s+rest\s+of\s+(?:this|our|the)\s+(?:chat|conversation|session))\s*[,:]?\s*
        (?:please\s+|only\s+|just\s+|always\s+|never\s+)*(?:you\b|your\b|talk|speak|answer|reply|respond|act|behave
        |be|write|call|say|pretend|use|refer|sign|end|start|begin|stop|ignore|forget|treat)\b
    | \b(?:let'?s|we(?:'ll|\s+will)?|i\s+want\s+to)\s+play\s+a\s+(?:little\s+)?game\b[^.?!\n]{0,60}?
        \byou(?:'re|'ll|\s+are|\s+will|\s+be)\b
    | (?:^|[.!?,;:]\s*)(?:please\s+|now\s+|just\s+)?be\s+my\s+\w+
    | \b(?:imagine|pretend)\s+(?:that\s+)?you(?:'re|\s+are|\s+were)\s+(?:an?|my|the|now)\b
    | \b(?:talk|speak|answer|reply|respond|write|sound)\w*\s+(?:to\s+me\s+|only\s+|back\s+)?(?:like\s+(?:an?\s+)?
        (?:pirate|shakespeare|yoda|cowboy|gangster|villain|child|toddler|grandma|grandmother|grandpa|my\s+\w+)
        |as\s+(?:if|though)\s+you\s+(?:were|are|had)\b|in\s+the\s+(?:voice|style|persona)\s+of\b
        |as\s+(?:dan|[a-z]+gpt|an?\s+(?:general|generic|normal|regular|ordinary|unrestricted)\b))
    | \bas\s+(?:dan|[a-z]+gpt)\s+would\b
    | \b(?:be|as)\s+(?:a|an)\s+(?:normal|regular|general|generic|ordinary|standard|general[-\s]purpose)\s+(?:ai\s+)?
        (?:assistant|chatbot|chat\s*bot|bot|ai)\b
    | \bdrop\s+(?:the|this|your)\s+(?:act|persona|pretence|pretense|character|charade)\b
    | \b(?:the\s+)?(?:admin|administrator|developer|operator|owner|creator|boss|management|manager)s?\s+(?:says?|said
        |told\s+me|wants|allows?|allowed)\s+(?:that\s+)?you\s+(?:can|may|should|must|are\s+allowed|are\s+free|to)\b
    | \byou\s+(?:can|may|are\s+allowed\s+to|are\s+free\s+to)\s+now\s+(?:talk|discuss|answer|speak|respond|help|chat)
    | \byou\s+(?:can|may)\s+(?:now\s+)?(?:talk|discuss|answer|speak|chat)\s+(?:about\s+)?(?:anything|everything
        |any\s+(?:subject|topic|question))\b
    | \byour\s+(?:guidelines|rules|instructions|restrictions|scope|settings|limits|programming|configuration)
        \s+(?:have|has)\s+(?:been\s+)?(?:changed|updated|lifted|removed|expanded|widened|relaxed)\b
    | \b(?:ignore|disregard|forget|overlook|skip|drop|ditch|never\s+mind)\s+(?:about\s+)?(?:the|your|all\s+the|that)
        \s+(?:ml|lens|aws|well-architected|machine\s+learning|cloud)\s+(?:stuff|things?|part|topics?|focus|bits|nonsense)\b
    | \b(?:overlook|pay\s+no\s+mind\s+to|look\s+past)\s+(?:your|all|any|the)\s+(?:\w+\s+)?(?:instructions|rules
        |guidelines|restrictions|prompt)\b
    | \b(?:ignore|disregard|forget|overlook|drop)\s+(?:your|all|any|the)\s+(?:earlier|previous|prior|initial|original
        |current|usual|default|system)\s+(?:guidance|directions|briefing|setup|orders|configuration|constraints)\b
    | \b(?:ignore|disregard|forget|drop|skip)\s+(?:any|all|the|your)\s+(?:rules?|restrictions?|instructions|limits?)
        \s+(?:about|on|for|around)\s+(?:staying|keeping|sticking)\s+(?:on|to)\s+(?:the\s+)?(?:topic|lens|scope|subject)
    | \b(?:forget|ignore|disregard)\s+(?:what|everything|anything)\s+(?:you\s+were|you'?ve\s+been|you\s+have\s+been)
        \s+(?:told|given|instructed|asked)\b
    | \b(?:repeat|print|output|recite|copy)\s+(?:out\s+)?(?:the\s+|all\s+the\s+)?(?:words|text|lines|sentences
        |message|messages|instructions)\s+(?:above|before\s+this)\b
    """,
    re.IGNORECASE | re.VERBOSE | re.MULTILINE,
)
# Obfuscated spelling: the override patterns are also tried on a de-obfuscated copy of the text (compatibility forms
# and zero-width characters, Latin look-alikes inside Latin words, digits for letters inside words, spaced-out or
# dotted letters, words joined by underscores or hyphens), and, for text with no common English word at all, on its
# reversal and its ROT13. The copies are made only when they differ from the text, so an ordinary question pays for
# one pass.
_LOOKALIKES = str.maketrans("аеорсхуіјѕԁɡοαερντκιмнт", "aeopcxyijsdgoaepvtkimht")
_LEET = str.maketrans("013457@$!|", "oieastasii")
_LEET_WORD = re.compile(r"\b(?=[a-z0-9@$!|]*[a-z])(?=[a-z0-9@$!|]*[013457@$!|])[a-z0-9@$!|]{3,}\b")
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W\d_][ .\-_*·•~+]){2,}[^\W\d_](?![^\W_])")
_JOINED = re.compile(r"\b[^\W\d_]+(?:[_\-.*~+][^\W\d_]+){2,}\b")  # ignore_all_previous, ignore-all-previous
_MIXED_SCRIPT = re.compile(r"\w*[a-z]\w*[^\x00-\x7f]\w*|\w*[^\x00-\x7f]\w*[a-z]\w*")
_COMMON_WORDS = frozenset(
    "the a an and or to of in on for is are be you your i we our it this that what how do does can with my me not "
    "all any please should when why which who".split()
)


def _deobfuscated(text: str) -> str:
    """The text in lower case with its disguises undone (each step only when the text has what it undoes)."""
    import unicodedata

    folded = text
    if not text.isascii():
        folded = "".join(ch for ch in unicodedata.normalize("NFKC", text) if unicodedata.category(ch) != "Cf")
    folded = folded.lower()
    if not folded.isascii():
        folded = _MIXED_SCRIPT.sub(lambda m: _strip_marks(m.group().translate(_LOOKALIKES)), folded)
    if _LEET_CHARS.intersection(folded):
        folded = _LEET_WORD.sub(lambda m: m.group().translate(_LEET), folded)
    folded = _SPACED.sub(lambda m: re.sub(r"[ .\-_*·•~+]", "", m.group()), folded)
    return _JOINED.sub(lambda m: re.sub(r"[_\-.*~+]", " ", m.group()), folded)


_LEET_CHARS = frozenset("013457@$!|")


def _strip_marks(word: str) -> str:
    import unicodedata

    return "".join(ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch))


def _override_phrase(text: str) -> bool:
    unquoted = _QUOTED.sub(" ", text)
    return bool(
        _OVERRIDE.search(unquoted)
        or _ROLE_FRAME.search(unquoted)
        or _OVERRIDE_FAMILIES.search(unquoted)
        or _OVERRIDE_MORE.search(unquoted)
    )


@lru_cache(maxsize=64)  # pure; an ask checks its question twice (the QA service, then the scope gate's signals)
def is_override_attempt(query: str) -> bool:
    """True when the query tries to change the assistant's instructions or role: an override phrase or a role-play
    frame without rules (outside quoted text, also when spelt in disguise: spaced out, with digits or look-alike
    letters, reversed or in ROT13), or the markup of a chat (system tags, role fields, fake turns)."""
    if _CHAT_MARKUP.search(query) or _override_phrase(query):
        return True
    plain = _deobfuscated(query)
    if plain != query.lower() and (_CHAT_MARKUP.search(plain) or _override_phrase(plain)):
        return True
    words = plain.split()
    if (
        len(words) >= 3
        and _COMMON_WORDS.isdisjoint(words)
        and _COMMON_WORDS.isdisjoint(_WORD_OR_APOSTROPHE.findall(plain))
    ):
        import codecs

        return _override_phrase(plain[::-1]) or _override_phrase(codecs.encode(plain, "rot13"))
    return False


_WORD_OR_APOSTROPHE = re.compile(r"[a-z']+")
