"""Round w: what residents said that the classifier did not yet understand (cases written by the team)."""

from __future__ import annotations

import pytest

from intents import classify
from intents.types import Intent, Topic

CASES: list[tuple[str, Intent]] = [
    ("厨房那边咣的一声，接着满屋都是白烟似的热气，地上全是水", Intent.BURST),
    ("heard a loud pop from the radiator and now there's scalding water all over the floor", Intent.BURST),
    ("暖气管子嘶嘶响，热水往外喷", Intent.BURST),
    ("楼上邻居家的暖气水顺着我家天花板往下滴", Intent.LEAK),
    ("water coming through the ceiling from the flat above, right where their radiator is", Intent.LEAK),
    ("pipe behind the sofa is hissing and the carpet is soaked", Intent.LEAK),
    ("阀门那 滴 一直滴 滴了一晚上了", Intent.LEAK),
    ("屋里温度还行，就是暖气片下面那个阀门老在滴水，接了半盆了", Intent.LEAK),
    ("冷倒无所谓，关键是管子接头那渗水，地板都泡了", Intent.LEAK),
    ("上面那层的暖气管爆了，水从吊顶哗哗往下灌", Intent.BURST),
    ("there was a bang and steam is coming out of the radiator valve", Intent.BURST),
    ("hot water spraying out of the pipe in the hallway", Intent.BURST),
    ("my ceiling is wet and dripping, upstairs radiator I think", Intent.LEAK),
    ("暖气片底下一直在滴答滴答，一晚上都没停", Intent.LEAK),
    ("咚的一声响，现在客厅一地的水还冒白汽", Intent.BURST),
    ("暖气不热是小事，主要是管子一直往下滴水", Intent.LEAK),
    ("地热一点都不热，脚底下冰凉", Intent.NO_HEAT),
    ("地暖开了跟没开一样", Intent.NO_HEAT),
    ("他妈的暖气又不热了", Intent.NO_HEAT),
    ("这破暖气TM的一点不热，冻死人了", Intent.NO_HEAT),
    ("我们这整个楼都没来热乎气，是不是给停了", Intent.NO_HEAT),
    ("全楼都没暖气，是停了吗", Intent.NO_HEAT),
    ("the heating season has started but our radiators still haven't come on", Intent.NO_HEAT),
    ("heating period began last week and our building is still cold", Intent.NO_HEAT),
    ("暖气一会儿热一会儿不热的", Intent.NO_HEAT),
    ("屋里16度，离标准还差两度，能不能给加点温", Intent.NO_HEAT),
    ("室温才17度不到标准，麻烦给调一下", Intent.NO_HEAT),
    ("my underfloor heating is barely lukewarm", Intent.NO_HEAT),
    ("damn radiators are fucking cold again", Intent.NO_HEAT),
    ("都打了三回电话了，一直没人管", Intent.COMPLAINT),
    ("跟你们说了好几次了，到现在也没人来处理", Intent.COMPLAINT),
    ("I've called about this five times and it still isn't fixed", Intent.COMPLAINT),
    ("reported it three times already and nobody has done anything, what is going on", Intent.COMPLAINT),
    ("我是房东，你们师傅修完把租户家里弄得乱七八糟就走了", Intent.COMPLAINT),
    (
        "as the landlord I'm unhappy - your crew left plaster and mess all over my tenant's flat",
        Intent.COMPLAINT,
    ),
    ("来的师傅往沙发上一坐，活干得马马虎虎的", Intent.COMPLAINT),
    ("the technician just sat on my couch on his phone and did a half-hearted job", Intent.COMPLAINT),
    ("我专门请假在家等，结果人压根没来", Intent.COMPLAINT),
    ("took a day off work to wait for your engineer and he never turned up", Intent.COMPLAINT),
    ("工单号找不到了，我手机后四位是3382，帮查下进展", Intent.STATUS),
    ("用手机尾号5170查一下我的报修到哪一步了", Intent.STATUS),
    ("I lost the ticket number, my phone ends in 4419, any update?", Intent.STATUS),
    ("物业费每平米多少钱", Intent.OUT_OF_SCOPE),
    ("物业管理费能刷信用卡交吗", Intent.OUT_OF_SCOPE),
    ("what's the building management fee per square metre", Intent.OUT_OF_SCOPE),
    ("can I pay the strata fee with a credit card", Intent.OUT_OF_SCOPE),
    ("开发票 低价代开 加V", Intent.OUT_OF_SCOPE),
    ("专业代开各类发票，联系QQ", Intent.OUT_OF_SCOPE),
    ("the people next door play loud music every night", Intent.OUT_OF_SCOPE),
    ("楼上天天半夜剁饺子馅，吵死了", Intent.OUT_OF_SCOPE),
    ("my car's heater blows cold air", Intent.OUT_OF_SCOPE),
    ("车里的暖风不出热风", Intent.OUT_OF_SCOPE),
    ("一开小太阳就跳闸", Intent.OUT_OF_SCOPE),
    ("the electric heater keeps tripping the fuse box", Intent.OUT_OF_SCOPE),
    ("小太阳一插上电闸就跳了", Intent.OUT_OF_SCOPE),
    ("👍", Intent.THANKS),
    ("🙏", Intent.THANKS),
    ("👌👌", Intent.THANKS),
    ("👋", Intent.GREETING),
    ("师傅在吗", Intent.GREETING),
    ("师傅在不在", Intent.GREETING),
    ("有人在不", Intent.GREETING),
    ("我普通话说不好，有没有会说英语的", Intent.HUMAN),
    ("我不太会说中文，能找个说英文的人吗", Intent.HUMAN),
    ("can I speak with someone who speaks English", Intent.HUMAN),
]

