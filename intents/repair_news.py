"""What a resident tells of a repair under way besides the classifier's news (the crew came, the trouble over, worse):
the repair done ("修好了", "the technician fixed it, all good now"), the home colder ("越来越冷了"), or when the crew may come ("能不能下午再来，我现在
不在家", "can they come after 6pm?", "call me first"). From a resident with a repair open, the channels pass it to the
staff of that repair, who decide. Also a report said to be made by calling already ("我刚才打电话报了"): staff are pointed
at a call's emergency it may repeat."""

from __future__ import annotations

from intents.lexicon import load_vocab
from intents.normalize import normalize
from intents.types import Classification, Intent

DONE, VISIT, COLDER = "done", "visit", "colder"
_VOCAB = load_vocab()
_REPORTS = frozenset({Intent.NO_HEAT, Intent.LEAK, Intent.BURST})


def repair_news(c: Classification) -> str | None:
    """VISIT when the words say when the crew may come, COLDER when the home is said to get colder, DONE when they
    say the repair is done and nothing is wrong or asked; None for a report, or any other words."""
    if c.intent in _REPORTS and not c.unsure:
        return None
    said = normalize(c.text)
    if _VOCAB["visit_timing"].search(said):
        return VISIT
    colder = _VOCAB["colder_now"].search(said) and not _VOCAB["hard_negatives"].search(said)
    if (
        colder and c.entities.temperature_c is None
    ):  # with a reading ("又降到12度了"), the reading is the news
        return COLDER
    if not _VOCAB["job_done"].search(said):
        return None
    wrong = ("job_not_done", "complaint_word", "misconduct", "question")
    return None if any(_VOCAB[name].search(said) for name in wrong) else DONE


def called_before(text: str) -> bool:
    """The words say the report was made by calling already ("我刚才打电话报了暖气片爆了", "I called earlier")."""
    return _VOCAB["called_before"].search(normalize(text)) is not None
