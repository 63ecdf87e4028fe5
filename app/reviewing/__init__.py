"""Running reviews: the review service (turns of the state machine against a store, findings drafted on
confirmation, reports, milestones), its store protocol with an in-memory store, and side questions answered by the QA
service. It sits above both app.review (the interview: state, actions, machine, mapping, turn) and app.findings
(drafting, reports, milestones, rendering), which it ties together; neither imports it. PURE: talks to storage, the
QA service and the language model only through ports, wired by app.services."""
