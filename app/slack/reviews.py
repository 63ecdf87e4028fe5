"""Reviews in a Slack thread: `/mllens review <name>` (or the Start button) opens a review bound to a new thread;
replies answer the question under the cursor (a reply ending in `?` is a side question); buttons tick practices,
confirm, edit or mark a question not applicable. Only the person who started the review may act in it."""

from __future__ import annotations

import json
import re
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from app.errors import InvalidInput
from app.findings.export import ReportFormat
from app.lens.ids import BP_ID
from app.persistence.slack_state import SlackThread
from app.principal import Principal
from app.review.actions import Action, ActionType, Answer, Confirm, Edit, QuestionNotApplicable, Skip
from app.review.errors import StaleReview
from app.review.models import MAX_ANSWER_CHARS, BPStatus, NAReason, ReviewStatus, WorkloadProfile
from app.review.turn import NoticeCode, TurnResult
from app.reviewing.replies import ReplyReading, read_reply
from app.slack import review_blocks as rb
from app.slack.blocks import Block, context, side_answer_blocks
from app.slack.bot import SlackBot, Where
from app.slack.mrkdwn import escape, link

SHOWN = {  # turn notices worth a line in the thread (saving and completion have their own messages)
    NoticeCode.PROFILE_SUGGESTS_NOT_APPLICABLE,
    NoticeCode.ANSWER_SUGGESTS_NOT_APPLICABLE,
    NoticeCode.NO_NEW_INFORMATION,
    NoticeCode.MAPPING_DEGRADED,
    NoticeCode.DRAFTING_DEGRADED,
    NoticeCode.CITATIONS_REMOVED,
    NoticeCode.NOTHING_ELSE_OPEN,
    NoticeCode.NOT_ENGLISH,
}
NOT_YOURS = (
    "This review belongs to <@{owner}>, who started it; only they can answer in this thread. "
    "Start your own with `/mllens review <workload name>`."
)

FOLLOW_UP_ANSWERED = (
    ":information_source: I took that as your answer to the follow-up ({follow_up}); nothing is saved yet. "
    "Press *Confirm* (or reply `confirm`) to save the answer."
)
EDITED = "I don't read edited messages: I took your reply as you first sent it."
DELETED = "Deleting a reply does not take it back: I took it as you sent it."
CHANGES_NOT_READ = (
    "{lead} To correct an answer you have not confirmed, send "
    "the correction as a new reply (what it settles replaces the proposal for those practices) or press *Edit* on the "
    "proposal; nothing is saved before *Confirm*. A confirmed answer stays as it was saved: to change it, open the "
    "review in the web widget (after `/mllens link`) and jump to the question from *Progress*."
)


