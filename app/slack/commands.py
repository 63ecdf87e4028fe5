"""The `/mllens` slash command: `review <name>`, `reviews`, `resume <id>`, `link`, `unlink`, `help`. Each is
acknowledged at once; the work runs after the ack. Any other verb gets "Unknown command `verb`." above the help."""

from __future__ import annotations

from typing import Any

from slack_bolt import Ack, App, Respond
from slack_sdk import WebClient

from app.principal import Principal
from app.slack import review_blocks as rb
from app.slack.blocks import section
from app.slack.bot import SlackBot, Where, new_request_id
from app.slack.mrkdwn import escape
from app.slack.reviews import ThreadReviews

MAX_LISTED = 10
MAX_VERB = 40  # characters of an unknown verb shown back


def register(app: App, bot: SlackBot) -> None:
    reviews = ThreadReviews(bot)

    @app.command("/mllens")
    def on_command(ack: Ack, client: WebClient, command: dict[str, Any], respond: Respond) -> None:
        typed, _, rest = (command.get("text") or "").strip().partition(" ")
        verb = typed.lower()
        if verb == "review" and rest.strip():
            ack(text="Starting your review…")
        else:
            ack()
        where = Where(command["team_id"], command["channel_id"], command["user_id"], None, new_request_id())
        slack = Principal.slack(where.team_id, where.user_id)
        if verb == "review":
            bot.attempt(client, where, lambda: reviews.start(client, where, rest), respond=respond)
        elif verb == "resume":
            bot.attempt(client, where, lambda: reviews.resume(client, where, rest), respond=respond)
        elif verb == "reviews":
            bot.attempt(client, where, lambda: respond(text=_list(bot, where), response_type="ephemeral"))
        elif verb == "link":
            bot.attempt(client, where, lambda: respond(text=_link(bot, slack), response_type="ephemeral"))
        elif verb == "unlink":
            done = bot.services.identity.unlink
            bot.attempt(
                client,
                where,
                lambda: respond(
                    text="Unlinked: you act as your Slack user again." if done(slack) else "You had no link.",
                    response_type="ephemeral",
                ),
            )
        else:
            unknown = [] if verb in ("", "help") else [section(_unknown(typed))]
            text = _unknown(typed) if unknown else "ML Lens Assistant"
            bot.attempt(
                client,
                where,
                lambda: respond(blocks=unknown + rb.start_blocks(), text=text, response_type="ephemeral"),
            )


def _unknown(verb: str) -> str:
    """The line "Unknown command `verb`." with the verb as typed, cut short and inert in mrkdwn (escaped; no
    backtick or line break can end its code span)."""
    shown = verb if len(verb) <= MAX_VERB else verb[:MAX_VERB] + "…"
    shown = " ".join(shown.replace("`", "'").split())
    return f"Unknown command `{escape(shown)}`."


def _list(bot: SlackBot, where: Where) -> str:
    found = bot.services.review.list_reviews(bot.principal(where.team_id, where.user_id))
    if not found:
        return "You have no reviews yet. Start one with `/mllens review <workload name>`."
    lines = [
        f"• `{r.id}` *{escape(r.profile.name)}* · {len(r.answers)}/{len(r.question_ids)} answered · {r.status.value}"
        for r in sorted(found, key=lambda r: r.updated_at, reverse=True)[:MAX_LISTED]
    ]
    return "Your reviews (continue one with `/mllens resume <id>`):\n" + "\n".join(lines)


def _link(bot: SlackBot, slack: Principal) -> str:
    code = bot.services.identity.create_code(slack)
    minutes = bot.services.identity.ttl_s // 60
    return (
        f"Your one-time link code: *{code}* (valid {minutes} minutes, works once).\n"
        'Enter it in the ML Lens web widget (Link Slack) or send it as `POST /v1/identity/links {"code": "…"}` '
        "with your widget identity. Afterwards your reviews and questions here belong to that identity, so you can "
        "continue them in either place. `/mllens unlink` undoes it."
    )