TOPIC_CASES: list[tuple[str, Topic]] = [
    ("量室温的时候温度计应该放在哪里", Topic.ROOM_TEMPERATURE),
    ("测温是在屋子中间测还是几个房间平均", Topic.ROOM_TEMPERATURE),
    ("where should the thermometer be placed when you measure the room temperature?", Topic.ROOM_TEMPERATURE),
    ("is the 18 degrees measured in the middle of the room or is it an average?", Topic.ROOM_TEMPERATURE),
    ("是不是十月底就开始开栓了", Topic.HEATING_PERIOD),
    ("修好以后地上的垃圾师傅会清理吗", Topic.STAFF_CONDUCT),
    ("维修完师傅负责拖地吗", Topic.STAFF_CONDUCT),
    ("师傅上门要不要给倒茶递烟", Topic.STAFF_CONDUCT),
    ("should I offer the repair man a cup of tea or cigarettes?", Topic.STAFF_CONDUCT),
    ("who cleans up the debris after the repair, me or the crew?", Topic.STAFF_CONDUCT),
    ("修完了师傅会帮着把屋子收拾好吗", Topic.STAFF_CONDUCT),
    ("房子是新装修的，维修时师傅会铺垫布吗", Topic.STAFF_CONDUCT),  # a renovated home is context, not a topic
    ("if a technician is rude to me, what do you do about it?", Topic.STAFF_CONDUCT),
    ("who do I ring if the heating breaks down on a Sunday night", Topic.CONTACT),
]

