"""Property tests: any text classifies without error, deterministically."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from intents import classify, extract_entities, normalize
from intents.types import Intent

TEXT = st.text(max_size=300) | st.text(alphabet="暖气不热漏水爆管3栋2单元501度 ,.!幺十五点", max_size=200)


@settings(max_examples=150, deadline=None)
@given(TEXT)
def test_any_text_classifies_deterministically(text: str) -> None:
    first, second = classify(text), classify(text)
    assert first == second
    assert 0.0 <= first.confidence <= 1.0
    assert isinstance(first.intent, Intent)
    assert (first.topic is not None) == (first.intent is Intent.STANDARDS)
    if first.unsure:
        assert len(first.candidates) == 2


HUGE = st.tuples(st.text(min_size=1, max_size=400), st.integers(1, 100_000)).map(
    lambda pair: (pair[0] * (pair[1] // len(pair[0]) + 1))[: pair[1]]
)


@settings(max_examples=10, deadline=None)
@given(HUGE)
def test_texts_up_to_100k_chars(text: str) -> None:
    assert len(text) <= 100_000
    assert classify(text) == classify(text)
    assert classify(text).text == text


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=200))
def test_normalize_and_entities_never_fail(text: str) -> None:
    assert normalize(normalize(text)) == normalize(normalize(normalize(text)))
    extract_entities(text)
