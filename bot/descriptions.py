"""A report's description: the resident's own words, and what was put right since they said them ("暖气不热 3栋2单元501
15度（更正：地址 3栋2单元502；室温 16℃）"), so that the card and the ticket's staff never see two contradicting
values. The words stay as written: staff read what the resident said, and what counts now."""

from __future__ import annotations

from typing import Any

from bot.addresses import address_from_dict, quote, read_address
from bot.turn import Turn
from intents import extract_entities
from intents.addresses import estate_words
from intents.entities import says_more_than_a_reading
from intents.normalize import simplified
from intents.types import Address


def keep_words(draft: dict[str, Any], text: str) -> None:
    """Words said at a later question ("屋里只有12度，老人冻得不行", "5号楼3门402 家里有老人 快点" beside the address)
    added to the report's words, so that staff read them on the card and the ticket; a bare reading ("15"), or words
    already among them ("你们倒是管不管啊" said twice), adds nothing."""
    words = " ".join(text.split())
    said = draft.get("text") or ""
    if not says_more_than_a_reading(text) or words in said:
        return
    draft["text"] = f"{said} {words}".strip()


def description(turn: Turn, *, short: bool = False) -> str:
    """The draft's description; `short` cuts the words (not the correction) for echoing them back on the card."""
    draft = turn.conv.draft
    words = draft.get("text") or ""
    if not words:
        return turn.t(f"kind.{draft['intent']}")
    said = quote(words) if short else words
    address = address_from_dict(draft.get("address"))
    moved = address is not None and _other_flat(read_address(turn, words), address)
    temperature = draft.get("temperature_c")
    told = extract_entities(words).temperature_c
    warmer = temperature is not None and told is not None and told != temperature
    if not (moved or warmer):
        return said
    shown = turn.t("report.temperature_value", value=f"{temperature:g}") if warmer else ""
    key = (
        "report.corrected_both"
        if moved and warmer
        else f"report.corrected_{'address' if moved else 'temperature'}"
    )
    return turn.t(key, text=said, address=quote(address.raw) if address else "", temperature=shown)


def _other_flat(said: Address | None, now: Address) -> bool:
    """The words name a flat other than the one now on the card: a part they give differs, or their estate."""
    if said is None:
        return False
    parts = ((said.building, now.building), (said.unit, now.unit), (said.room, now.room))
    if any(told is not None and told != kept for told, kept in parts):
        return True
    estate = _estate(said)
    return estate is not None and estate != _estate(now)


def _estate(address: Address) -> str | None:
    """The estate an address names ("红旗小区", "hongqi compound"), compared without case, spaces or commas."""
    words = estate_words(address)
    return "".join(simplified(words).replace(",", " ").replace("，", " ").split()).lower() if words else None
