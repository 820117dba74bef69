"""What a caller's words make of an address: a correction at the read-back ("不对 是五零二"), and the estate of a flat
told without one ("5栋1单元302": which estate?), asked once when the branch dialled serves more than one."""

from __future__ import annotations

import re
from collections.abc import Sequence

from intents import parse_address
from intents.addresses import estate_words, in_estate_of
from intents.estates import names_place, with_estate
from intents.normalize import simplified
from intents.types import Address
from ivr import texts, twiml
from ivr.call import DONT_KNOW, Ctx, after_answer

MAX_ADDRESS = 120  # a flat's address is short; more is noise, and it is read back aloud
MAX_ESTATES_NAMED = 4  # the estates read out as examples with the question
# Around an estate's short name ("嗯 是湖西的", "在桂林那边"): the name is what is left.
_NOISE = re.compile(r"[\s,.!?;:，。！？、；：…嗯恩呃额啊哦噢喔唔哎诶欸唉嘛呢吧哈呀喂]+")
_BEFORE_NAME = re.compile(r"^(?:我家|我们家)?住?(?:在|是)?")
_AFTER_NAME = re.compile(r"(?:的|那边|那儿|里)+$")
_DONT_KNOW = re.compile(DONT_KNOW, re.I)


def corrected(ctx: Ctx, heard: Address | None, said: str) -> Address | None:
    """The address as the caller corrects it at the read-back: a whole new one, or the heard one with the parts
    they name again (a room, a unit) replaced; None when their words name no address part."""
    words = after_answer(said)[:MAX_ADDRESS]
    own = ctx.address_in(words) if words else None
    if heard is None or not words:
        return own
    if own is not None and own.complete:
        return in_estate_of(heard, own)  # a whole new address
    merged = parse_address(f"{heard.raw} 不对 {words}")  # the parser applies a correction to what came before
    if merged is None:
        return None
    parts = (merged.building, merged.unit, merged.room)
    if parts == (heard.building, heard.unit, heard.room):
        return None
    return Address(_spoken(ctx, heard, parts), *parts)


def _spoken(ctx: Ctx, heard: Address, parts: tuple[str | None, str | None, str | None]) -> str:
    """The corrected address in words: the estate the caller named (before the flat or after it), then building,
    unit and room."""
    estate = estate_words(heard) or ""
    if estate[-1:].isascii() and estate[-1:].isalpha():  # "Hongqi compound" + " building 3…"
        estate += " "
    labels = [texts.label(ctx.lang, "address", name) for name in ("building", "unit", "room")]
    named = [label.format(value) for label, value in zip(labels, parts, strict=True) if value]
    return estate + texts.label(ctx.lang, "address", "join").join(named)


def lacks_estate(ctx: Ctx, address: Address | None) -> bool:
    """A flat told without its estate ("5栋1单元302") on a line whose branch serves more than one estate."""
    return (
        address is not None
        and bool(address.building or address.room)
        and len(ctx.branch.compounds) > 1
        and not names_place(address, ctx.services.company.places)
    )


def ask_estate(ctx: Ctx, flat: Address, lead: Sequence[twiml.Line] = ()) -> str:
    """Which estate the flat is in, the dialled branch's estates named as examples (and given to the recogniser)."""
    ctx.state.goto("estate")
    branch = ctx.branch
    names = (branch.compounds_en if ctx.lang == "en" else []) or branch.compounds
    shown = names[:MAX_ESTATES_NAMED]
    examples = texts.label(ctx.lang, "address", "or").join(
        filter(None, [texts.label(ctx.lang, "address", "list").join(shown[:-1]), shown[-1]])
    )
    hints = ",".join([*names, texts.hints(ctx.lang)])
    lines = [*lead, ctx.t("ask_estate", address=flat.raw, estates=examples)]
    return twiml.ask(
        ctx.lang, lines, action=ctx.url("estate"), digits=False, timeout=6, speech_timeout=2, hints=hints
    )


def whole_instead(ctx: Ctx, flat: Address) -> Address | None:
    """A whole address of another flat said at the estate question ("不对 是红旗小区6栋1单元302"), to be read back."""
    whole = _whole(ctx)
    return whole if whole is not None and _flat(whole) != _flat(flat) else None


def with_estate_said(ctx: Ctx, flat: Address) -> tuple[Address, bool]:
    """The flat with the estate the caller named ("桂林小区", "是湖西的", "Guilin", or the flat again with it) before
    it, and True when the company serves that estate; else the flat as told, with the caller's words before it for
    staff to check ("就在铁路宿舍后面 5栋1单元302"), unless they only said they do not know, or nothing, and False."""
    said = ctx.turn.speech[:MAX_ADDRESS]
    company = ctx.services.company
    whole = _whole(ctx) or (with_estate(flat, _served(ctx, said) or said, company.places) if said else None)
    if whole is not None:
        return whole, company.branch_for_address(whole.raw) is not None
    if not said or _DONT_KNOW.search(said) or ctx.turn.only_answered():  # "对的 谢谢", "没有了": no estate
        return flat, False
    return Address(f"{said} {flat.raw}"[:MAX_ADDRESS], *_flat(flat)), False


def _whole(ctx: Ctx) -> Address | None:
    """A whole address with its estate ("红旗小区5栋1单元302")."""
    said = after_answer(ctx.turn.speech)[:MAX_ADDRESS]
    whole = ctx.address_in(said) if said else None
    places = ctx.services.company.places
    return whole if whole is not None and whole.complete and names_place(whole, places) else None


def _flat(address: Address) -> tuple[str | None, str | None, str | None]:
    return address.building, address.unit, address.room


def _served(ctx: Ctx, said: str) -> str | None:
    """An estate of the dialled branch said by its name without its ending ("湖西" for "湖西花园")."""
    name = _AFTER_NAME.sub("", _BEFORE_NAME.sub("", _NOISE.sub("", simplified(said))))
    if len(name) < 2:
        return None
    return next((estate for estate in ctx.branch.compounds if estate.startswith(name)), None)
