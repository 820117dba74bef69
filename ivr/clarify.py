"""What a caller said in their own words: act on it, or ask one clarifying question when we are unsure.

An unsure classification names its top two candidates. A leak or burst among them is treated as the
emergency at once (advice, ticket, duty officer): a heating emergency never waits for a question. Otherwise
the caller hears one question built from the candidates ("您是说暖气不热，请按1；是要投诉，请按2") and
answers by key or speech; an answer we still do not understand goes to the duty officer (never a loop)."""

from __future__ import annotations

import re
from dataclasses import replace

from intents import classify, says_worse
from intents.entities import only_a_phone
from intents.types import EMERGENCIES, Classification, Intent
from ivr import complaint, emergency, info, phones, report, texts, topics, twiml
from ivr.call import MAX_SPEECH, Ctx, main_menu, operator

# The intents a caller can be asked to choose between, in the order they act.
CHOICES = (Intent.NO_HEAT, Intent.COMPLAINT, Intent.STATUS, Intent.STANDARDS, Intent.HUMAN)
_PUNCT = re.compile(r"[\s,.!?;:，。！？、；：…\"'“”‘’]+")
_FIRST = re.compile(
    r"(按|选|是)?(第?[一1]个?|第一项)(吧|的)?|(press |number |option )?(one|1)|(the )?first( one)?"
)
_SECOND = re.compile(
    r"(按|选|是)?(第?[二两2]个?|第二项)(吧|的)?|(press |number |option )?(two|2)|(the )?second( one)?"
)
STATE_KEY = "clarify"


async def understood(ctx: Ctx, meaning: Classification) -> str | None:
    """Route what the caller said at the menu; None when we did not understand at all."""
    if meaning.arrived or meaning.settled:  # "师傅到了", "不用来了": for the staff of the open repair
        answer = await info.pass_on(ctx, meaning.text, "arrived" if meaning.arrived else "settled")
        if answer is not None:
            return answer
    # "越来越厉害了", "水越来越多了": the caller's open leak or burst, worse: the duty officer at once
    if meaning.worsening or (meaning.emergency and says_worse(meaning.text)):
        escape = await info.worsened(ctx, meaning.text)
        if escape is not None:
            return await emergency.worse(ctx, escape, meaning.text)
    if phones.instead_of_ticket(meaning.text, meaning.entities.ticket) and (
        asks_after_ticket(meaning) or only_a_phone(meaning.text)
    ):  # "83251234", "我家座机是0451-83251234": a phone number, by which no ticket is looked up
        return info.phone_not_ticket(ctx)
    named = named_ticket(meaning)
    if named is not None:  # "我的工单号是1000025 到哪了": that ticket, as if keyed at the status menu
        return await info.repair_status(ctx, named)
    if meaning.asks_after:  # "师傅多久到", "到哪了": asked after the caller's repair, if one is open
        # "都四十分钟了还没人来": a complaint of the wait goes onto the repair for its staff too
        chased = meaning.intent is Intent.COMPLAINT
        answer = await info.open_repairs_status(ctx, meaning.text, chased=chased)
        if answer is not None:
            return answer
    if meaning.unsure:
        return await ask(ctx, meaning)
    return await act(ctx, meaning.intent, meaning)


def named_ticket(meaning: Classification) -> str | None:
    """The ticket number the caller asks after ("我的工单号是1000025 到哪了", "工单 一零零零零二五 现在怎么样了", or
    the number alone); None when they name none, or name one in a complaint (of the wait: the words go onto their
    repair)."""
    ticket = meaning.entities.ticket
    return ticket if ticket and asks_after_ticket(meaning) else None


def asks_after_ticket(meaning: Classification) -> bool:
    """Words that, naming a number, ask after its ticket: a status question, words understood as nothing else (the
    number alone), or a question how far something under way has come that is no complaint of the wait."""
    return meaning.intent in (Intent.STATUS, Intent.OUT_OF_SCOPE) or (
        meaning.asks_after and meaning.intent is not Intent.COMPLAINT
    )