MORE_CASES: list[tuple[str, Intent]] = [
    ("there's water coming through the ceiling from upstairs", Intent.LEAK),
    ("water dripping through my ceiling from the flat above", Intent.LEAK),
    ("steam everywhere in the bathroom, the pipe is hissing", Intent.BURST),
    ("the pipe is hissing and there's a puddle underneath", Intent.LEAK),
    ("big bang in the kitchen, floor is flooded now", Intent.BURST),
    ("hot water spraying from the radiator!!", Intent.BURST),
    ("楼上往下渗水，滴到我家暖气片上了", Intent.LEAK),
    ("天花板在滴水，楼上是暖气管", Intent.LEAK),
    ("砰的一声，暖气片下面全是水还冒热气", Intent.BURST),
    ("滴 一直滴 暖气阀门", Intent.LEAK),
    ("暖气 滴 滴 滴 一晚上", Intent.LEAK),
    ("嘭一声 然后水哗哗的", Intent.BURST),
    ("不热就算了，关键暖气还漏水", Intent.LEAK),
    ("温度倒是够，就是暖气片往下滴水", Intent.LEAK),
    ("楼上暖气爆管了水从天花板往下冲", Intent.BURST),
    ("水管爆了，水从屋顶浇下来", Intent.BURST),
    ("地热不热", Intent.NO_HEAT),
    ("地暖不热，屋里冷", Intent.NO_HEAT),
    ("整栋楼都没来暖是不是停了", Intent.NO_HEAT),
    ("全单元都不热了是停暖了吗", Intent.NO_HEAT),
    ("the heating never came on this year", Intent.NO_HEAT),
    ("时热时不热", Intent.NO_HEAT),
    ("暖气时热时不热的", Intent.NO_HEAT),
    ("一到晚上暖气就凉", Intent.NO_HEAT),
    ("室温17度差一度到标准 能不能调调", Intent.NO_HEAT),
    ("屋里十七度，能不能给调高点", Intent.NO_HEAT),
    ("fucking radiator is cold again", Intent.NO_HEAT),
    ("我操 暖气又不热了", Intent.NO_HEAT),
    ("反映好几次了没人管", Intent.COMPLAINT),
    ("说了多少遍了，就是没人来修", Intent.COMPLAINT),
    ("reported four times, still nobody fixed", Intent.COMPLAINT),
    ("I have called 5 times about this", Intent.COMPLAINT),
    ("我是房东，你们修完把房子弄得一团糟", Intent.COMPLAINT),
    ("师傅坐在沙发上干活很马虎", Intent.COMPLAINT),
    ("请了假在家等结果人不来了", Intent.COMPLAINT),
    ("I took leave from work to wait and nobody came", Intent.COMPLAINT),
    ("手机尾号6621 帮我看看进度", Intent.STATUS),
    ("尾号3344的手机报的修 进度怎么样了", Intent.STATUS),
    ("my phone number ends with 5521, check my repair status please", Intent.STATUS),
    ("温度计放哪里测", Intent.STANDARDS),
    ("18度是在屋子中间测的吗", Intent.STANDARDS),
    ("18度是平均的还是每个房间", Intent.STANDARDS),
    ("十月底就开栓吗", Intent.STANDARDS),
    ("十一月初开栓吗", Intent.STANDARDS),
    ("修完谁把垃圾带走", Intent.STANDARDS),
    ("修完了谁拖地", Intent.STANDARDS),
    ("要给师傅倒茶吗", Intent.STANDARDS),
    ("师傅来要给烟吗", Intent.STANDARDS),
    ("do I need to give the worker tea", Intent.STANDARDS),
    ("物业费一平多少", Intent.OUT_OF_SCOPE),
    ("物业费能刷卡吗", Intent.OUT_OF_SCOPE),
    ("property management fee per square meter?", Intent.OUT_OF_SCOPE),
    ("can I pay my property fee with a card", Intent.OUT_OF_SCOPE),
    ("发票 代开 优惠", Intent.OUT_OF_SCOPE),
    ("邻居太吵了", Intent.OUT_OF_SCOPE),
    ("my neighbour is too noisy", Intent.OUT_OF_SCOPE),
    ("车暖气不热", Intent.OUT_OF_SCOPE),
    ("小太阳一开就跳闸", Intent.OUT_OF_SCOPE),
    ("👌", Intent.THANKS),
    ("👋", Intent.GREETING),
    ("师傅在不", Intent.GREETING),
    ("在吗师傅", Intent.GREETING),
    ("我中文不好 可以说英语的人吗", Intent.HUMAN),
    ("中文不好，有说英语的吗", Intent.HUMAN),
    ("english please", Intent.HUMAN),
]