class ThreadReviews:
    def __init__(self, bot: SlackBot) -> None:
        self.bot = bot
        self.state = bot.services.slack_state

    # --- starting -----------------------------------------------------------------------------------------------

    def start(self, client: WebClient, where: Where, name: str, *, asked_in: str | None = None) -> None:
        """A new review named `name`, in a new thread under a root message in `where.channel_id`. When it was asked
        for in another thread (`asked_in`, e.g. an AI-assistant thread, where a new thread is out of sight), that
        thread gets a link to the review's."""
        name = name.strip()
        if not name:
            raise InvalidInput("Give the workload a name: `/mllens review <workload name>`.")
        turn = self.bot.services.review.create(self._principal(where), WorkloadProfile(name=name[:200]))
        thread_ts = self._open_thread(client, where, turn, f":compass: *ML Lens review: {escape(name)}*")
        if asked_in and asked_in != thread_ts:
            try:
                permalink = client.chat_getPermalink(channel=where.channel_id, message_ts=thread_ts).get("permalink")
            except SlackApiError:  # the review is started either way: say where without a link
                permalink = None
            there = link(str(permalink), "in its own thread") if permalink else "in a new thread of this conversation"
            text = f":compass: Your review *{escape(name)}* (`{turn.review_id}`) is {there}: answer there."
            self.bot.post(client, Where(where.team_id, where.channel_id, where.user_id, asked_in), [context(text)])

    def resume(self, client: WebClient, where: Where, review_id: str) -> None:
        """Continue one of the user's reviews (started here or in the web widget) in a new thread."""
        if not review_id.strip():
            raise InvalidInput("Which review? `/mllens resume <review id>`; `/mllens reviews` lists yours.")
        principal = self._principal(where)
        review = self.bot.services.review.get(review_id.strip(), principal)
        turn = self.bot.services.review.current(review.id, principal)
        self._open_thread(client, where, turn, f":compass: *ML Lens review: {escape(review.profile.name)}* (resumed)")

    def _open_thread(self, client: WebClient, where: Where, turn: TurnResult, title: str) -> str:
        root = client.chat_postMessage(
            channel=where.channel_id,
            text=title,
            blocks=[
                context(
                    f"{title} · started by <@{where.user_id}> · review `{turn.review_id}`. "
                    "I ask one question at a time in this thread; only the starter can answer."
                )
            ],
        )
        thread_ts = str(root["ts"])
        self.state.bind(
            SlackThread(where.team_id, where.channel_id, thread_ts, "review", where.user_id, review_id=turn.review_id)
        )
        self._show(client, Where(where.team_id, where.channel_id, where.user_id, thread_ts, where.request_id), turn)
        return thread_ts

    # --- replies and actions -------------------------------------------------------------------------------------

    def is_starter(self, client: WebClient, where: Where, thread: SlackThread) -> bool:
        if where.user_id == thread.user_id:
            return True
        self.bot.ephemeral(client, where, NOT_YOURS.format(owner=thread.user_id))
        return False

    def reply(self, client: WebClient, where: Where, thread: SlackThread, text: str) -> None:
        """A message in the review's thread: a side question if it ends with `?`, else an answer in the user's words."""
        if not self.is_starter(client, where, thread) or not text.strip():
            return
        assert thread.review_id is not None
        principal = self._principal(where)
        if text.rstrip().endswith("?"):
            turn = self.bot.services.review.ask(thread.review_id, principal, text)
            blocks: list[Block] = side_answer_blocks(turn.side_answer) if turn.side_answer else []
            for notice in turn.notices:
                blocks.append(context(escape(notice.message)))
            if turn.follow_up is not None:
                blocks.append(context(f"Back to the review — {escape(turn.follow_up.text)}"))
            else:
                blocks.append(context("Back to the review: reply in your own words or use the buttons above."))
            self.bot.post(client, where, blocks)
            return
        if len(text) > MAX_ANSWER_CHARS:  # cutting it would lose its end without a word
            raise InvalidInput(
                f"That reply is {len(text):,} characters; an answer takes up to {MAX_ANSWER_CHARS:,}. "
                "Send it again in shorter replies: each one adds to the answer."
            )
        current = self.bot.services.review.current(thread.review_id, principal)
        reading = read_reply(current, text)
        if reading is ReplyReading.CONFIRM:
            # "ok" under a proposal confirms it (the proposal says so), rather than being added to the answer's words
            self._act(client, where, thread, Confirm(), current.version)
            return
        note = None
        if reading is ReplyReading.FOLLOW_UP_ANSWER and current.follow_up is not None:
            # a bare "yes" under a yes/no follow-up answers it (kept with the answer); say how to save instead
            note = FOLLOW_UP_ANSWERED.format(follow_up=escape(current.follow_up.text))
        self._act(client, where, thread, Answer(text=text), current.version, note=note)

    def changed(self, client: WebClient, where: Where, *, deleted: bool) -> None:
        """The starter edited or deleted a reply: neither is read (an answer may be saved already, and a proposal
        merges every reply), so say so and how to correct it rather than change anything."""
        lead = DELETED if deleted else EDITED
        self.bot.ephemeral(client, where, CHANGES_NOT_READ.format(lead=lead))

    def action(self, client: WebClient, where: Where, thread: SlackThread, body: dict[str, Any]) -> None:
        """A button in a question or proposal message."""
        if not self.is_starter(client, where, thread):
            return
        action = body["actions"][0]
        review_id, version = _ref(action.get("value", ""))
        if review_id != thread.review_id:
            raise InvalidInput("That button belongs to another review.")
        action_id = action["action_id"]
        if action_id == rb.SUBMIT:
            picks = {bp_id: BPStatus.IMPLEMENTED for bp_id in _ticked(body, f"ticks:{review_id}:{version}")}
            if not picks:
                self.bot.ephemeral(client, where, "Tick at least one practice, or reply in your own words.")
                return
            self._act(client, where, thread, Answer(picks=picks), version, done=body)
        elif action_id == rb.CONFIRM:
            self._act(client, where, thread, Confirm(), version, done=body)
        elif action_id == rb.SKIP:
            self._act(client, where, thread, Skip(), version, done=body)
        elif action_id in (rb.EDIT, rb.NOT_APPLICABLE):
            turn = self.bot.services.review.current(review_id, self._principal(where))
            if turn.question is None or turn.version != version:
                self._stale(client, where, turn)
                return
            metadata = _metadata(where, thread, turn)
            view = rb.edit_modal(turn, metadata) if action_id == rb.EDIT else rb.not_applicable_modal(turn, metadata)
            client.views_open(trigger_id=body["trigger_id"], view=view)

    def submitted(self, client: WebClient, where: Where, thread: SlackThread, view: dict[str, Any]) -> None:
        """A submitted Edit or Doesn't-apply modal (already validated and acknowledged)."""
        if not self.is_starter(client, where, thread):
            return
        meta = json.loads(view["private_metadata"])
        values = view["state"]["values"]
        action: Action
        if view["callback_id"] == rb.NA_MODAL:
            reason = NAReason(values["reason"]["value"]["selected_option"]["value"])
            note = (values.get("note", {}).get("value", {}).get("value") or "")[:2000]
            action = QuestionNotApplicable(reason=reason, note=note, question_id=meta["question_id"])
        else:
            statuses = {
                block_id.removeprefix("bp:"): BPStatus(v["value"]["selected_option"]["value"])
                for block_id, v in values.items()
                if block_id.startswith("bp:")
            }
            action = Edit(question_id=meta["question_id"], statuses=statuses)
        self._act(client, where, thread, action, int(meta["version"]))

    # --- showing turns ---------------------------------------------------------------------------------------

    def _act(
        self,
        client: WebClient,
        where: Where,
        thread: SlackThread,
        action: Action,
        version: int,
        *,
        done: dict[str, Any] | None = None,
        note: str | None = None,
    ) -> None:
        assert thread.review_id is not None
        principal = self._principal(where)
        try:
            turn = self.bot.services.review.act(thread.review_id, principal, action, expected_version=version)
        except StaleReview as exc:
            if isinstance(exc.current, TurnResult):
                self._stale(client, where, exc.current)
                return
            raise
        if done is not None:
            _retire_buttons(client, done, where)
        if turn.saved is not None:
            self.bot.post(client, where, rb.saved_blocks(turn))
        if turn.status is ReviewStatus.COMPLETED and turn.question is None:
            self.finish(client, where, thread.review_id, principal)
            return
        self._show(client, where, turn, answered=isinstance(action, Answer | Edit), note=note)

    def _show(
        self, client: WebClient, where: Where, turn: TurnResult, *, answered: bool = False, note: str | None = None
    ) -> None:
        """The question (unless the user just answered it), then the proposal when there is one."""
        if turn.question is None:  # completed (e.g. resumed after the last answer): the summary again
            self.finish(client, where, turn.review_id, self._principal(where))
            return
        blocks: list[Block] = [] if answered else rb.question_blocks(turn)
        has_proposal = any(p.status is not BPStatus.CANNOT_DETERMINE for p in turn.proposal)
        if answered or has_proposal or turn.question_not_applicable:
            blocks += rb.proposal_blocks(turn)
        blocks += [context(f":information_source: {escape(n.message)}") for n in turn.notices if n.code in SHOWN]
        if note is not None and turn.question is not None and ActionType.CONFIRM in turn.allowed_actions:
            blocks.append(context(note))
        self.bot.post(client, where, blocks)

    def _stale(self, client: WebClient, where: Where, turn: TurnResult) -> None:
        self.bot.ephemeral(client, where, "That was an earlier step; the review has moved on. Here is where it stands.")
        self._show(client, where, turn)

    def finish(self, client: WebClient, where: Where, review_id: str, principal: Principal) -> None:
        """The summary (risk per pillar, top findings) and the Markdown report uploaded as a file."""
        services = self.bot.services
        report = services.review.report(review_id, principal)
        risk = services.review.risk(review_id, principal)
        self.bot.post(client, where, rb.summary_blocks(report.meta.profile.name, risk, report))
        rendered = services.review.export(review_id, principal, ReportFormat.MD)
        client.files_upload_v2(
            channel=where.channel_id,
            thread_ts=where.thread_ts,
            content=rendered.content,
            filename=rendered.filename,
            title=f"ML Lens review: {report.meta.profile.name}",
        )

    def _principal(self, where: Where) -> Principal:
        return self.bot.principal(where.team_id, where.user_id)


