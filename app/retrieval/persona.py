"""A reviewer persona in the assistant's own lane opening a question: "Act as a picky senior ML Lens reviewer: …",
"Wearing your ML Lens hat, …", "You're my Well-Architected reviewer today. …" (docs/scope-gate.md, "Session 24");
since session 27 also the practitioner's own role on their board or team ("I'm the critic on our architecture board.
…", "As the designated skeptic in our design reviews, …").

Such a preamble asks for nothing outside the lens, and the structural override checks (app/retrieval/override.py)
let it pass. But its words are not the practitioner's topic: the learned override detector reads "act as …" as a
persona swap, and retrieval ranks "reviewer" (human review of predictions) and "ML Lens" (the lens's overview pages)
above what was asked. So the scope gate and the ranking read the question without it; the structural checks still
read the whole text, so an order after the preamble ("…: now forget the lens and …") is refused as before, and the
question without the preamble is gated like any other (a movie reviewer's verdict on a film is off topic).
"""

from __future__ import annotations

import re

# a reviewer's role in the assistant's lane: up to six describing words (never one that lifts the rules), then a
# reviewer, an auditor, an assessor or a review partner. Lower case and free of white space: the structural checks'
# persona patterns (app/retrieval/override.py) let it pass too
LANE_ROLE = (
    r"(?:(?!(?:unrestricted|unfiltered|uncensored|unlimited|evil|jailbroken|rogue|general|new)\b)[\w'-]+,?\s+){0,6}?"
    r"(?:reviewer|auditor|assessor|review\s+partner)s?\b"
)
# the role with its article or possessive, for ML workloads at most
_ROLE = rf"""
    (?:an?|my|our|the|your|ur)\s+{LANE_ROLE}
    (?:\s+(?:for|of)\s+(?:ml|machine\s+learning|ai)\s+(?:workloads?|systems?|projects?))?
"""
# the lane's own words before "hat": ML Lens, lens, Well-Architected (reviewer), ML, AWS
_LANE_HAT = (
    r"(?:(?:aws\s+)?(?:ml\s+lens|lens|well-architected|wa|ml|machine\s+learning)\s+(?:reviewer\s+|review\s+)?hat)"
)
# the practitioner's own role on their board or team (session 27): "I'm the critic on our architecture board.", "As
# the designated skeptic in our design reviews, …", "I act as devil's advocate on our ML design board;" — the asker
# speaking, not a persona handed to the assistant; its words ("critic") are not the topic either
_OWN_ROLE = r"""(?:(?:the|a|an|our|my)\s+)?(?:[\w'-]+\s+){0,3}?(?:critic|skeptic|sceptic|devil'?s\s+advocate|challenger
    |gatekeeper|approver|red[\s-]teamer)s?\s+(?:on|in|of|for|at)\s+(?:our|my|the)\s+(?:[\w'-]+\s+){0,4}?(?:board|team
    |committee|reviews?|council|group|guild|forum|squad|department|panel|meetings?)"""
_WHEN = r"(?:\s+(?:here|today|now|for\s+(?:a\s+)?(?:sec|second|moment|minute|bit)|for\s+this(?:\s+one)?|pls|please))?"

_PREAMBLE = re.compile(
    rf"""
    ^\s*(?:(?:please|pls|hey|ok|okay|now)\b[,!]?\s+)?
    (?:
        (?:act(?:ing)?|play(?:ing)?)\s+(?:as|like)\s+{_ROLE}{_WHEN}
      | be\s+{_ROLE}{_WHEN}
      | you(?:\s+are|'re|\s+r)\s+(?!now\b){_ROLE}{_WHEN}
      | (?:speaking|answering|thinking|replying)\s+as\s+{_ROLE}
      | as\s+{_ROLE}
      | (?:wearing|with|putting\s+on|put\s+on)\s+(?:your|ur|the)\s+{_LANE_HAT}(?:\s+on)?{_WHEN}
      | {_LANE_HAT}\s+on{_WHEN}
      | (?:i(?:'m|\s+am)|i\s+(?:act|serve|sit|work)\s+as|my\s+(?:role|job)\s+is(?:\s+to\s+be)?|as)\s+{_OWN_ROLE}
    )
    (?:\s*[:,.;!–—-]+\s*|\s+(?:and|then|&)\s+(?=(?:tell|check|grill|look|give|show|explain|answer|review|say|help
        |walk|list|assess|judge|let|go|point|spot|flag|find|what|how|which|why|where|who|when|should|is|are|do|does)\b))
    """,
    re.IGNORECASE | re.VERBOSE,
)
_WORD = re.compile(r"[^\W_]+")
REST_MIN_WORDS = 3  # what follows the preamble is a question of its own: three words or more


def without_lane_persona(query: str) -> str | None:
    """`query` without a reviewer persona in the assistant's lane opening it, or None when none opens it (or what
    follows is under REST_MIN_WORDS words: then the preamble is the question)."""
    match = _PREAMBLE.match(query)
    if match is None:
        return None
    rest = query[match.end() :].strip()
    if len(_WORD.findall(rest)) < REST_MIN_WORDS:
        return None
    return rest[0].upper() + rest[1:]
