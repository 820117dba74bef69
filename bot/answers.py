"""Answers that open no ticket: the menu, languages, service standards, greetings, out of scope."""

from __future__ import annotations

from bot import callbacks as cb
from bot.replies import Option, Reply
from bot.turn import Turn
from intents import names_other_service, standards
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


def standards_answer(turn: Turn, topic: Topic | None, said: str = "") -> list[Reply]:
    """One topic's answer (season-aware), with the other topics as buttons; no topic: ask which. Contact details are
    those of the branch named in what was `said` ("南关分公司在哪"), else of the resident's own branch when known."""
    titles = standards.TOPIC_TITLES[turn.lang]
    if topic is None:
        return [turn.say("standards.which", *(Option(titles[t], cb.std(t)) for t in Topic))]
    branch = _branch_named(turn, said) or _own_branch(turn)
    text = standards.answer(turn.services.company, topic, turn.lang, turn.today(), branch=branch)
    others = tuple(Option(titles[t], cb.std(t)) for t in Topic if t is not topic)
    return [Reply(text, (*others, turn.option("menu.back", cb.MENU_BACK)))]


def _branch_named(turn: Turn, said: str) -> str | None:
    """The branch a question names: by a compound or district, or by its own name ("南关分公司", "Nanguan branch")."""
    company = turn.services.company
    named = company.branch_for_address(said) if said else None
    if named is None and said:
        lowered = said.lower()
        named = next(
            (b for b in company.branches if _short_name(b.name) in said or b.name_en.lower() in lowered), None
        )
    return named.code if named else None


def _short_name(name: str) -> str:
    """ "南关供热分公司" -> "南关"."""
    for tail in ("供热分公司", "热力分公司", "分公司"):
        if name.endswith(tail) and len(name) > len(tail):
            return name[: -len(tail)]
    return name


def _own_branch(turn: Turn) -> str | None:
    """The resident's branch when it can be told: by their saved flat, else the number they texted."""
    company = turn.services.company
    found = company.branch_for_address(turn.contact.address_raw) if turn.contact.address_raw else None
    found = found or (company.branch_for_hotline(turn.identity.hotline) if turn.identity.hotline else None)
    return found.code if found else None


def hello(turn: Turn) -> list[Reply]:
    return [turn.say("menu.hello", *turn.menu())]


def thanks(turn: Turn, *, acknowledged: bool = False) -> list[Reply]:
    """Thanks are answered; a bare "好的" / "ok" with no question open is only noted (no "you're welcome")."""
    return [turn.say("menu.noted" if acknowledged else "menu.thanks")]


def out_of_scope(turn: Turn, said: str = "") -> list[Reply]:
    """What the line handles; where to turn for another utility or trade only when the words name one ("停电了"), not
    for words it could not place ("人呢", "说话啊")."""
    key = "menu.out_of_scope" if not said or names_other_service(said) else "menu.not_understood"
    return [turn.say(key, *turn.menu(), company=company_name(turn))]
