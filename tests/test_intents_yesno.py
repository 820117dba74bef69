"""One reading of a yes, a no or a cancel for the chat and the phone (intents.yesno): the whole answer, thanks and
fillers beside it changing nothing; words that point back at what was said are a yes to it."""

from __future__ import annotations

import pytest

from intents import yesno


@pytest.mark.parametrize(
    ("said", "meant"),
    [
        ("对的 谢谢你", yesno.YES),
        ("对，谢谢", yesno.YES),
        ("是 谢谢", yesno.YES),
        ("嗯", yesno.YES),
        ("嗯嗯", yesno.YES),
        ("没错 就是这", yesno.YES),
        ("好的谢谢", yesno.YES),
        ("對的 謝謝你", yesno.YES),
        ("对啊 就是刚才说的那个", yesno.YES),
        ("就是刚才那个", yesno.YES),
        ("yes thanks", yesno.YES),
        ("That’s right, thank you.", yesno.YES),
        ("yeah", yesno.YES),
        ("the same one", yesno.YES),
        ("I told you already", yesno.YES),
        ("不对", yesno.NO),
        ("不是这个地址 谢谢", yesno.NO),
        ("no, thanks", yesno.NO),
        ("不用了 谢谢你", yesno.CANCEL),
        ("算了算了 先不报了", yesno.CANCEL),
        ("never mind, thanks", yesno.CANCEL),
        ("没有了 谢谢", None),  # "nothing more", no answer to the question
        ("嗯 这个嘛", None),  # thinking
        ("对 不过是五零三", None),  # a correction
        ("外面全是雪", None),
        ("nothing", None),
        ("谢谢", None),
        ("红旗小区3栋2单元701", None),
    ],
)
def test_the_whole_answer_is_a_yes_a_no_a_cancel_or_none(said: str, meant: str | None) -> None:
    assert yesno.meaning(said) == meant


@pytest.mark.parametrize(
    ("said", "lead", "rest"),
    [
        ("不对 是五零二", yesno.NO, "五零二"),
        ("不对，是七栋一单元二零二", yesno.NO, "七栋一单元二零二"),
        ("对 不过是五零三", yesno.YES, "五零三"),
        ("no, it's room 504", yesno.NO, "it's room 504"),
        ("对 另外我妈家也漏水了", yesno.YES, "另外我妈家也漏水了"),
        ("不用了 谢谢你", None, ""),
        ("十五度 我妈家暖气片也漏水了", None, "十五度 我妈家暖气片也漏水了"),
    ],
)
def test_the_yes_or_no_leading_the_words_and_what_follows(said: str, lead: str | None, rest: str) -> None:
    assert yesno.leading(said) == (lead, rest)
