"""Answers that open no ticket: the menu, languages, service standards, greetings, out of scope."""

from __future__ import annotations

from bot import callbacks as cb
from bot.replies import Option, Reply
from bot.turn import Turn
from intents import standards
from intents.types import Intent, Lang, Topic


def welcome(turn: Turn) -> list[Reply]:
    """The /start greeting: what the bot can do, the main options and the language choice."""
    languages = (
        turn.option("menu.lang_zh_hans", cb.lang(Lang.ZH_HANS.value)),
        turn.option("menu.lang_zh_hant", cb.lang(Lang.ZH_HANT.value)),
        turn.option("menu.lang_en", cb.lang(Lang.EN.value)),
    )
    return [Reply(turn.t("menu.greeting", company=company_name(turn)), (*turn.menu(), *languages))]


def company_name(turn: Turn) -> str:
    company = turn.services.company
    return company.name_en if turn.lang is Lang.EN else company.name


def menu(turn: Turn) -> list[Reply]:
    return [turn.say("menu.again", *turn.menu())]


async def choose_language(turn: Turn, code: str) -> list[Reply]:
    await turn.set_lang(Lang(code))
    return [turn.say("menu.language_set", *turn.menu())]


def report_prompt(turn: Turn) -> list[Reply]:
    """ "Report a problem": ask for one sentence, with the common kinds as buttons."""
    kinds = (Intent.NO_HEAT, Intent.LEAK, Intent.BURST, Intent.COMPLAINT)
    turn.conv.draft = {}
    turn.conv.step = "clarify"
    return [
        turn.say("menu.report_prompt", *(turn.option(f"intent.{k.value}", cb.pick(k.value)) for k in kinds))
    ]


def standards_answer(turn: Turn, topic: Topic | None) -> list[Reply]:
    """One topic's answer (season-aware), with the other topics as buttons; no topic: ask which."""
    titles = standards.TOPIC_TITLES[turn.lang]
    if topic is None:
        return [turn.say("standards.which", *(Option(titles[t], cb.std(t)) for t in Topic))]
    text = standards.answer(turn.services.company, topic, turn.lang, turn.today())
    others = tuple(Option(titles[t], cb.std(t)) for t in Topic if t is not topic)
    return [Reply(text, (*others, turn.option("menu.back", cb.MENU_BACK)))]


def hello(turn: Turn) -> list[Reply]:
    return [turn.say("menu.hello", *turn.menu())]


def thanks(turn: Turn, *, acknowledged: bool = False) -> list[Reply]:
    """Thanks are answered; a bare "好的" / "ok" with no question open is only noted (no "you're welcome")."""
    return [turn.say("menu.noted" if acknowledged else "menu.thanks")]


def out_of_scope(turn: Turn) -> list[Reply]:
    return [turn.say("menu.out_of_scope", *turn.menu(), company=company_name(turn))]
