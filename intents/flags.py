"""What a message tells beside its intent: something under way asked after or said to get worse, the crew said to
have come, the home said to be too hot."""

from __future__ import annotations

import re

from intents.rules import cold_told
from intents.signals import VOCAB, Signals
from intents.types import COMPLAINT, Intent


def waits_only(intent: Intent, sig: Signals) -> bool:
    """A complaint of nothing but the wait ("都40分钟了还没人来"): no misconduct, no complaint asked for."""
    return intent is COMPLAINT and not sig.has("misconduct") and not sig.has("complaint_word")


def asks_after(sig: Signals) -> bool:
    """When or how far something under way comes, asked about nothing outside heating ("天气怎么样了") and not
    about the service in general ("一般多久到")."""
    return sig.has("after_any") and not (sig.hard_negative and not sig.heating) and not sig.has("in_general")


def tells_worse(sig: Signals) -> bool:
    """Something under way said to get worse ("越来越厉害了", "the water keeps rising"), of nothing outside heating."""
    return (sig.has("worsening") or sig.has("water_rising")) and not (sig.hard_negative and not sig.heating)


# A room this warm or warmer may be too hot; a cooler reading is a cold room, whatever else is said.
TOO_HOT_FROM_C = 20.0


def tells_too_hot(sig: Signals, reading: float | None) -> bool:
    """The home or its radiators said to be too hot ("暖气太热了 28度", "热得睡不着"), with nothing cold told ("一楼烫手
    六楼冰凉", "暖气片烫手但屋里才16度") and no other home compared ("邻居家热得开窗")."""
    return (
        (sig.has("too_hot") or sig.has("too_hot_home"))
        and (reading is None or reading >= TOO_HOT_FROM_C)
        and not sig.has("other_homes")
        and not cold_told(sig)
    )


def says_little_else(sig: Signals) -> bool:
    """Beside the crew-arrived words, at most four characters or words ("你们的人到了", "the repairman just arrived";
    not "师傅来了看了一眼就走了", a visit complained of)."""
    rest = VOCAB["crew_arrived"].sub(" ", sig.text)
    return len(_WORDS.findall(rest)) <= 4


_WORDS = re.compile(r"[a-z0-9]+|[^\x00-\x7f]")


def tells_arrival(sig: Signals) -> bool:
    """The crew said to have come ("师傅已经到了", "the crew just arrived"), not asked after ("到了吗")."""
    return (
        sig.has("crew_arrived")
        and not sig.has("question")
        and not sig.has("cold")  # "人都来了三趟了还不热": the cold stays, a complaint
        and not sig.has("repeated")
        and not sig.has("complaint_word")  # "师傅来了，态度很差，我要投诉": a complaint
        and not sig.has("misconduct")
        and not sig.has("past_escape")  # "上礼拜师傅来了…": a visit told as past
        and not sig.has("came_late")  # "等了三个小时人才来": the wait complained of
    )
