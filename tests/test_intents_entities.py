"""Entities and normalisation, in every written and spoken form the team has seen."""

from __future__ import annotations

import pytest

from intents import classify, extract_entities, normalize, parse_address, to_traditional
from intents.addresses import in_estate_of, words_beside
from intents.entities import only_a_phone, phone_e164, phone_said, reading_answer, says_more_than_a_reading

TEMPERATURES = [
    ("室温才15度", 15),
    ("屋里十五度", 15),
    ("卧室十五点五度", 15.5),
    ("温度计显示12.5°C", 12.5),
    ("现在16℃", 16),
    ("摄氏14度", 14),
    ("it is only 60 F inside", 15.6),
    ("inside temp 58°F", 14.4),
    ("bedroom is 14 degrees", 14),
    ("room at 13 degrees celsius", 13),
    ("２０２６年供暖，屋里１４度", 14),
]


@pytest.mark.parametrize(("text", "value"), TEMPERATURES)
def test_temperature(text: str, value: float) -> None:
    assert extract_entities(text).temperature_c == value


# A reading said as a range is its lower value: a cold room is not rounded up past the standard.
RANGES = [
    ("屋里也就十五六度吧", 15),
    ("客厅二十一二度", 21),
    ("卧室大概16到17度", 16),
    ("房间里14-15度", 14),
    ("maybe 15 or 16 degrees in here", 15),
    ("卧室13度 客厅十四五度", 13),
]


@pytest.mark.parametrize(("text", "value"), RANGES)
def test_a_range_of_temperatures_is_its_lower_value(text: str, value: float) -> None:
    assert extract_entities(text).temperature_c == value
    assert classify(text).entities.temperature_c == value  # what the chat's report card shows


@pytest.mark.parametrize(
    "text", ["2026年12月", "我家3栋2单元501", "等了30分钟", "外面零下二十度", "外头零下十七八度"]
)
def test_no_temperature(text: str) -> None:
    assert extract_entities(text).temperature_c is None


ADDRESSES = [
    ("3栋2单元501", ("3", "2", "501")),
    ("5号楼3门402室", ("5", "3", "402")),
    ("三栋二单元五零一", ("3", "2", "501")),
    ("十九栋六单元一二零四", ("19", "6", "1204")),
    ("3号楼", ("3", None, None)),
    ("Building 3 Unit 2 Room 501", ("3", "2", "501")),
    ("Bldg 10 unit 1 room 1202", ("10", "1", "1202")),
    ("住在3-2-501", ("3", "2", "501")),
    ("幺五栋三单元幺零二", ("15", "3", "102")),
    ("3棟2單元501室", ("3", "2", "501")),
]


@pytest.mark.parametrize(("text", "parts"), ADDRESSES)
def test_address(text: str, parts: tuple[str | None, ...]) -> None:
    entities = extract_entities(text)
    assert (entities.building, entities.unit, entities.room) == parts
    address = parse_address(text)
    assert address is not None and (address.building, address.unit, address.room) == parts
    again = parse_address(address.raw)  # the address's own words: part of the text, reading the same parts
    assert address.raw in text and again is not None and (again.building, again.unit, again.room) == parts


def test_parse_address_none_without_building_or_room() -> None:
    assert parse_address("暖气不热") is None


@pytest.mark.parametrize(
    ("text", "ticket", "phone"),
    [
        ("我的工单号 20261205，电话13912345678", "20261205", "+8613912345678"),
        ("ticket 4821937 please", "4821937", None),
        ("call me on +8643188880001", None, "+8643188880001"),
        ("手机 139 1234 5678", None, "+8613912345678"),
        ("3栋2单元501", None, None),
        ("单号2026120400019", None, None),
    ],
)
def test_ticket_and_phone(text: str, ticket: str | None, phone: str | None) -> None:
    entities = extract_entities(text)
    assert (entities.ticket, entities.phone) == (ticket, phone)


