"""A resident in distress while an emergency is under way: a cry for help ("救命", "快来人啊", "help!"), words of water
or heating said in a panic ("好多水", "暖气管子"), a leak said to have burst ("好像爆了")."""

from __future__ import annotations

from intents.lexicon import load_vocab
from intents.normalize import normalize
from intents.types import Classification, Intent

_VOCAB = load_vocab()
# What words said in a panic are of: water escaping, the heating, the cry itself
_DISTRESS = ("cry_for_help", "burst_said", "water_alone", "heating", "leak", "urgent")


def cries_for_help(c: Classification) -> bool:
    """A cry for help and nothing the chat can act on besides ("救命", "快来人啊", "please help"): no report, no
    question of the service."""
    sure = not c.unsure and c.intent is not Intent.OUT_OF_SCOPE
    return not sure and _VOCAB["cry_for_help"].search(normalize(c.text)) is not None


def says_burst(c: Classification) -> bool:
    """The words say water escaping has burst ("好像爆了", "现在爆了，水喷得到处都是", "the pipe just burst"), as the
    classifier reads them too (a burst, or one of its two guesses)."""
    burst = c.intent is Intent.BURST or any(intent is Intent.BURST for intent, _ in c.candidates)
    return burst and _VOCAB["burst_said"].search(normalize(c.text)) is not None


def in_distress(text: str) -> bool:
    """The words cry for help or speak of water escaping or the heating ("好多水", "快来人啊", "暖气管子"), not of
    something else ("我妈家也是")."""
    said = normalize(text)
    return any(_VOCAB[name].search(said) is not None for name in _DISTRESS)


def at_risk(text: str) -> bool:
    """Someone at home said to be at risk from the cold: ill ("孩子都感冒了", "我妈心脏不好 冻不得", "my kid is sick"), or
    old, a baby, a child, pregnant, with a hurry or the cold beside them ("家里有85岁老人，你们快点", "my grandmother is 85
    and lives with us, please hurry"). Not a question that presses for nothing ("孩子学校几点放学", "宝宝发烧了去哪个医院"),
    nor anything off the heating (a power cut, a water heater, the weather)."""
    said = normalize(text)
    if _VOCAB["hard_negatives"].search(said) or _VOCAB["off_network"].search(said):
        return False
    pressed = _VOCAB["impatient"].search(said) is not None
    if _VOCAB["question"].search(said) and not pressed:
        return False
    if _VOCAB["unwell"].search(said):
        return True
    cold = _VOCAB["cold"].search(said) is not None
    return _VOCAB["at_risk_people"].search(said) is not None and (pressed or cold)


def impatient(text: str) -> bool:
    """Pressing for help ("你们倒是管不管啊", "快点", "are you going to do anything??") without a complaint lodged in so
    many words ("快点 我要投诉")."""
    said = normalize(text)
    return _VOCAB["impatient"].search(said) is not None and not lodges_complaint(text)


def lodges_complaint(text: str) -> bool:
    """A complaint made in so many words ("我要投诉", "I want to file a complaint"), not only anger."""
    said = normalize(text)
    return any(_VOCAB[name].search(said) is not None for name in ("complaint_word", "complaint_lodged"))