async def act(ctx: Ctx, intent: Intent, meaning: Classification) -> str | None:
    """Do what the caller asked for; `meaning` is the classification of their own words."""
    said = meaning.text
    if intent in EMERGENCIES:
        return await emergency.open_now(ctx, intent, said)
    if intent is Intent.COMPLAINT:  # with the no-heat repair too when the home is told cold now
        return await (complaint.with_repair if complaint.tells_cold(said) else complaint.begin)(ctx, said)
    if intent is Intent.NO_HEAT:
        return await report.begin(ctx, intent, said, too_hot=meaning.too_hot)
    if intent is Intent.STATUS:
        return await info.repair_status(ctx, meaning.entities.ticket, said)
    if intent is Intent.STANDARDS:
        topic = meaning.topic if meaning.intent is Intent.STANDARDS else None
        return topics.answer_topic(ctx, topic) if topic else topics.standards_menu(ctx)
    if intent is Intent.HUMAN:
        return operator(ctx)
    return None


def emergency_in(meaning: Classification) -> Intent | None:
    """A leak or burst that is the guess or one of the candidates (the first one named)."""
    named = [meaning.intent, *(intent for intent, _ in meaning.candidates)]
    return next((intent for intent in named if intent in EMERGENCIES), None)


def choices(meaning: Classification) -> list[Intent]:
    """The candidates a caller can choose between, best first, at most two."""
    named = [intent for intent, _ in meaning.candidates] or [meaning.intent]
    found: list[Intent] = []
    for intent in named:
        if intent in CHOICES and intent not in found:
            found.append(intent)
    return found[:2]


async def ask(ctx: Ctx, meaning: Classification) -> str | None:
    """Unsure: an emergency candidate is acted on at once; otherwise one question from the candidates."""
    urgent = emergency_in(meaning)
    if urgent is not None:
        return await emergency.open_now(ctx, urgent, meaning.text)
    options = choices(meaning)
    if not options:
        return None
    ctx.state.goto("clarify")
    ctx.state.extra[STATE_KEY] = {"said": meaning.text, "options": [o.value for o in options]}
    # "热得开窗户": the no-heat choice is named as what was said, a home too hot
    named = {Intent.NO_HEAT: "too_hot"} if meaning.too_hot else {}
    labels = [texts.label(ctx.lang, "choice", named.get(o, o.value)) for o in options]
    if len(labels) == 2:
        line = ctx.t("clarify_two", first=labels[0], second=labels[1])
    else:
        line = ctx.t("clarify_one", first=labels[0])
    return twiml.ask(
        ctx.lang, [line], action=ctx.url("clarify"), timeout=6, speech_timeout=2, hints=texts.hints(ctx.lang)
    )


async def clarify_step(ctx: Ctx) -> str:
    """The answer to the clarifying question: a key, a spoken choice, or new words; else the duty officer."""
    pending = ctx.state.extra.pop(STATE_KEY, None)
    if ctx.state.step != "clarify" or not isinstance(pending, dict):
        return main_menu(ctx)
    valid = {intent.value for intent in CHOICES}
    options = [Intent(value) for value in pending.get("options", []) if value in valid]
    first = classify(str(pending.get("said", "")))
    chosen = _chosen(ctx, options)
    if chosen is not None:
        return await act(ctx, chosen, first) or operator(ctx)
    if ctx.turn.speech:
        again = classify(ctx.turn.speech)
        both = " ".join(part for part in (first.text, again.text) if part)[:MAX_SPEECH]
        urgent = emergency_in(again)
        if urgent is not None:
            return await emergency.open_now(ctx, urgent, both)
        if not again.unsure and again.intent in CHOICES:
            # Clear this time: the report keeps both answers in the caller's own words.
            return await act(ctx, again.intent, replace(again, text=both)) or operator(ctx)
    return operator(ctx)


def _chosen(ctx: Ctx, options: list[Intent]) -> Intent | None:
    """Key 1 or 2, or the choice spoken ("第一个", "the second one", a yes to a single choice: "对", "没问题")."""
    keys = ctx.turn.digits.strip("#")
    spoken = _PUNCT.sub(" ", ctx.turn.speech.lower()).strip()
    compact = spoken.replace(" ", "")
    if keys == "1" or (not keys and (_FIRST.fullmatch(spoken) or _FIRST.fullmatch(compact))):
        return options[0] if options else None
    if keys == "2" or (not keys and (_SECOND.fullmatch(spoken) or _SECOND.fullmatch(compact))):
        return options[1] if len(options) > 1 else None
    if not keys and len(options) == 1 and ctx.turn.said_yes():
        return options[0]
    return None
