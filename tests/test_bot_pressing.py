"""A resident who presses instead of answering ("冻死了", "孩子都感冒了", "你们倒是管不管啊", "屋里就12度" while the address is
asked; "家里有85岁老人，你们快点" with a repair open): the report being collected goes on, its words kept for its staff,
its question asked again; someone at home at risk is posted under the open repair's card for its staff. Through the
webhook, the staff chats and the store."""

from __future__ import annotations

import pytest
from phone_world import CHAOYANG_STAFF, Product, clock_fixture, product_fixture  # noqa: F401
from test_bot_address_asides import additions, of_the_chat
from test_sms_staff_talk import called_without_an_address, texts

from storage import tickets
from storage.values import TicketInfo, TicketKind

RESIDENT = 7401
NANGUAN_STAFF = -1001000000001  # the default branch's chat: an emergency with no address yet


def said(answers: list[str]) -> str:
    return "\n".join(answers)


def asks_address(answer: str, lang: str) -> bool:
    asked = {"en": "Please tell me the address", "zh-TW": "請告訴我報修地址"}
    return asked.get(lang, "请告诉我报修地址") in answer


def in_staff_chats(product: Product, words: str) -> bool:
    """The words appear anywhere a staff chat was sent or shown them."""
    return any(words in c.text for chat in (CHAOYANG_STAFF, NANGUAN_STAFF) for c in product.staff_seen(chat))


async def cold_repair(product: Product, lang: str = "zh-CN") -> TicketInfo:
    """The resident's no-heat repair at 红旗小区3栋2单元601 (Chaoyang), filed and its card delivered."""
    if lang == "en":
        await product.writes(RESIDENT, "no heat, Hongqi building 3 unit 2 room 601, 12 degrees", lang=lang)
        await product.writes(RESIDENT, "yes", lang=lang)
    else:
        await product.writes(RESIDENT, "暖气不热 红旗小区3栋2单元601 屋里12度")
        await product.writes(RESIDENT, "确认")
    await product.deliver()
    [repair] = await of_the_chat(product, RESIDENT)
    return repair


SEQUENCES = [
    pytest.param(
        "zh-CN",
        ["暖气不热", "冻死了", "孩子都感冒了", "你们倒是管不管啊", "屋里就12度"],
        "红旗小区3栋2单元601",
        "确认",
        "暖气不热 冻死了 孩子都感冒了 你们倒是管不管啊 屋里就12度",
        id="zh",
    ),
    pytest.param(
        "en",
        ["no heat", "freezing", "my kid is sick", "are you going to do anything??", "it's 12 degrees"],
        "Hongqi building 3 unit 2 room 601",
        "yes",
        "no heat freezing my kid is sick are you going to do anything?? it's 12 degrees",
        id="en",
    ),
]


@pytest.mark.parametrize(("lang", "pressed", "address", "yes", "words"), SEQUENCES)
async def test_an_impatient_resident_keeps_the_report_going_and_staff_read_every_word(
    product: Product, lang: str, pressed: list[str], address: str, yes: str, words: str
) -> None:
    """Each message that is no address is kept with the report and the address asked again (anger is apologised for,
    the reading taken); the address then brings the card with the reading and every word, and the repair is filed
    with its 30-minute promise at the branch serving the flat. No complaint is filed instead of it."""
    first, *rest = pressed
    assert asks_address(said(await product.writes(RESIDENT, first, lang=lang)), lang)
    for text in rest:
        answer = said(await product.writes(RESIDENT, text, lang=lang))
        assert asks_address(answer, lang), (text, answer)
        assert ("读出" if lang != "en" else "could not read") not in answer  # not taken for a bad address
        assert ("投诉已登记" if lang != "en" else "complaint") not in answer
    card = said(await product.writes(RESIDENT, address, lang=lang))
    assert (
        "室温：12℃" if lang != "en" else "Room temperature: 12 °C"
    ) in card  # the reading is not asked again
    assert (f"描述：{words}\n" if lang != "en" else f"Description: {words}\n") in card
    opened = said(await product.writes(RESIDENT, yes, lang=lang))
    assert ("30分钟内到场" if lang != "en" else "within 30 minutes") in opened
    await product.deliver()
    [ticket] = await of_the_chat(product, RESIDENT)  # the repair, and no complaint instead of it
    assert (ticket.kind, ticket.branch, ticket.address_raw, ticket.room) == (
        TicketKind.NO_HEAT,
        "chaoyang",
        address,
        "601",
    )
    assert (ticket.temperature_c, ticket.description) == (12, words)
    assert ticket.number in opened and f"居民原话：{words}\n" in product.card(ticket.number)