@pytest.mark.parametrize(
    ("text", "digits", "only"),
    [
        ("83251234", "83251234", True),  # a landline's local number alone
        ("0451 8325 1234", "045183251234", True),
        ("0451-83251234", "045183251234", True),
        ("（0451）8325-1234", "045183251234", True),
        ("零四五幺 八三二五 幺二三四", "045183251234", True),  # the area code's 0 kept
        ("我家座机是0451-83251234。", "045183251234", True),
        ("my home number is 8325 1234", "83251234", True),
        ("13900000001", "13900000001", True),
        ("暖气不热 我电话83251234", "83251234", False),
        ("工单1000017", None, False),  # no local number begins with 0 or 1
        ("3号楼2单元501", None, False),
    ],
)
def test_a_phone_number_said_is_found_with_its_area_code(text: str, digits: str | None, only: bool) -> None:
    assert (phone_said(text), only_a_phone(text)) == (digits, only)


CHANGCHUN, BEIJING, SHANGHAI = (
    "+8643188880001",
    "+861088880001",
    "+862188880001",
)  # hotlines: the city's area code


@pytest.mark.parametrize(
    ("text", "city", "phone"),
    [
        ("3栋2单元501 暖气不热 电话13812345678", CHANGCHUN, "+8613812345678"),
        ("no heat in building 5 unit 1 room 302, call me on 139 0000 0001", CHANGCHUN, "+8613900000001"),
        ("电话 幺三八 一二三四 五六七八", CHANGCHUN, "+8613812345678"),
        ("+86 138 1234 5678", None, "+8613812345678"),
        ("+49 151 23456789", CHANGCHUN, "+4915123456789"),  # abroad: no Chinese mobile in it
        ("my number is +1 415-555-0100, building 3", CHANGCHUN, "+14155550100"),
        ("+4915123456789", None, "+4915123456789"),
        ("我家座机0451-83251234", CHANGCHUN, "+8645183251234"),  # its own area code, not the city's
        ("83251234", CHANGCHUN, "+8643183251234"),  # a local number: of the city
        ("83251234", BEIJING, "+861083251234"),
        ("8325 1234", SHANGHAI, "+862183251234"),
        ("83251234", None, None),  # a local number of no city known
        ("83251234", "+8613900000001", None),  # a mobile has no area code
        ("工单号：8325 1234", CHANGCHUN, None),  # called a ticket's
        ("ticket #83251234", CHANGCHUN, None),
        ("红旗小区12栋2单元1502 暖气片漏水了", CHANGCHUN, None),  # an address's numbers
        ("工单1000017到哪了", CHANGCHUN, None),
    ],
)
def test_a_phone_number_said_is_read_as_e164(text: str, city: str | None, phone: str | None) -> None:
    assert phone_e164(text, city) == phone


@pytest.mark.parametrize(
    ("text", "beside", "more"),
    [
        ("3栋2单元501 水越来越多了", "水越来越多了", True),
        ("家里有老人 红旗小区3栋2单元501，快点", "家里有老人 快点", True),
        ("Building 3 unit 2 room 501, it's getting worse.", "it's getting worse.", True),
        ("我家地址是红旗小区6栋2单元401", "", False),  # words leading into the address are none beside it
        ("my address is building 3 unit 2 room 501", "", False),
        ("湖西花园，7号楼，3单元，602。", "", False),
        ("1单元201 屋里12度", "屋里12度", False),  # a reading, nothing more
    ],
)
def test_the_words_said_beside_an_address(text: str, beside: str, more: bool) -> None:
    address = parse_address(text)
    assert address is not None
    said = words_beside(text, address)
    assert (said, says_more_than_a_reading(said)) == (beside, more)


NORMALISED = [
    ("暖氣不熱", "暖气不热"),
    ("ＨＥＬＬＯ，　ＷＯＲＬＤ！", "hello world"),
    ("嗯 那个 暖器 不热", "暖气 不热"),
    ("我要报秀", "我要报修"),
    ("um the heating is uh off", "the heating is off"),
    ("十五度", "15度"),
    ("一点都不热", "一点都不热"),
    ("十分冷", "十分冷"),
    ("三十分钟", "30分钟"),
    ("radi ator leeking", "radiator leaking"),
    ("暖气片 漏谁", "暖气片 漏水"),
]


@pytest.mark.parametrize(("raw", "expected"), NORMALISED)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_to_traditional() -> None:
    assert to_traditional("暖气爆裂了") == "暖氣爆裂了"