@pytest.mark.parametrize(("text", "intent"), CASES + MORE_CASES)
def test_round_w_cases(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent


@pytest.mark.parametrize(("text", "topic"), TOPIC_CASES)
def test_round_w_standards_questions(text: str, topic: Topic) -> None:
    result = classify(text)
    assert (result.intent, result.topic) == (Intent.STANDARDS, topic)


@pytest.mark.parametrize(
    "text",
    ["暖气不热是小事，主要是管子一直往下滴水", "my ceiling is wet and dripping, upstairs radiator I think"],
)
def test_a_leak_is_an_emergency_whatever_comes_first(text: str) -> None:
    assert classify(text).emergency


@pytest.mark.parametrize("text", ["狗把水盆碰翻了，地上全是水", "砰的一声门被风关上了"])
def test_household_water_and_bangs_are_not_emergencies(text: str) -> None:
    assert not classify(text).emergency


@pytest.mark.parametrize(
    "text",
    [
        "楼上咣的一声，吓了我一跳",  # a bang with no water is not a burst
        "the radiator makes a hissing noise but it's cold",  # air in the radiator
        "上回漏水修完以后地板鼓了谁管",  # a past leak
        "I bled the radiator and some water came out, still not warm",
    ],
)
def test_round_w_not_emergencies(text: str) -> None:
    assert not classify(text).emergency


VOICE_AND_EVERYDAY: list[tuple[str, Intent]] = [
    ("uh hi yes um theres like hot water um shooting out the side of the radiator", Intent.BURST),
    ("hello um yeah so the the pipe by the window its dripping since last night", Intent.LEAK),
    ("喂 喂 你好 我家 暖气 呲水了 呲得 满墙 都是", Intent.BURST),
    ("那个 我们 家 天花板 往下 滴水 楼上 有 暖气", Intent.LEAK),
    ("the ceiling is pouring water, upstairs heating pipe burst", Intent.BURST),
    ("small leak at the radiator valve, towel under it", Intent.LEAK),
    ("my heat meter is leaking", Intent.LEAK),
    ("热表那儿渗水", Intent.LEAK),
    ("暖气回水管接头那有点洇水", Intent.LEAK),
    ("楼道里的暖气立管爆了，水都流到电梯口了", Intent.BURST),
    ("water keeps seeping out from under the skirting where the heating pipe runs", Intent.LEAK),
    ("暖气片被孩子碰掉了，水哗哗的", Intent.BURST),
    ("it's like fourteen degrees in my bedroom", Intent.NO_HEAT),
    ("thermostat reads 16.5, radiators lukewarm", Intent.NO_HEAT),
    ("我们building 3 unit 1 room 602暖气不热", Intent.NO_HEAT),
    ("我家暖气今年就没热过，找谁都没用", Intent.NO_HEAT),
    ("the radiators in the kids room are lukewarm at best", Intent.NO_HEAT),
    ("客厅暖气热，卧室的一点不热", Intent.NO_HEAT),
    ("我们家顶楼，暖气上不去，屋里十五度", Intent.NO_HEAT),
    ("你们的客服电话永远打不通，什么服务", Intent.COMPLAINT),
    ("the operator hung up on me", Intent.COMPLAINT),
    ("约好上午来，等到下午三点也没人", Intent.COMPLAINT),
    ("the technician asked me for 200 yuan cash to do it faster", Intent.COMPLAINT),
    ("师傅出发了吗", Intent.STATUS),
    ("has the engineer been assigned yet?", Intent.STATUS),
    ("工单20261234处理到哪了", Intent.STATUS),
    ("维修人员上门会出示工作证吗", Intent.STANDARDS),
    ("what are your hotline hours", Intent.STANDARDS),
    ("取暖费可以微信交吗", Intent.STANDARDS),
    ("供暖期到几月几号结束", Intent.STANDARDS),
    ("报修以后多长时间能到", Intent.STANDARDS),
    ("室温低于多少度可以申请退费", Intent.STANDARDS),
    ("给我转个人工", Intent.HUMAN),
    ("I want to talk to a person", Intent.HUMAN),
    ("hi there", Intent.GREETING),
    ("ok got it, thanks", Intent.THANKS),
    ("帮我订个外卖", Intent.OUT_OF_SCOPE),
    ("what's the score of the game last night", Intent.OUT_OF_SCOPE),
    ("燃气灶打不着火", Intent.OUT_OF_SCOPE),
    ("暖气片下面的地板鼓起来了，一摸是湿的", Intent.LEAK),
    ("暖气管子从接头那断开了，水直往外喷", Intent.BURST),
    # round s5 themes, in the team's own words
    ("漏水的毛病修好了，多谢，可暖气这两天又凉下来了", Intent.NO_HEAT),
    ("整栋楼都冰凉，楼里的微信群都在骂", Intent.NO_HEAT),
    ("我是租房住的，房东让我自己联系你们，暖气一点不热", Intent.NO_HEAT),
    ("my landlord told me to contact you myself, no heating in the flat", Intent.NO_HEAT),
    ("the heating at my place went off this afternoon", Intent.NO_HEAT),
    ("维修师傅还要多久才能到呀😫", Intent.STATUS),
    ("你们说要查一下我们楼的问题，查得怎么样了", Intent.STATUS),
    ("师傅说他到了，我在家没见人，是不是去错单元了", Intent.STATUS),
    ("the engineer says he's downstairs but I can't see him, wrong building maybe?", Intent.STATUS),
    ("来修的工人在我家又吃又喝，走时还带走一箱水果", Intent.COMPLAINT),
    ("the repairman never showed any badge and got snappy with my mother", Intent.COMPLAINT),
    ("each year we pay the heating charge in full and this is what we get?", Intent.COMPLAINT),
    ("要是上门的人说脏话，你们公司会怎么处理", Intent.STANDARDS),
    ("隔壁半夜还在唱K，能管管吗", Intent.OUT_OF_SCOPE),
    ("我家兔子跑丢了，有没有人看见", Intent.OUT_OF_SCOPE),
    ("power's out on our floor, any idea when it's back", Intent.OUT_OF_SCOPE),
    ("滲水的問題上個月就解決了，可是暖氣這幾天又涼了", Intent.NO_HEAT),
    ("漏的那块修好了 谢谢 就是又不热了", Intent.NO_HEAT),
    ("when will the technician get here? 🙏🙏", Intent.STATUS),
    ("they promise 18 degrees but we sit at 14, what a joke, we pay so much", Intent.COMPLAINT),
    ("如果上门的人乱收钱，去哪里投诉", Intent.STANDARDS),
    ("对面楼有人烧纸，烟都飘到我家了", Intent.OUT_OF_SCOPE),
    ("我养的鹦鹉飞走了，谁见到了告诉我", Intent.OUT_OF_SCOPE),
    ("请问你们单位招电工吗", Intent.OUT_OF_SCOPE),
    ("Congratulations, you have been selected for a cash reward", Intent.OUT_OF_SCOPE),
    # the repairer of a leak is still a repairer: his mess is a complaint, asking after him is status
    ("修漏水的小伙子走的时候地上全是泥脚印", Intent.COMPLAINT),
    ("your plumber left the bathroom floor soaking wet and didn't even apologise", Intent.COMPLAINT),
    ("约好的维修工到了没有", Intent.STATUS),
    ("师傅进门就坐着玩手机，活也没干完", Intent.COMPLAINT),
    ("the neighbours fight and shout every night, can you do anything", Intent.OUT_OF_SCOPE),
    ("楼道里天天有人抽烟，呛死了", Intent.OUT_OF_SCOPE),
    ("missing cat, ginger, last seen near block 3", Intent.OUT_OF_SCOPE),
    ("半夜暖气片滴水的话应该打哪个电话", Intent.STANDARDS),
    ("暖气滴水了，打哪个电话", Intent.LEAK),  # happening now: the question is a report
    ("修了好几年，年年白修，你们就不能有点作为吗", Intent.COMPLAINT),
    ("修理工非说阀门是我弄坏的，要我赔，这不是坑人吗", Intent.COMPLAINT),
    ("暖气片要换的话得住户自己出钱吗", Intent.STANDARDS),
    ("暖气不热，我自己掏钱换了个阀门也没用", Intent.NO_HEAT),
    ("自打上回修好漏水，暖气就老是半温不热的", Intent.NO_HEAT),
    ("上次修完的管子今天又滴水了", Intent.LEAK),  # a past repair, a leak now
    ("全单元都冷，业主群里乱成一锅粥", Intent.NO_HEAT),
    ("师傅电话里说马上到，这都过去一小时了，还要多久😤", Intent.STATUS),
    ("我们单元不热那事有说法了没", Intent.STATUS),
    ("请问你们招水暖工吗", Intent.OUT_OF_SCOPE),
    ("楼上装修电钻响一整天", Intent.OUT_OF_SCOPE),
    ("机器人你会讲故事吗", Intent.OUT_OF_SCOPE),
    (
        "the fitter who came stomped mud all over and shouted at my son",
        Intent.COMPLAINT,
    ),  # no neighbour noise
    ("交了这么多钱，暖气服务还这么差，太气人了", Intent.COMPLAINT),
    ("师傅大概还有几分钟能到", Intent.STATUS),
    ("you're a bot right? sing something for me", Intent.OUT_OF_SCOPE),
]


@pytest.mark.parametrize(("text", "intent"), VOICE_AND_EVERYDAY)
def test_round_w_voice_and_everyday(text: str, intent: Intent) -> None:
    assert classify(text).intent is intent
