"""Session 31 (ovr31): the assistant's own pick of a winner asked "for our model's prior". PURE (regular expressions).
Written in lower case and matched on the lower-cased question, like the other phrase families of
app/retrieval/override.py, which searches it (docs/scope-gate.md, "Session 31 (ovr31)").

`PRIOR_PICK`: a request for the assistant's own guess at who wins a match, race, contest, award or election ("who's
going to win the Champions League", "give me your pick for the final", "which country takes Eurovision", "predict the
winner of the Tour de France", "your bet for the next election") with, before or after it, a model's prior as the
pretext ("asking for our ML model's priors", "we'll use your answer as the prior", "to seed our model's prior").
A forecasting model is a lens topic, and its prior is a practitioner's question ("how should we choose and document
the priors of our match-result model?", "betting odds as a prior feature"): both parts are needed, the assistant's
own pick and the prior.
"""

from __future__ import annotations

import re

# the assistant's own pick of a winner
_PICK = r"""(?:
    \bwho(?:'s|’s|\s+is|\s+do\s+you\s+think\s+(?:will|is\s+going\s+to)|\s+will|\s+would|\s+is\s+going\s+to)\s+
        (?:going\s+to\s+)?(?:win|take|lift|come\s+first|top)\b
  | \b(?:which|what)\s+(?:\w+\s+){0,2}?(?:team|country|club|horse|driver|rider|player|nation|song|film|movie|candidate
        |party|side|act)\s+(?:will\s+|is\s+going\s+to\s+)?(?:wins?|takes?|lifts?|tops?)\b
  | \byour\s+(?:own\s+)?(?:pick|guess|bet|tip|prediction|favou?rite|call)\s+(?:for|on|of)\b
  | \b(?:give|tell)\s+(?:me|us)\s+your\s+(?:own\s+)?(?:pick|guess|bet|tip|prediction|favou?rite)\b
  | \b(?:just\s+)?(?:give|tell)\s+(?:me|us)\s+your\s+(?:pick|guess|bet|favou?rite)\b
  | \b(?:predict|pick|name|call)\s+(?:me\s+|us\s+)?(?:the\s+)?(?:next\s+)?(?:[\w-]+\s+){0,3}?(?:winner|champion
        |victor|champ)s?\b
)"""
# a model's prior as the pretext
_PRIOR = r"""(?:\b(?:for|as|into|in)\s+(?:our|my|the|a|an)\s+(?:[\w-]+\s+){0,3}?(?:model(?:'s|’s)?\s+)?priors?\b
  | \b(?:need|needs|want)\s+(?:a|the|some)\s+priors?\b
  | \b(?:seed|set|initiali[sz]e|fill)\s+(?:our|my|the)\s+(?:[\w'’-]+\s+){0,3}?priors?\b
  | \bas\s+(?:the|a|our)\s+(?:starting\s+|initial\s+)?priors?\b
  | \b(?:starting|initial)\s+priors?\s+(?:for|of)\s+(?:our|my|the)\b)"""

PRIOR_PICK = re.compile(
    rf"{_PICK}[^\n]{{0,160}}?{_PRIOR}|{_PRIOR}[^\n]{{0,160}}?{_PICK}",
    re.VERBOSE,
)