@pytest.mark.parametrize(
    ("simplified", "traditional"),
    [
        ("我在，别着急。", "我在，別著急。"),
        ("已为您登记", "已為您登記"),
        ("现在屋里暖和了吗？", "現在屋裡暖和了嗎？"),
        ("核定的标准", "核定的標準"),
        ("刚才说的", "剛才說的"),
        ("心里别扭", "心裡彆扭"),  # the one word 彆 is right in
    ],
)
def test_to_traditional_writes_as_taiwan_and_hong_kong_read(simplified: str, traditional: str) -> None:
    assert to_traditional(simplified) == traditional


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("it's about sixteen degrees in the bedroom", 16),
        ("barely twenty one degrees celsius in here", 21),
        ("the thermostat reads 15.5 and the radiators are cold", 15.5),
        ("my thermometer says 14 right now", 14),
        ("屋里暖气片下面量才16度", 16),
        # spoken Fahrenheit with no unit but "degrees" (a room is never 60 °C), halves and misheard 度
        ("honestly it's about fifty eight degrees in the kitchen", 14.4),
        ("the bedroom is sixty four degrees at best", 17.8),
        ("it's like thirteen point five degrees in the lounge", 13.5),
        ("卧室里就十五度半，冷得睡不着", 15.5),
        ("客厅温度才十三读", 13),
        ("the thermostat says sixty three and the radiators are cold", 17.2),
        ("my thermostat shows 66", 18.9),
        ("barely fifteen and a half degrees in the bedroom", 15.5),
    ],
)
def test_round_w_temperatures(text: str, value: float) -> None:
    assert extract_entities(text).temperature_c == value


@pytest.mark.parametrize(
    "text",
    [
        "暖气片摸了一下才28度，屋里还行",  # the radiator's surface, not the room
        "the radiator is only 30 degrees to the touch",
        "someone told me one degree makes a difference",  # a spelled-out one is not a reading
        "供暖标准是保证16度吗",  # the norm cited, not a reading
        "20度是指客厅还是卧室",
        "我在读三年级，家里冷不冷无所谓",
    ],
)
def test_round_w_not_room_temperatures(text: str) -> None:
    assert extract_entities(text).temperature_c is None


@pytest.mark.parametrize("text", ["卧室客厅都得到18度吗", "Is the 18 degrees measured next to the window?"])
def test_the_standard_in_a_question_is_not_a_reading(text: str) -> None:
    from intents import classify

    assert classify(text).entities.temperature_c is None


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("hi its block nine unit two room six oh one, no heat", ("9", "2", "601")),
        ("building thirty one unit four room twelve oh three radiators cold", ("31", "4", "1203")),
        ("um building two unit five room one one oh two", ("2", "5", "1102")),
        ("we live 8 building 2 unit 1101, heating is off", ("8", "2", "1101")),
        ("building 11 unit 3 704 the pipe is leaking", ("11", "3", "704")),
        ("No. 9 building, unit 2, room 1101", ("9", "2", "1101")),
        ("block number six, flat 3 0 4", ("6", None, "304")),
        ("building number fourteen unit two room number eight oh one", ("14", "2", "801")),
    ],
)
def test_spoken_and_number_first_english_addresses(text: str, parts: tuple[str | None, ...]) -> None:
    entities = extract_entities(text)
    assert (entities.building, entities.unit, entities.room) == parts