@pytest.mark.parametrize(
    ("lang", "angry", "sorry"),
    [
        ("zh-CN", "你们倒是管不管啊", "让您着急了，很抱歉"),
        ("zh-CN", "到底有没有人管", "让您着急了，很抱歉"),
        ("zh-TW", "你們倒是管不管啊", "讓您著急了，很抱歉"),
        ("en", "are you going to do anything??", "I'm sorry to keep you waiting"),
    ],
)
async def test_anger_at_the_address_question_is_apologised_for_and_never_filed_as_a_complaint_instead(
    product: Product, lang: str, angry: str, sorry: str
) -> None:
    report = {"en": "my heating is not working", "zh-TW": "暖氣不熱"}.get(lang, "暖气不热")
    await product.writes(RESIDENT, report, lang=lang)
    answer = said(await product.writes(RESIDENT, angry, lang=lang))
    assert sorry in answer and asks_address(answer, lang)
    assert not await of_the_chat(product, RESIDENT)  # nothing filed yet: the report waits for its address


async def test_anger_at_the_temperature_question_skips_it_and_at_the_card_files_the_report(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气不热")
    await product.writes(RESIDENT, "红旗小区3栋2单元601")
    card = said(await product.writes(RESIDENT, "你们倒是管不管啊"))
    assert "让您着急了" in card and "室温：未提供" in card and "描述：暖气不热 你们倒是管不管啊\n" in card
    opened = said(await product.writes(RESIDENT, "你们到底管不管"))  # out of patience at the card: filed now
    assert "已为您登记报修" in opened and "30分钟内到场" in opened
    [ticket] = await of_the_chat(product, RESIDENT)
    assert (
        ticket.kind is TicketKind.NO_HEAT and ticket.description == "暖气不热 你们倒是管不管啊 你们到底管不管"
    )


async def test_anger_beside_the_address_joins_the_report(product: Product) -> None:
    await product.writes(RESIDENT, "暖气不热")
    asked = said(await product.writes(RESIDENT, "红旗小区3栋2单元601 你们倒是管不管啊"))
    assert "多少度" in asked and "发生了什么" not in asked  # the address taken; no complaint asked about
    card = said(await product.writes(RESIDENT, "14"))
    assert "地址：红旗小区3栋2单元601\n" in card and "描述：暖气不热 你们倒是管不管啊\n" in card


async def test_a_complaint_made_mid_report_is_filed_beside_the_report_which_comes_back(
    product: Product,
) -> None:
    """ "我要投诉" is a complaint of its own: it is asked about and filed, then the report's address is asked again;
    both reach the store."""
    await product.writes(RESIDENT, "暖气不热")
    assert "发生了什么" in said(await product.writes(RESIDENT, "我要投诉"))
    filed = said(await product.writes(RESIDENT, "打了三次电话都说马上来，一直没人来"))
    assert "投诉已登记" in filed and "暖气不热" in filed and asks_address(filed, "zh-CN")
    await product.writes(RESIDENT, "红旗小区3栋2单元601")
    await product.writes(RESIDENT, "13")
    assert "已为您登记报修" in said(await product.writes(RESIDENT, "确认"))
    complaint, repair = await of_the_chat(product, RESIDENT)
    assert (complaint.kind, repair.kind) == (TicketKind.COMPLAINT, TicketKind.NO_HEAT)
    assert (repair.address_raw, repair.temperature_c) == ("红旗小区3栋2单元601", 13)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("zh-CN", "家里有85岁老人，你们快点"),
        ("zh-CN", "我妈心脏不好 冻不得"),
        ("en", "my grandmother is 85 and lives with us, please hurry"),
    ],
)
async def test_someone_at_risk_told_with_a_repair_open_is_posted_under_its_card(
    product: Product, lang: str, words: str
) -> None:
    repair = await cold_repair(product, lang)
    answer = said(await product.writes(RESIDENT, words, lang=lang))
    passed = "家里人的情况已记到工单" if lang != "en" else "What you said about your family is on ticket"
    assert passed in answer and repair.number in answer
    assert ("承诺" if lang != "en" else "crew due by") in answer  # where the repair stands, and its promise
    assert ("您是想" if lang != "en" else "do you mean") not in answer
    assert ("只能处理" if lang != "en" else "can only help") not in answer
    await product.deliver()
    assert additions(product, repair.number) == [words]
    [ticket] = await of_the_chat(product, RESIDENT)  # onto the repair, nothing else opened
    assert ticket.number == repair.number


