"""Button data: short strings, validated on the way back in; anything else is tampered with."""

from __future__ import annotations

import re
from dataclasses import dataclass

from intents.types import Topic

_TOPICS = "|".join(t.value for t in Topic)
_PATTERN = re.compile(
    r"^(?:"
    r"(?P<menu>m):(?P<m>report|status|std|human|menu)"
    r"|(?P<lang>l):(?P<l>zh-Hans|zh-Hant|en)"
    rf"|(?P<std>s):(?P<s>{_TOPICS})"
    r"|(?P<pick>p):(?P<p>no_heat|leak|burst|status|standards|complaint|human)"
    r"|(?P<flow>[acotxhe]):(?P<f>saved|skip|yes|no|addr|insist|submit|end)"
    r"|(?P<rate>r):(?P<rn>\d{6,10}):(?P<rv>[1-5]|cold)"
    r"|(?P<ticket>k):(?P<k>\d{6,10})"
    r"|(?P<came>w):(?P<w>\d{6,10})"
    r")$"
)
# Buttons that only make sense as an answer to the question last asked.
_STATEFUL = frozenset({"pick", "flow", "came"})


@dataclass(frozen=True, slots=True)
class Press:
    """A parsed button press: its kind ("menu", "lang", ...) and its argument."""

    kind: str
    arg: str
    number: str | None = None

    @property
    def stateful(self) -> bool:
        return self.kind in _STATEFUL


def parse(data: str) -> Press | None:
    """The press encoded in `data`, or None for data we never produced."""
    match = _PATTERN.match(data or "")
    if not match:
        return None
    if match["rate"]:
        return Press("rate", match["rv"], match["rn"])
    if match["ticket"]:
        return Press("ticket", "", match["k"])
    if match["came"]:
        return Press("came", "", match["w"])
    if match["flow"]:
        return Press("flow", f"{match['flow']}:{match['f']}")
    for kind, group in (("menu", "m"), ("lang", "l"), ("std", "s"), ("pick", "p")):
        if match[kind]:
            return Press(kind, match[group])
    return None  # pragma: no cover - the pattern has no other branch


MENU_REPORT, MENU_STATUS, MENU_STD, MENU_HUMAN, MENU_BACK = (
    "m:report",
    "m:status",
    "m:std",
    "m:human",
    "m:menu",
)
USE_SAVED, SKIP_TEMP, CONFIRM_YES, CONFIRM_NO, CHANGE_ADDRESS = "a:saved", "t:skip", "c:yes", "c:no", "c:addr"
INSIST, SUBMIT_AS_IS, END_HANDOFF, SKIP_ESTATE = "o:insist", "x:submit", "h:end", "e:skip"


def std(topic: Topic) -> str:
    return f"s:{topic.value}"


def pick(intent: str) -> str:
    return f"p:{intent}"


def lang(code: str) -> str:
    return f"l:{code}"


def rate(number: str, value: str) -> str:
    return f"r:{number}:{value}"


def came(number: str) -> str:
    """The crew has come to the repair with this number."""
    return f"w:{number}"