def test_english_address_glued_to_chinese() -> None:
    entities = extract_entities("我家building 6 unit 1 room 902暖气冰凉")
    assert (entities.building, entities.unit, entities.room) == ("6", "1", "902")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # the address out of a report: what staff see and what is offered next time
        ("暖气片漏水了 红旗小区3栋2单元501", "红旗小区3栋2单元501"),
        ("湖西花园7栋3单元602 暖气片漏水了", "湖西花园7栋3单元602"),
        ("我家暖气不热，东岭小区2号楼1单元101，屋里15度", "东岭小区2号楼1单元101"),
        ("radiator is leaking, water on the floor. Building 3 unit 2 room 501", "Building 3 unit 2 room 501"),
        ("Building 3, Unit 2, Room 501 - the radiator is cold", "Building 3, Unit 2, Room 501"),
        # the estate named in Latin letters, before or after the flat; a bare "the compound" names nothing
        (
            "radiator cold, 15 degrees, Hongqi compound building 3 unit 2 room 501",
            "Hongqi compound building 3 unit 2 room 501",
        ),
        ("we live in Kaixuan Xiaoqu bldg 5 unit 1 rm 302", "Kaixuan Xiaoqu bldg 5 unit 1 rm 302"),
        ("Building 3 unit 2 room 501 Hongqi compound, no heat", "Building 3 unit 2 room 501 Hongqi compound"),
        ("in the compound building 3 unit 2 room 501", "building 3 unit 2 room 501"),
        ("暖气不热 三栋二单元五零一 红旗小区", "三栋二单元五零一 红旗小区"),
        # a voice transcript: the estate's name goes with the numbers said after it
        ("嗯 就是 那个 暖气片 漏水 了 红旗小区 三号楼 二单元 五零一 快来", "红旗小区 三号楼 二单元 五零一"),
        # parts spread over clauses, an address alone, a correction: nothing cut that the address needs
        ("3栋，2单元，501，暖气不热", "3栋，2单元，501"),
        ("5栋3单元602", "5栋3单元602"),
        # who speaks and what follows the flat are not the address
        ("你好，我是3栋2单元501的租户，暖气一直不热", "3栋2单元501"),
        ("我家住在红旗小区3栋2单元501这户", "红旗小区3栋2单元501"),
        ("5号楼3门402室", "5号楼3门402室"),
        # a correction: the address said after it
        ("十七栋 啊不对 是十一栋 502", "11栋502"),  # a correction is shown as the flat meant
    ],
)
def test_an_address_keeps_its_own_words_not_the_whole_message(text: str, words: str) -> None:
    address = parse_address(text)
    assert address is not None and address.raw == words, address


@pytest.mark.parametrize(
    ("text", "words", "parts"),
    [
        # a voice transcript's commas: the estate is in its own clause
        ("红旗小区，3号楼，2单元，501。", "红旗小区，3号楼，2单元，501", ("3", "2", "501")),
        ("Hongqi compound, building 3, unit 2, flat 501", "Hongqi compound, building 3, unit 2, flat 501",
         ("3", "2", "501")),
        ("暖气管裂了，水往外冒，桂林小区，7号楼，1单元，1202。", "桂林小区，7号楼，1单元，1202", ("7", "1", "1202")),
        # the complaint said before the estate, with no space or comma: not the address
        ("喂 你好 我们家暖气一点也不热啊红旗小区五栋一单元三零二屋里就十三度", "红旗小区五栋一单元三零二",
         ("5", "1", "302")),
        ("嗯那个卫生间暖气管在滴水呢滴了一早上了的桂林小区2号楼3单元602", "桂林小区2号楼3单元602", ("2", "3", "602")),
        ("家里冻得不行孩子都感冒了凯旋小区6栋1单元1101", "凯旋小区6栋1单元1101", ("6", "1", "1101")),
        ("就住凯旋小区呀6栋1单元1101", "凯旋小区6栋1单元1101", ("6", "1", "1101")),
        ("她住青年路小区8栋2单元402 老人一个人在家", "青年路小区8栋2单元402", ("8", "2", "402")),
        ("朝阳区红旗小区3栋2单元501暖气不热", "朝阳区红旗小区3栋2单元501", ("3", "2", "501")),
        ("东盛小区2期7栋1单元 暖气前面热后面凉", "东盛小区2期7栋1单元", ("7", "1", None)),
        ("暖气不热 5栋东单元402", "5栋东单元402", ("5", None, None)),
        # the estate said after the flat
        ("暖气片冰凉的 七号楼三单元602红旗小区", "七号楼三单元602红旗小区", ("7", "3", "602")),
        # a correction: the address said after it, in the estate said before it
        ("地址说错了 是5栋1单元302 屋里16度", "5栋1单元302", ("5", "1", "302")),
        ("红旗小区5栋 不对 是6栋1单元302", "红旗小区6栋1单元302", ("6", "1", "302")),
        ("暖气不热 红旗小区3栋2单元501 不对 是502 15度", "红旗小区3栋2单元502", ("3", "2", "502")),
    ],
)  # fmt: skip
def test_an_address_is_the_estate_and_the_flat_not_what_is_said_around_them(
    text: str, words: str, parts: tuple[str | None, ...]
) -> None:
    address = parse_address(text)
    assert address is not None and (address.raw, address.building, address.unit, address.room) == (
        words,
        *parts,
    )
    again = parse_address(address.raw)  # the words read the same address again
    assert again is not None and (again.building, again.unit, again.room) == parts