async def test_someone_at_risk_told_while_an_emergency_waits_for_its_address_reaches_its_duty_staff(
    product: Product,
) -> None:
    await product.writes(RESIDENT, "暖气片漏水了")
    [leak] = await of_the_chat(product, RESIDENT)
    await product.deliver()
    answer = said(await product.writes(RESIDENT, "家里有85岁老人，你们快点"))
    assert f"已记到工单 {leak.number}" in answer and "请发送地址" in answer
    await product.deliver()
    lead = f"📝 工单 <code>{leak.number}</code> 居民补充："
    assert [
        c.text.removeprefix(lead) for c in product.staff_seen(NANGUAN_STAFF) if c.text.startswith(lead)
    ] == ["家里有85岁老人，你们快点"]
    assert "已补充到工单" in said(await product.writes(RESIDENT, "红旗小区3栋2单元601"))  # still its address
    [ticket] = await of_the_chat(product, RESIDENT)
    assert ticket.address_raw == "红旗小区3栋2单元601"


async def test_someone_at_risk_texted_after_a_call_left_without_an_address_reaches_its_call_back_staff(
    product: Product,
) -> None:
    """A caller's no-heat report left without an address is a call-back: staff will phone, and the words texted after
    are theirs to read, not a question of what is wrong."""
    callback = await called_without_an_address(product)
    assert callback.kind is TicketKind.CALLBACK
    answer = await texts(product, "我家里有老人 你们快点")
    assert f"家里人的情况已记到工单 {callback.number}" in answer and "出了什么问题" not in answer
    said = [e.data.get("description") for e in await tickets.events(product.store, number=callback.number)]
    assert "我家里有老人 你们快点" in said and additions(product, callback.number) == [
        "我家里有老人 你们快点"
    ]


@pytest.mark.parametrize(
    ("lang", "words", "next_words", "kept"),
    [
        ("zh-CN", "家里有85岁老人，你们快点", "暖气不热", "暖气不热 家里有85岁老人，你们快点"),
        ("en", "my grandmother is 85 and lives with us, please hurry", "no heat",
         "no heat my grandmother is 85 and lives with us, please hurry"),
    ],
)  # fmt: skip
async def test_someone_at_risk_told_with_nothing_open_is_asked_kindly_what_is_wrong(
    product: Product, lang: str, words: str, next_words: str, kept: str
) -> None:
    answer = said(await product.writes(RESIDENT, words, lang=lang))
    assert ("请告诉我出了什么问题" if lang != "en" else "Please tell me what is wrong") in answer
    assert ("95598" not in answer) and ("只能处理" not in answer) and ("can only help" not in answer)
    shown = [c for c in product.telegram.calls if c.chat_id == RESIDENT and c.method == "sendMessage"][-1]
    labels = [label for label, _ in shown.buttons]
    assert labels[:2] == (["暖气不热", "漏水"] if lang != "en" else ["No heat", "A leak"])
    assert asks_address(said(await product.writes(RESIDENT, next_words, lang=lang)), lang)
    await product.writes(
        RESIDENT, "红旗小区3栋2单元601" if lang != "en" else "Hongqi building 3 unit 2 room 601", lang=lang
    )
    card = said(await product.writes(RESIDENT, "15", lang=lang))
    assert (f"描述：{kept}\n" if lang != "en" else f"Description: {kept}\n") in card


@pytest.mark.parametrize(
    "words",
    [
        "孩子学校几点放学",
        "宝宝发烧了去哪个医院",
        "停电了 家里有老人 快点",
        "家里有八十五岁的老人",
        "is there a discount for elderly people?",
    ],
)
async def test_words_of_people_at_home_that_are_no_plea_are_never_posted_to_staff(
    product: Product, words: str
) -> None:
    repair = await cold_repair(product)
    lang = "en" if words.isascii() else "zh-CN"
    answer = said(await product.writes(RESIDENT, words, lang=lang))
    assert "家里人的情况" not in answer and "about your family" not in answer
    await product.deliver()
    assert additions(product, repair.number) == []
    assert not in_staff_chats(product, words)
