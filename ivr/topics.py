"""Key 4: the company's service standards, one key per topic, answered for today's date."""

from __future__ import annotations

from intents import standards
from intents.types import Topic
from ivr import texts, twiml
from ivr.call import Ctx, main_menu, operator, retry

TOPIC_KEYS = {
    "1": Topic.HEATING_PERIOD,
    "2": Topic.ROOM_TEMPERATURE,
    "3": Topic.RESPONSE_TIME,
    "4": Topic.FEES,
    "5": Topic.STAFF_CONDUCT,
    "6": Topic.CONTACT,
}


def standards_menu(ctx: Ctx, before: list[twiml.Line] | None = None) -> str:
    """Key 4: one key per topic, * for the main menu; words are heard too, so a leak or burst is not lost."""
    ctx.state.goto("standards")
    return twiml.ask(
        ctx.lang,
        [ctx.t("standards_menu")],
        before=before or [],
        action=ctx.url("standards"),
        hints=texts.hints(ctx.lang),
    )


async def standards_step(ctx: Ctx) -> str:
    """Answer the chosen topic for today's date in the company's time zone, then offer the topics again."""
    keys = ctx.turn.digits
    if keys == "*":
        return main_menu(ctx)
    if keys == "0":
        return operator(ctx)
    topic = TOPIC_KEYS.get(keys)
    if topic is None:
        return retry(ctx, lambda: standards_menu(ctx), lambda: operator(ctx))
    return answer_topic(ctx, topic)


def answer_topic(ctx: Ctx, topic: Topic) -> str:
    """The published answer on one topic, season-aware."""
    today = ctx.services.clock().astimezone(ctx.services.company.zone).date()
    # the contact details of the branch dialled: its own lines and reception room, read out
    text = standards.answer(ctx.services.company, topic, ctx.intents_lang, today, branch=ctx.state.branch)
    ctx.state.tries = 0
    return standards_menu(ctx, before=[text])
