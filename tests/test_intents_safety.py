"""Emergencies told in few words, or told with what is not one: cases written by the team (round y)."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import EMERGENCIES, Intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("爆了!!", Intent.BURST),
        ("漏了！", Intent.LEAK),
        ("leaking!!", Intent.LEAK),
    ],
)
def test_one_shouted_word_is_an_emergency_to_confirm(text: str, intent: Intent) -> None:
    result = classify(text)
    assert result.intent is intent and result.emergency
    assert (
        result.unsure
    )  # still acted on at once by every channel (advice, then the address); unsure: one word


@pytest.mark.parametrize(
    "text",
    [
        "早上还只是滴答，现在喷得跟水枪一样",
        "there was a little drip before, now it's shooting out like a garden hose",
        "the pipe is broken and water comes out really fast",
        "Not a huge burst, just dripping steadily from the joint",
        "修好以后又漏了，满地黑水",
    ],
)
def test_water_escaping_in_other_words_is_an_emergency(text: str) -> None:
    assert classify(text).intent in EMERGENCIES


def test_a_steady_drip_that_is_not_a_burst_is_a_leak() -> None:
    assert classify("Not a huge burst, just dripping steadily from the joint").intent is Intent.LEAK


def test_water_coming_out_hard_from_a_broken_pipe_is_a_burst() -> None:
    assert classify("the pipe is broken and water comes out really fast").intent is Intent.BURST


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("维修完地上满是黑水，师傅也不擦就走了", Intent.COMPLAINT),
        ("师傅修好以后一地泥水，也没人收拾", Intent.COMPLAINT),
        ("不是漏水，是暖气不热，别派修漏水的过来", Intent.NO_HEAT),
        ("唔係漏水，係暖氣唔夠熱", Intent.NO_HEAT),
    ],
)
def test_a_dirty_floor_after_a_repair_or_a_denied_leak_is_no_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize("text", ["data leak", "气球爆了", "最近这个店很火爆", "爆了没"])
def test_a_bursting_word_about_something_else_is_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气里面一直有流水的声音，可屋里还是冷", Intent.NO_HEAT),
        ("管子里咕噜咕噜的，好像有水在走，就是不热", Intent.NO_HEAT),
        ("漏水的问题fix好了，可暖气不热了", Intent.NO_HEAT),
        ("外面下雨，阳台顶上漏雨了", Intent.OUT_OF_SCOPE),
        ("上次爆管那回你们来得太慢了，我要投诉", Intent.COMPLAINT),
        ("漏水那个单子，师傅出发了没", Intent.STATUS),
    ],
)
def test_water_heard_past_or_elsewhere_is_no_emergency(text: str, intent: Intent) -> None:
    """Water heard moving in a cold radiator, rain through a roof, a leak that was fixed or is a ticket."""
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    "text",
    ["师傅修完漏水，地上一地脏水也不擦", "The way my leaking radiator was handled was terrible"],
)
def test_how_a_past_leak_was_handled_is_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("water is jumping out really hard from the valve", Intent.BURST),
        ("暖气管爆了，能听到哗哗的水声", Intent.BURST),
        ("暖气漏水单元门口全是水", Intent.LEAK),  # 单元 is the address, not a report (单)
    ],
)
def test_escaping_water_with_sounds_or_addresses_stays_an_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("the radiator exploded, water everywhere in room 5", Intent.BURST),
        ("heating pipe in the hallway split, carpet is under water", Intent.BURST),
        ("水管接头飞了，水哗哗往外冲", Intent.BURST),
        ("以为只是返潮，结果暖气片底下一直在渗", Intent.LEAK),
        ("I thought it was just steam from the kettle but the radiator valve is leaking", Intent.LEAK),
        ("阀门关上了还是有点滴", Intent.LEAK),
        ("漏，一直往外渗，停不下来", Intent.LEAK),
    ],
)
def test_force_a_taken_back_doubt_or_a_slow_drip_is_told_apart(text: str, intent: Intent) -> None:
    """A valve flying off or a floor under water is a burst; a doubt taken back ("thought it was…") is no
    hard negative; a slow drip with no word for water is still a leak on a heating line."""
    assert classify(text).intent is intent


@pytest.mark.parametrize("text", ["炸鸡排", "生活大爆炸第几季好看", "地暖开到最大了还是凉脚"])
def test_frying_television_and_a_valve_turned_up_are_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("地下室的主管子爆了，冒热气跟开锅一样", Intent.BURST),  # "like a boiling pot": no cooking pot
        ("不是滴水，是往外喷，地上全是", Intent.BURST),  # a drip denied, a jet told
        ("Not gushing, just a slow trickle from the valve", Intent.LEAK),
    ],
)
def test_a_simile_or_a_correction_does_not_hide_the_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_a_puddle_left_by_the_plumber_is_no_emergency() -> None:
    assert not classify("the plumber left the old part and a puddle on my floor").emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("小区外面井盖冒白烟，热水往外冒，是不是你们热力的管子坏了", Intent.BURST),  # a main under the road
        ("楼道里管子爆了，水都流进电梯井了", Intent.BURST),  # the lift shaft is where the water goes
        ("刚才报的漏水，现在开始往外喷了！", Intent.BURST),  # reported, and now worse: a new emergency
        ("暖气片冻裂了，水一直往外淌", Intent.BURST),
        ("a fine mist of water is coming off the radiator valve onto the wall", Intent.LEAK),
        ("立管上有水流下来，顺着墙往楼下走", Intent.LEAK),
    ],
)
def test_mains_lift_shafts_and_worsening_leaks_are_emergencies(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("爆管的事我半小时前报过了，师傅到哪了", Intent.STATUS),
        ("电梯坏了，困在里面", Intent.OUT_OF_SCOPE),
    ],
)
def test_a_reported_burst_asked_after_or_a_lift_is_no_new_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_a_fixed_leak_with_a_floor_left_open_is_no_emergency() -> None:
    assert not classify("漏水是修好了，可地板被撬了也没人装回去").emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气片在尿尿，地上湿了一大片", Intent.LEAK),  # a child's words
        ("the radiator keeps crying little drops onto the floor", Intent.LEAK),
        ("my radiator is sweating water all day", Intent.LEAK),
        ("墙纸后面鼓起一个包，一按全是水，正好在暖气后面", Intent.LEAK),
        ("the carpet next to the radiator is soggy", Intent.LEAK),
        ("there's a little pool of water under the heater every morning", Intent.LEAK),
        ("路面上一直往外翻热水，还冒白烟", Intent.BURST),  # a heating main under the road
        ("暖气管嘣的一下，水飙得到处都是", Intent.BURST),
        ("water is jetting out of the radiator like a shower", Intent.BURST),
    ],
)
def test_water_told_in_everyday_words_is_an_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_hot_water_coming_up_through_the_road_is_an_emergency() -> None:
    assert classify("hot water is coming up through a crack in the road outside").emergency


@pytest.mark.parametrize(
    "text",
    [
        "windows are dripping with condensation every morning",
        "放完气呲了一会儿气，还是不热",  # air hissing out while bleeding
        "楼上卫生间漏水到我家，跟暖气没关系",
        "the leak was patched but the valve still needs replacing, when will they come back?",
        "they left dirty water all over my hallway after fixing the drip",
        "狗把水盆打翻了，地上全是水",
    ],
)
def test_condensation_bled_air_and_water_from_elsewhere_are_no_emergency(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("楼上暖气坏了，热水哗啦哗啦往下倒", Intent.BURST),
        ("屋里的水都没过脚脖子了，还是热的", Intent.BURST),
        ("water up to my ankles and it's warm, coming from the radiator", Intent.BURST),
        ("暖气管断掉了，水流了一走廊", Intent.BURST),
    ],
)
def test_deep_water_and_water_pouring_down_are_bursts(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_a_river_down_the_stairs_is_an_emergency() -> None:
    assert classify("there's a river of water running down the stairs from the heating pipe").emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("暖气片里哗啦哗啦的流水声，就是不热", Intent.NO_HEAT),  # the sound of water, not water out
        ("only the kitchen warms up, the bedrooms are ice cold", Intent.NO_HEAT),  # no ice
        ("卧室冷得跟冰箱似的，就客厅有点暖", Intent.NO_HEAT),  # no fridge
        ("when will the power be back on?", Intent.OUT_OF_SCOPE),
        ("师傅来了看了一眼就走了，什么也没干", Intent.COMPLAINT),
    ],
)
def test_sounds_similes_and_power_are_read_as_meant(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_windows_wet_on_the_inside_are_no_emergency() -> None:
    assert not classify("our windows have water running down the glass every morning").emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("阀门被冲掉了，水一直喷，屋里成了游泳池", Intent.BURST),  # no swimming pool
        ("水跟消防栓似的往外喷，关不上", Intent.BURST),
        ("楼道顶上的管子破了，热水像下雨一样往下浇", Intent.BURST),  # no rain
        ("小区门口地下一直冒热水和白烟", Intent.BURST),
        ("刚换的暖气片接口没拧紧，师傅走了就开始滴", Intent.LEAK),
    ],
)
def test_similes_of_pools_taps_and_rain_do_not_hide_a_burst(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


def test_a_reported_drip_that_got_worse_is_an_emergency_again() -> None:
    text = "I called about a small drip earlier, it's not a drip anymore, the fitting popped off"
    assert classify(text).emergency


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("浴室莲蓬头的水管漏了找谁修", Intent.OUT_OF_SCOPE),
        ("漏水的地方师傅已经弄好了，不滴了，谢谢", Intent.THANKS),
        ("漏水的事你们上回修好了，但是现在又不热了", Intent.NO_HEAT),
    ],
)
def test_a_shower_pipe_and_leaks_fixed_by_the_crew_are_no_emergency(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("锅炉房那边的管子爆了，热气喷得满院子都是", Intent.BURST),  # a boiler room is no cooking pot
        ("steam pouring out of a manhole in front of our block", Intent.BURST),
        ("师傅上周修好的接头今天又开始漏了", Intent.LEAK),  # leaking again after a repair
        ("昨天报过的渗水今天更厉害了，现在连成线往下流", Intent.LEAK),  # reported, and worse
        ("报的渗水一直没人来，现在直接爆了，全屋进水", Intent.BURST),
    ],
)
def test_boiler_rooms_manholes_and_leaks_come_back_or_worse_are_emergencies(
    text: str, intent: Intent
) -> None:
    assert classify(text).intent is intent


def test_soup_spilt_from_a_pot_is_no_emergency() -> None:
    assert not classify("锅里的汤洒了一地").emergency