@pytest.mark.parametrize(
    ("heard", "new", "whole"),
    [
        ("红旗小区，3号楼，2单元，501", "6栋1单元302", "红旗小区6栋1单元302"),
        # the estate said after the flat is the estate, not the flat's words with it
        ("暖气不热 三号楼二单元五零一红旗小区", "6栋1单元302", "红旗小区6栋1单元302"),
        ("building 3 unit 2 room 501 in Hongqi compound", "building 6 unit 1 room 302",
         "Hongqi compound building 6 unit 1 room 302"),
        ("三号楼二单元五零一", "6栋1单元302", "6栋1单元302"),
    ],
)  # fmt: skip
def test_a_new_flat_is_put_in_the_estate_heard_before(heard: str, new: str, whole: str) -> None:
    before, flat = parse_address(heard), parse_address(new)
    assert before is not None and flat is not None and in_estate_of(before, flat).raw == whole


@pytest.mark.parametrize(
    ("text", "words"),
    [
        # a name the company serves, said after the flat without "compound", or before it with nothing between
        (
            "building 6 unit 1 room 302 kaixuan its about 15 degrees in here",
            "building 6 unit 1 room 302 kaixuan",
        ),
        ("Hongqi building 3 unit 2 room 501, no heat", "Hongqi building 3 unit 2 room 501"),
        ("卫生间管子红旗小区3栋2单元501", "红旗小区3栋2单元501"),
    ],
)
def test_an_estate_the_company_serves_is_kept_with_the_flat(text: str, words: str) -> None:
    address = parse_address(text, places=("红旗小区", "凯旋小区", "Hongqi", "Kaixuan"))
    assert address is not None and address.raw == words, address


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("屋里也就二十来度", 20),  # about 20
        ("客厅十来度，冷得很", 10),
        ("卧室十六度左右", 16),
        ("it's 17ish degrees in the hall", 17),
        ("it's about nineteen degrees in the kitchen", 19),
        # a range is its lower value, however it is said
        ("屋里十四到十六度", 14),
        ("客厅十五至十七度", 15),
        ("somewhere between 14 and 16 degrees in the lounge", 14),
        ("between thirteen and fifteen degrees at night", 13),
    ],
)
def test_round_s54_temperatures(text: str, value: float) -> None:
    assert extract_entities(text).temperature_c == value
    assert classify(text).entities.temperature_c == value


@pytest.mark.parametrize(
    "text",
    ["十来分钟就到了", "二十来个人在排队", "等了30分钟", "between 2 and 3 pm", "我家住十六楼", "孩子十来岁"],
)
def test_round_s54_numbers_that_are_no_reading(text: str) -> None:
    assert extract_entities(text).temperature_c is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("16", 16),
        ("十六", 16),
        ("15.5", 15.5),
        ("maybe around seventeen", 17),
        ("probably about fourteen", 14),
        ("18ish", 18),
        ("大概十五吧", 15),
        ("二十来", 20),
        ("十七度左右", 17),
        ("between 15 and 17 degrees", 15),
        ("十五到十七度", 15),
        ("-2", -2),
    ],
)
def test_a_bare_number_answering_how_warm_is_degrees(text: str, value: float) -> None:
    assert reading_answer(text) == value


@pytest.mark.parametrize(
    "text", ["30分钟", "5楼", "about 16 people", "no idea", "3点", "我等了二十分钟", "1503", "ok"]
)
def test_a_number_of_something_else_answers_no_reading(text: str) -> None:
    assert reading_answer(text) is None


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("红旗小区五栋 一单元 三零二 不对 是三零三", "红旗小区5栋1单元303"),  # a correction: the flat meant
        ("湖西花園7棟3單元602 不對 是603", "湖西花園7棟3單元603"),  # in the writer's script
        (
            "Hongqi compound building 3 unit 2 room 501, I mean 510",
            "Hongqi compound building 3 unit 2 room 510",
        ),
        (
            "Kaixuan compound building five unit one room three oh two",
            "Kaixuan compound building 5 unit 1 room 302",
        ),
        ("红旗小区3栋2单元501", "红旗小区3栋2单元501"),  # said plainly: as said
    ],
)
def test_an_address_corrected_or_read_out_in_words_is_shown_as_the_flat_meant(text: str, shown: str) -> None:
    found = parse_address(text, places=("红旗小区", "Hongqi", "Kaixuan", "湖西花园"))
    assert found is not None and found.raw == shown, text
