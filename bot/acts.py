"""What a message outside any question asks for: news of an open repair, a question, a report, a complaint, a
person; asked back when unsure."""

from __future__ import annotations

import dataclasses

from bot import answers, calm, complaints, handoff, lookups, news, pressing, reports, slots, state
from bot import callbacks as cb
from bot.i18n import in_script
from bot.replies import Reply
from bot.turn import Turn
from intents import another_home, crew_deadline, says_worse, yesno
from intents.distress import cries_for_help, says_burst
from intents.types import Classification, Intent, Topic
from storage import tickets
from storage.values import TicketKind

_PICKABLE = frozenset(
    {
        Intent.NO_HEAT,
        Intent.LEAK,
        Intent.BURST,
        Intent.STATUS,
        Intent.STANDARDS,
        Intent.COMPLAINT,
        Intent.HUMAN,
    }
)


async def converse(turn: Turn, c: Classification, *, clarify: bool = True) -> list[Reply]:
    """Free text outside any question: act on what it means, or ask when unsure (unless `clarify` is off: a report
    waits for its own question to come back, and a clarifying one would replace it)."""
    # "师傅已经到了": noted on the open repair for its staff; a question asked with it is answered
    if c.arrived:
        noted = await news.crew_came(turn, c.text)
        if noted is not None:
            asked = await act(turn, c) if c.intent is Intent.STANDARDS and not c.unsure else []
            # asked which repair: that question comes last, its options alone
            if turn.conv.step == state.WHICH_REPAIR:
                return [dataclasses.replace(r, options=()) for r in asked] + noted
            return noted + asked
    # "不用来了", "修好了", "能不能下午再来": for the staff of the open repair to decide (asked which, of several)
    passed = await news.about_repair(turn, c)
    if passed is not None:
        return passed
    # "越来越厉害了", "水越来越多了": news of the resident's open leak or burst, for the duty staff
    if c.worsening or (c.emergency and says_worse(c.text)):
        escape = tickets.worsened(await lookups.open_repairs(turn), elsewhere=another_home(c.text))
        # another home's ("我妈家那边水越来越大了"): onto its ticket, by its number
        added = await news.worse_elsewhere(turn, escape, c.text) if escape and escape.elsewhere else None
        if added is not None:
            return added
        if escape is not None:  # of its kind, unless a leak now bursts ("现在爆了，水喷得到处都是")
            told = Intent.BURST if says_burst(c) else Intent(escape.kind.value)
            return await reports.start(turn, dataclasses.replace(c, intent=told))
    # "现在只有12度了": the room's reading now, told while a no-heat repair is open, goes onto it
    reading = slots.told_reading(c)
    added = await news.new_reading(turn, c.text, reading) if reading is not None else None
    if added is not None:
        return added
    # "再不来我就打12345投诉": anger at the wait on the open repair, the complaint taken as said, nothing more asked
    if c.intent is Intent.COMPLAINT and crew_deadline(c.text):
        repair = news.waited_on(turn, await lookups.open_repairs(turn))
        if repair is not None:
            return await complaints.of_the_wait(turn, repair, c.text)
    if c.asks_after:  # "多久到", "到哪了", "when will they come": asked after a report, if one is open
        found = await lookups.open_repairs(turn)
        if found and c.intent is Intent.COMPLAINT:  # "都40分钟了还没人来": told to the repair's staff too
            return await news.chase(turn, found, c.text)
        if found:
            return await lookups.my_repairs(turn, found)
    if cries_for_help(c):  # "救命", "快来人啊": the emergency under way reassured, or what happened asked
        return await calm.help_asked(turn)
    # "家里有85岁老人，你们快点": for the staff of the open repair; with none, what the trouble is asked
    cared = await pressing.at_risk_told(turn, c)
    if cared is not None:
        return cared
    candidates = [intent for intent, _score in c.candidates if intent in _PICKABLE]
    if clarify and c.unsure and candidates and not c.emergency:
        turn.conv.step = state.CLARIFY
        turn.conv.draft = {"text": c.text}
        # "热得开窗户": the no-heat choice is named as what was said, a home too hot
        named = {Intent.NO_HEAT: "too_hot"} if c.too_hot else {}
        options = [turn.option(f"intent.{named.get(i, i.value)}", cb.pick(i.value)) for i in candidates]
        return [turn.say("intent.clarify", *options, turn.option("menu.back", cb.MENU_BACK))]
    return await act(turn, c)


async def _standards(turn: Turn, c: Classification) -> list[Reply]:
    """The topic's answer; the room-temperature norm asked while the resident's no-heat report is open ("18度算合格吗")
    says that report is being handled instead of leaving the answer's "tell us your address" unanswered."""
    replies = answers.standards_answer(turn, c.topic, c.text)
    if c.topic is not Topic.ROOM_TEMPERATURE:
        return replies
    cold = [t for t in await lookups.open_repairs(turn) if t.kind is TicketKind.NO_HEAT and not t.too_hot]
    if not cold:
        return replies
    ticket = cold[0]
    address = in_script(turn.lang, ticket.address_raw or "-")
    said = turn.t("standards.open_repair", number=ticket.number, address=address)
    first = replies[0]
    return [dataclasses.replace(first, text=f"{first.text}\n\n{said}"), *replies[1:]]


async def act(turn: Turn, c: Classification) -> list[Reply]:
    """Do what the message asks."""
    match c.intent:
        case Intent.NO_HEAT | Intent.LEAK | Intent.BURST:
            return await reports.start(turn, c)
        case Intent.STATUS:
            return await (
                lookups.one_ticket(turn, c.entities.ticket) if c.entities.ticket else lookups.my_repairs(turn)
            )
        case Intent.STANDARDS:
            return await _standards(turn, c)
        case Intent.COMPLAINT:
            return await complaints.begin(turn, c)
        case Intent.HUMAN:
            return await handoff.start(turn, c.text)
        case Intent.GREETING:
            return answers.hello(turn)
        case Intent.THANKS:
            if slots.says_goodbye(c.text):  # "bye", "好的 再见": a goodbye, not a thank-you
                return [turn.say("menu.goodbye")]
            return answers.thanks(turn, acknowledged=slots.said(c.text, yesno.words(yesno.YES)))
    return answers.out_of_scope(turn, c.text)
