"""The guided ML Lens review, as pure rules and state (no I/O): the review record (models: profile, scope, answers
per practice; findings: the types a turn reports), actions, the state machine (machine) and what a turn shows
(view, turn), deterministic risk (risk), profile-based suggestions (profile), and answer mapping (mapping, cues; the
embedding_mapper and llm_mapper behind the AnswerMapper port).

The machine is pure; a turn's one effect, the mapper reading an Answer (a model call in LLM mode), runs before the
transition through `machine.propose_answer`. Interview wording comes from app.lens.interview.

Dependency direction: app.reviewing (the service that runs reviews) → app.findings (drafting, reports, milestones)
→ app.review → app.lens. This package imports neither of the first two; everything is wired in app/services.py
(build_review_service, build_answer_mapper).
"""
