"""Value types of the understanding layer, shared with the channels and the store."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Intent(StrEnum):
    NO_HEAT = "no_heat"
    LEAK = "leak"
    BURST = "burst"
    STATUS = "status"
    STANDARDS = "standards"
    COMPLAINT = "complaint"
    HUMAN = "human"
    GREETING = "greeting"
    THANKS = "thanks"
    OUT_OF_SCOPE = "out_of_scope"


# The intents bound once as names: on Python 3.11 `Intent.LEAK` is a slow metaclass attribute lookup, and one message
# passes dozens of these names in the classifier's rules.
NO_HEAT, LEAK, BURST, STATUS = Intent.NO_HEAT, Intent.LEAK, Intent.BURST, Intent.STATUS
STANDARDS, COMPLAINT, HUMAN = Intent.STANDARDS, Intent.COMPLAINT, Intent.HUMAN
GREETING, THANKS, OUT_OF_SCOPE = Intent.GREETING, Intent.THANKS, Intent.OUT_OF_SCOPE


class Topic(StrEnum):
    HEATING_PERIOD = "heating_period"
    ROOM_TEMPERATURE = "room_temperature"
    RESPONSE_TIME = "response_time"
    FEES = "fees"
    STAFF_CONDUCT = "staff_conduct"
    CONTACT = "contact"


EMERGENCIES = frozenset({Intent.LEAK, Intent.BURST})
TICKET_INTENTS = frozenset({Intent.NO_HEAT, Intent.LEAK, Intent.BURST, Intent.COMPLAINT})


class Lang(StrEnum):
    """The languages Heatline answers in. Traditional Chinese is answered in Traditional Chinese."""

    ZH_HANS = "zh-Hans"
    ZH_HANT = "zh-Hant"
    EN = "en"


@dataclass(frozen=True, slots=True)
class Address:
    """A flat's address: the resident's own words plus the parts we could read."""

    raw: str
    building: str | None = None
    unit: str | None = None
    room: str | None = None

    @property
    def complete(self) -> bool:
        return bool(self.building and self.room)


@dataclass(frozen=True, slots=True)
class Entities:
    temperature_c: float | None = None
    building: str | None = None
    unit: str | None = None
    room: str | None = None
    ticket: str | None = None
    phone: str | None = None

    def as_dict(self) -> dict[str, str | float]:
        """Only the entities that are present, in the shape `heatline classify` prints."""
        return {
            k: v
            for k, v in (
                ("temperature_c", self.temperature_c),
                ("building", self.building),
                ("unit", self.unit),
                ("room", self.room),
                ("ticket", self.ticket),
                ("phone", self.phone),
            )
            if v is not None
        }


@dataclass(frozen=True, slots=True)
class Classification:
    """What a message means. `candidates` holds the top two (intent, score) when the classifier is unsure.

    `asks_after`: the message is not read as status but asks when or how far something under way comes ("多久到",
    "到哪了", "现在怎么样了", "when will they come"). Context-free it may be anything; from a resident with a
    report open, the channels answer it with that report's status.

    `worsening`: the message is no report of its own but says something under way is getting worse ("越来越厉害了",
    "水越来越多了", "it's getting worse"). From a resident with a leak or burst open, the channels add it to that
    ticket and tell the duty staff.

    `settled`: the message says the trouble is over or a visit is no longer needed ("不用来了", "暖气已经热了", "the
    drip stopped"). From a resident with a repair open, the channels pass it to the staff of that ticket, who decide.

    `arrived`: the message says the crew has come ("师傅已经到了", "the crew just arrived"). From a resident with a
    repair open, the channels add it to that ticket and ask nothing more the crew would need to find them.

    `too_hot`: a no-heat report (or one of the candidates) that says the home or its radiators are too hot ("暖气太热了
    28度", "热得开窗户", "the radiators are way too hot"), with nothing said to be cold. The intent stays no_heat (the same
    crew regulates the heating); the channels name the problem as too hot and never treat the resident as cold.
    """

    text: str
    intent: Intent
    confidence: float
    topic: Topic | None = None
    entities: Entities = field(default_factory=Entities)
    lang: Lang = Lang.ZH_HANS
    unsure: bool = False
    candidates: tuple[tuple[Intent, float], ...] = ()
    asks_after: bool = False
    worsening: bool = False
    settled: bool = False
    arrived: bool = False
    too_hot: bool = False

    @property
    def emergency(self) -> bool:
        return self.intent in EMERGENCIES