def _ref(value: str) -> tuple[str, int]:
    review_id, _, version = value.rpartition(":")
    if not review_id or not version.isdigit():
        raise InvalidInput("That button is not part of a review.")
    return review_id, int(version)


def _ticked(body: dict[str, Any], block_id: str) -> list[str]:
    values = (body.get("state") or {}).get("values") or {}
    picker = values.get(block_id, {}).get(rb.TICKS, {})
    return [str(o["value"]) for o in picker.get("selected_options") or [] if re.fullmatch(BP_ID, o["value"])]


def _metadata(where: Where, thread: SlackThread, turn: TurnResult) -> dict[str, str]:
    assert turn.question is not None
    return {
        "channel_id": where.channel_id,
        "thread_ts": thread.thread_ts,
        "review_id": turn.review_id,
        "version": str(turn.version),
        "question_id": turn.question.id,
    }


def _retire_buttons(client: WebClient, body: dict[str, Any], where: Where) -> None:
    """Replace a clicked message's buttons with what was chosen, so an old button cannot be clicked again."""
    message = body.get("message")
    if not message:
        return
    label = body["actions"][0].get("text", {}).get("text", "Done")
    kept = [b for b in message.get("blocks", []) if b.get("type") != "actions"]
    client.chat_update(
        channel=where.channel_id,
        ts=message["ts"],
        blocks=[*kept, context(f"✔ {escape(label)} by <@{where.user_id}>")],
        text=message.get("text") or "ML Lens review",
    )
