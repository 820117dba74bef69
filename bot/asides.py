"""Words said beside the address a report asked for ("3栋2单元501 水越来越多了", "5号楼3门402 家里有老人 快点", "Building
3 unit 2 room 501, it's getting worse"): the address answers the question, and the words are never dropped. Words with
news of their own (water escaping, a leak getting worse, the crew come, a question) are acted on as the same words sent
alone are; the others join the report's words, or reach the duty staff of an emergency already open
(`reports.accept_address`)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from bot import acts, reports, slots, state
from bot.addresses import read_address
from bot.replies import Reply
from bot.turn import Turn
from intents import classify
from intents.addresses import words_beside
from intents.entities import says_more_than_a_reading
from intents.types import Address, Classification, Intent


@dataclass(frozen=True, slots=True)
class Beside:
    """A whole address told at the address question, the words said beside it, and what those words mean alone."""

    address: Address
    words: str
    meaning: Classification


def news_at_address(turn: Turn, text: str) -> Beside | None:
    """At the address question, a whole address and words beside it to act on, as when sent alone at this question:
    water escaping (a leak told, however unsure: beside a whole address the words can be nothing else), a leak getting
    worse, the crew come, a question, another request. None for anything else: words that are only the report's
    ("家里有老人 快点") are kept with the address by `reports.receive_address`, a reading ("屋里12度") taken there."""
    if turn.conv.step != state.ADDRESS:
        return None
    address = read_address(turn, text)
    words = words_beside(text, address) if address is not None and address.complete else ""
    if address is None or not says_more_than_a_reading(words):
        return None
    meaning = classify(words)
    if meaning.emergency or slots.changes_subject(turn, words, meaning):
        return Beside(address, words, meaning)
    return None


async def onto_emergency(turn: Turn, beside: Beside) -> list[Reply]:
    """ "3栋2单元501 水越来越多了" while an open emergency waits for its address: the address goes onto it (the crew can
    set out), then the words are news for its duty staff, acted on as if sent alone ("怎么办啊": its safety advice
    again); the estate, asked when the flat came without one, stays the question open."""
    intent = Intent(turn.conv.draft["intent"])
    added = await reports.accept_address(turn, beside.address)
    asked = dict(turn.conv.draft)  # the estate of the flat, if it is asked
    turn.conv.reset()
    if slots.nothing_to_act_on(beside.meaning):
        acted = [reports.advice_again(turn, intent)]
    else:
        acted = await acts.converse(turn, beside.meaning, clarify=False)
    if asked and turn.conv.step == state.IDLE and not turn.conv.draft:
        turn.conv.draft = asked  # asked last, the only question open
        return [*(dataclasses.replace(r, options=()) for r in acted), *added]
    return [*added, *acted]
