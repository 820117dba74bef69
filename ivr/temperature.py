"""The room temperature asked in a no-heat report: keyed (* for a decimal point) or said, read back when taken."""

from __future__ import annotations

import re

from intents import classify
from intents.entities import extract_entities
from ivr import report
from ivr.call import DONT_KNOW, Ctx, main_menu


async def temperature_step(ctx: Ctx) -> str:
    """Degrees keyed or spoken, read back when taken; # alone, silence or "不知道" skip the question; what cannot be
    read, or keys no room reads (a stray "1"), is asked once more, then the report opens without it (never silently
    dropped, never noted as 1 degree)."""
    intake = ctx.state.intake
    if intake is None:
        return main_menu(ctx)
    keyed, said = ctx.turn.digits.strip("#"), ctx.turn.speech
    if (not keyed and not said) or (not keyed and _UNKNOWN.search(said)):
        return await report.open_report(ctx)
    value = _temperature(keyed, said)
    if said and intake.kind == "no_heat" and classify(said).too_hot:
        intake.too_hot = True  # "二十八度 太热了": key 1 was pressed for a flat too hot, named so
    if value is not None and (not keyed or KEYED_LOWEST <= value <= KEYED_HIGHEST):
        intake.temperature_c = value
        return await report.open_report(ctx, lead=[ctx.t("temperature_taken", degrees=_degrees(value))])
    ctx.state.tries += 1
    if ctx.state.tries < 2:  # keys no room reads are told back as keyed, so the caller hears what went wrong
        unlikely = None if value is None else ctx.t("temperature_unlikely", degrees=_degrees(value))
        again = unlikely or ctx.t("temperature_again")
        return report.ask_temperature(ctx, [again])
    return await report.open_report(ctx, lead=[ctx.t("temperature_not_taken")])


# Keys outside these degrees are a slip (key 1 pressed again, a digit lost), not a room's reading: asked once more.
KEYED_LOWEST, KEYED_HIGHEST = 5, 35
# "I don't know" at the temperature question: the same as skipping it.
_UNKNOWN = re.compile(rf"{DONT_KNOW}|没量|没有温度计|no thermometer", re.I)


def _temperature(keyed: str, said: str) -> float | None:
    """Keys as degrees (* is the decimal point: 15*5 = 15.5), or a reading in words, a bare number taken as degrees
    ("十六", "sixteen"); None when nothing plausible for a room (-30 to 45 °C) is there."""
    value: float | None = None
    if keyed:
        number = keyed.replace("*", ".", 1)
        value = float(number) if re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?", number) else None
    elif said:
        value = extract_entities(said).temperature_c
        if value is None:  # the question asked for degrees: a bare number is one
            value = extract_entities(f"{said} {'degrees' if said.isascii() else '度'}").temperature_c
    return value if value is not None and -30 <= value <= 45 else None


def _degrees(value: float) -> str:
    """15.0 -> "15", 15.5 -> "15.5"."""
    return f"{value:g}"
