"""The rules the data shows are needed beside the model: which intents a message's words allow, when a leak or
burst named is not news, and the borders between neighbouring intents."""

from __future__ import annotations

from intents.signals import VOCAB, Signals
from intents.types import (
    BURST,
    COMPLAINT,
    GREETING,
    HUMAN,
    LEAK,
    NO_HEAT,
    OUT_OF_SCOPE,
    STANDARDS,
    STATUS,
    THANKS,
    Intent,
)


def allowed(intent: Intent, sig: Signals) -> bool:
    if intent is NO_HEAT:  # a heating word, cold indoors, "冷死了!", cold again after a repair visit, or cold
        # and someone asked to come ("就是不热，快派人")
        return (
            sig.heating
            or sig.cold_indoor
            or sig.has("shouted_cold")
            or (sig.service and sig.has("cold_again"))
            or (sig.has("visit_request") and sig.has("cold"))
            or sig.has("valve_still_cold")
            or sig.has("cold_seasons")
            or _home_too_hot(sig)
            # "不是暖气漏，是压根儿不热": the leak denied (masked) was the heating's, the cold is what is told
            or (sig.masked_any and sig.has("cold") and not sig.hard_negative)
            # "理发店里就15度…冻得直哆嗦": a room's reading, told cold (a bare "only 12 degrees now" stays unsure: with a
            # repair open it is that repair's reading)
            or (sig.has("own_reading") and sig.has("cold") and sig.has("cold_report"))
        )
    if intent is LEAK or intent is BURST:
        # water named, or said to escape now ("又开始滴了") or worse ("漏得更厉害了")
        return (
            (sig.leak or sig.burst)
            and (sig.water or sig.has("escaping_now") or sig.has("worsening"))
            and (sig.heating or not sig.hard_negative)
        )
    if (
        intent is COMPLAINT
    ):  # the service named, or the mess of a repair told as done ("leak fixed but…"), or a
        # promise told broken ("说好的30分钟呢？…药店员工都冻透了")
        if sig.has("promise_broken") or sig.has("runaround") or (sig.masked_any and sig.has("misconduct")):
            return True
        named = sig.service or (sig.masked_any and sig.has("misconduct"))
        return named and (sig.heating or not sig.hard_negative)
    return True


def _home_too_hot(sig: Signals) -> bool:
    """The home said to be too hot ("家里太热了", "热得开窗户", "the flat is too hot"): on a heating line, the heating."""
    return sig.has("too_hot_home") or (sig.has("too_hot") and (sig.indoor or sig.addressed))


def escape_over(scores: dict[Intent, float], sig: Signals, emergency: float) -> bool:
    """The leak or burst named is not news: a report asked after, an escape told as past, a crew that came late.

    Never when it got worse; a report asked after only while nothing says water escapes now ("还在漏"); the
    others only while no word says it goes on ("今天", "又", "still").
    """
    if sig.has("worsening"):
        return False
    # a report asked after, a follow-up visit promised ("说再来补墙，几点来"), how far a repair has got ("先凑合补上了，
    # 正经换管啥时候来")
    if (
        (sig.reported or sig.has("follow_up") or sig.has("repair_progress"))
        and (scores[STATUS] > emergency or (sig.has("report_lookup") and not sig.has("ongoing")))
        and not sig.has("escaping_now")
    ):
        return True  # "我报的漏水修了吗"
    visit_told = sig.has("repair_visit") and (sig.has("misconduct") or sig.has("complaint_word"))
    if visit_told and not sig.has("escaping_now"):
        return True  # "修爆管那位走时拿了两瓶酒": the visit is the message
    if sig.reported and sig.has("eta") and not sig.has("escaping_now"):
        return True  # "报了漏水俩钟头了，师傅呢": the crew asked after, nothing says water escapes now
    if (
        (sig.has("promise_broken") or sig.has("reports_counted"))
        and not sig.has("escaping_now")
        # "…不是说半小时到吗？水已经流到走廊了" (unless the water is ice by now)
        and not (sig.has("promise_broken") and sig.has("water_alone") and not sig.has("frozen_water"))
    ):
        return True  # "说好30分钟到，爆管等了两个小时": the wait complained of, the escape its occasion
    if sig.has("crew_arrived") and sig.has("misconduct") and not sig.has("escaping_now"):
        return True  # "师傅来了说漏水是我自己弄的，一脸不耐烦": the visit is the message
    if sig.has("job_done_asked") and not sig.has("escaping_now"):
        return True  # "did the crew finish on the burst pipe? still no heat here": the crew's job asked after
    if sig.has("repair_progress") and sig.has("mended") and not sig.has("escaping_now"):
        return True  # "先凑合补上了，正经换管啥时候来": the escape held, its proper repair asked after
    if sig.has("resolved") and sig.has("gratitude") and not sig.has("escaping_now"):
        return True  # "appreciate the quick fix, no more drips": thanks for an escape mended
    if sig.has("ongoing"):
        return False
    if sig.masked_any and max(scores[COMPLAINT], scores[STATUS], scores[STANDARDS], scores[NO_HEAT]) >= 0.9:
        return True  # "漏是修好了，地板泡了没人赔": the escape told as mended, what it left is the message
    if sig.has("escape_before") and not sig.has("escaping_now"):
        return True  # "去年这时候暖气漏过水，今年怎么还没供暖": the leak is experience, the question is the message
    if (
        sig.escape_in_past
        and (sig.has("gratitude") or sig.has("person_asked") or sig.has("fee_question"))
        and not sig.has("escaping_now")  # "thanks for last week, but it just blew apart, water pouring out"
    ):
        # "上周来修漏水，师傅挺利索，谢谢", "转人工，上回漏水赔钱的事", "上个月漏水换阀收了我80，该收吗": past, what
        # is said of it now is the message
        return True
    if sig.escape_in_past and sig.has("repeated"):
        return (
            True  # "去年漏水把楼下泡了，说好的处理到现在也没人管": past, and still nobody has dealt with it
        )
    if sig.escape_in_past and (sig.has("misconduct") or sig.reported or sig.has("own_report")):
        # "上礼拜漏水，来的那个人张嘴就要烟", "called about the leak, it's stopped now", "工单显示已完成…漏水是我自己找人修的":
        # past, told of
        return True
    if (
        sig.escape_in_past
        and not (sig.has("urgent") and sig.has("valve_shut"))  # "管崩了，总阀关了…快派人": held, not mended
        and max(scores[NO_HEAT], scores[COMPLAINT], scores[STATUS], scores[STANDARDS])
        >= (0.6 if sig.has("mended") else 0.8)
    ):  # what followed outweighs the escape, the more readily when the escape was mended
        return True  # "上次爆管…到现在没人来赔": the escape is over, what followed is the message
    return (
        sig.has("came_late")
        and not sig.has("escaping_now")
        and max(scores[COMPLAINT], scores[STATUS], scores[STANDARDS]) > emergency
    )  # "俩小时人才来，楼下都泡了": the crew came late to an escape now over


def told_after_escape(scores: dict[Intent, float], sig: Signals) -> Intent | None:
    """Of an escape that is over, with nothing complained of: the crew asked after, what it cost, a person asked for,
    or thanks; else None."""
    if sig.has("complaint_word") or sig.has("misconduct") or sig.has("repeated"):
        return None
    if (sig.reported and sig.has("eta")) or sig.has("job_done_asked"):
        return STATUS  # "都报了，阀门也关了，哪天来人修": the crew asked after
    if sig.has("fee_question") and scores[COMPLAINT] < 0.9:
        return STANDARDS  # what the repair of a past leak cost: the fees
    if sig.has("person_asked"):
        return HUMAN  # "转人工，上回漏水赔钱那个事"
    return THANKS if sig.has("gratitude") and not sig.has("question") else None


def on_topic(sig: Signals) -> bool:
    """Something of the heating service is named: heating, service, a report, cold, water, or its `domain` words."""
    return (
        sig.heating
        or sig.service
        or sig.reported
        or sig.leak
        or sig.burst
        or sig.masked_any
        or sig.has("domain")
        or sig.has("service_terms")
        or sig.has("company_channel")
        or sig.has("own_report")
        or sig.has("cold")
        or sig.has("fee_relief")
    )


def asks_norm_indoors(sig: Signals) -> bool:
    """The room-temperature norm asked about a room of the home ("浴室也得够18度吗"), with no other errand."""
    return (
        not sig.hard_negative
        and sig.has("normative_temperature")
        and sig.has("question")
        and (sig.has("home") or sig.indoor)
    )


# What makes a message that tells a cold reading a complaint still: the service or its promise complained of.
_COMPLAINED = (
    "complaint_word",
    "misconduct",
    "indignant",
    "repeated",
    "reports_counted",
    "promise_broken",
    "came_late",
    "job_not_done",
)


def border(best: Intent, sig: Signals) -> Intent:
    """Neighbouring intents: the norm vs. one's own cold flat; complaint vs. operator; complaint vs. status."""
    if best is COMPLAINT and sig.has("complaint_progress") and not sig.has("repeated"):
        return STATUS  # "could you check the status of my complaint": one made already, asked after
    if best is GREETING and sig.has("misconduct") and allowed(COMPLAINT, sig):
        return COMPLAINT  # "hi 那位师傅找我要红包 合适吗": the hello opens a complaint
    if (
        best is COMPLAINT
        and sig.has("scope_question")
        and not sig.has("complaint_word")
        and not sig.has("misconduct")
    ):
        return STANDARDS  # "30分钟到场，农村也算吗": whether the promise covers a case
    if (
        best is STATUS
        and sig.has("human_word")
        and sig.has("question")
        and not sig.reported
        and not sig.has("own_report")
    ):
        return HUMAN  # "按0能转人工吗 按了没用": the way to a person, no report asked after
    if best in (THANKS, GREETING) and sig.has("human_request"):
        return HUMAN  # "人工🙏": the operator asked for, the emoji only says please
    if best in (NO_HEAT, STANDARDS, THANKS, GREETING) and sig.has("progress"):
        return STATUS  # "我们楼不热的事研究得咋样了": how far a report has got
    if (
        best is COMPLAINT
        and sig.has("progress")
        and sig.has("follow_up")
        and not (
            sig.has("complaint_word") or sig.has("misconduct") or sig.has("indignant") or sig.has("repeated")
        )
    ):
        return STATUS  # "he said he'd be back tomorrow to swap it, what time?": a visit promised, asked after
    if (
        best in (STANDARDS, THANKS, GREETING)
        and sig.has("eta")
        and not sig.has("in_general")
        and not sig.has("conditional")
    ):
        return STATUS  # "师傅还有多久到🙏": when the crew on its way arrives
    if (
        best is STATUS
        and (sig.has("in_general") or sig.has("service_number"))
        and not sig.reported
        and not sig.has("eta")
        and not sig.has("progress")
    ):  # "报修之后多久到", "你们报修电话多少", "周末有维修的吗": the service asked about, no report of one's own
        return STANDARDS
    if (
        best is COMPLAINT
        and sig.hypothetical
        and (sig.has("policy_question") or (sig.standard_question and sig.has("question")))
        and (not sig.has("complaint_word") or sig.has("policy_question"))
        and not sig.has("repeated")
    ):  # "要是师傅态度不好，你们怎么处理", "…能投诉到哪里": the rule asked about, nothing reported
        return STANDARDS
    if (
        (best is STANDARDS or (best is NO_HEAT and not sig.cold_indoor and not sig.cold_report))
        and sig.has("indignant")
        and not sig.hypothetical
        and allowed(COMPLAINT, sig)
    ):
        return COMPLAINT  # "费一分没少交，就这服务？": the promise cited in anger, no cold flat reported
    if (
        best is NO_HEAT
        and not sig.cold_indoor
        and not sig.cold_report
        and sig.has("misconduct")
        and sig.has("repair_visit")
        and allowed(COMPLAINT, sig)
    ):
        return COMPLAINT  # "修的时候顺手把温控阀拧坏了，还不认账": what the visit did, no cold told
    if best in (LEAK, BURST) and sig.reported and sig.has("report_lookup") and not sig.has("ongoing"):
        return STATUS  # "漏水是我帮她报的，能查到吗": the report looked up, not a new one
    if best is HUMAN and sig.reported and sig.has("operator_said") and not sig.has("complaint_word"):
        return STATUS  # "报了漏水，接线员说会回电话，还没打": what the operator promised about a report
    if best is HUMAN and (sig.has("complaint_word") or sig.has("misconduct")) and not sig.has("human_word"):
        return COMPLAINT if allowed(COMPLAINT, sig) else best
    if (
        best is HUMAN
        and sig.has("misconduct")
        and not sig.has("human_request")
        and not sig.has("person_asked")
    ):
        # "the operator laughed when I told him…": the one who answered complained of, nobody asked for
        return COMPLAINT if allowed(COMPLAINT, sig) else best
    if best in (STANDARDS, STATUS, NO_HEAT) and sig.has("complaint_lodged") and allowed(COMPLAINT, sig):
        return COMPLAINT  # "贵公司承诺半小时到场…特此投诉，请书面答复": the promise cited in a complaint
    if (
        best in (STANDARDS, STATUS)
        and sig.has("promise_broken")
        and not sig.hypothetical
        and not sig.has("eta")
    ):
        return (
            COMPLAINT  # "Promised 30 minutes. Took almost 3 hours.": the promise told broken, not asked about
        )
    if (
        best in (STANDARDS, STATUS, OUT_OF_SCOPE, THANKS)
        and sig.masked_any
        and sig.has("misconduct")
        and not sig.has("question")
        and not sig.has(
            "after_any"
        )  # "leak fixed… when will someone come back to fix the plaster": asked after
        and not sig.has("follow_up")
        and not sig.reported
    ):
        return COMPLAINT  # "修完地上一片锈水，埋汰得很": the mend's mess complained of
    if (
        best is COMPLAINT
        and sig.has("question")
        and (sig.has("eta") or sig.has("follow_up"))
        and not (
            sig.has("complaint_word")
            or sig.has("misconduct")
            or sig.has("indignant")
            or sig.has("repeated")
            or sig.has("promise_broken")
        )
    ):
        return STATUS  # "说半小时到 现在师傅在路上吗", "回去拿配件了…还回来吗": the crew asked after
    if (
        best is COMPLAINT
        and sig.has("own_reading")
        and sig.cold_indoor
        and not any(sig.has(name) for name in _COMPLAINED)
        and allowed(NO_HEAT, sig)
    ):
        return NO_HEAT  # "店里就14度，顾客进门转一圈就走": a cold room's reading, nothing complained of
    if best is OUT_OF_SCOPE and sig.has("follow_up") and sig.service:
        return (
            STATUS  # "the engineer said he'd be back with a part, which day?": a visit promised, asked after
        )
    if best is NO_HEAT and sig.has("season_change") and not sig.cold_indoor and not sig.cold_report:
        return STANDARDS  # "radiators still hot on April 13, did the season get extended?": the season asked
    if (
        best in (COMPLAINT, NO_HEAT, STATUS, OUT_OF_SCOPE)
        and sig.has("whose_pipe")
        and not sig.has("escaping_now")
        and not sig.cold_report
        and not sig.has("runaround")
    ):
        return STANDARDS  # "楼道里的暖气管归谁管": whose pipe it is, asked
    if (
        best is STATUS
        and sig.has("bribe")
        and not sig.reported
        and not sig.has("eta")
        and not sig.has("after_any")
        and allowed(COMPLAINT, sig)
    ):
        return COMPLAINT  # "the technician asked for 'a little something' first, is that normal?": told, not asked after
    if best in (NO_HEAT, OUT_OF_SCOPE, STATUS) and sig.has("fee_relief") and not sig.cold_indoor:
        return STANDARDS  # "退休职工有没有取暖补贴": help with the bill asked, no cold flat told
    if best in (OUT_OF_SCOPE, STANDARDS, STATUS) and sig.has("greeting_intro"):
        return GREETING  # "您好，我是三号楼的住户": a hello that says who writes
    if best in (STANDARDS, STATUS) and sig.has("person_asked") and not sig.has("contact_number"):
        return HUMAN  # "有专人可以跟我谈退费的事吗": a person asked for, whatever the errand
    if (
        best is NO_HEAT
        and sig.reported
        and (sig.has("eta") or sig.has("report_lookup"))
        and not sig.has("repeated")
    ):
        return STATUS  # "I called this morning about no heat, when is someone coming": the crew asked after
    if best is NO_HEAT and sig.has("reports_counted") and allowed(COMPLAINT, sig):
        return COMPLAINT  # "报修四次了，屋里还是没热乎气": still cold after reporting it again and again
    if (
        best in (STATUS, STANDARDS)
        and sig.has("repeated")
        and not sig.has("valve_still_cold")  # "turned the valve on, still nothing": one's own cold flat
        and not (
            sig.has("visit_request") and sig.cold_report
        )  # "连着两天只有16度，请来复测": a visit asked for
        and allowed(COMPLAINT, sig)
    ):
        if best is STATUS or not sig.has("question"):  # "third time I've had to report it"
            return COMPLAINT
    if (
        best is STATUS
        and sig.has("complaint_word")
        and not sig.has("complaint_progress")
        and allowed(COMPLAINT, sig)
    ):
        return COMPLAINT
    if best is STATUS and sig.has("company_channel") and not sig.reported:
        return STANDARDS  # "能不能网上报修": how to reach the company, nothing reported asked after
    if best is STANDARDS and sig.has("human_word") and not sig.has("contact_number"):
        return HUMAN  # "how do I reach an actual person": an operator now, not the contact details
    if best in (THANKS, GREETING) and warm_again(sig):
        return best  # "暖气热乎了，屋里21度了，谢谢": thanks for the heat back, its reading told
    if (
        best in (THANKS, GREETING)
        and (sig.heating or sig.masked_any or sig.service)
        and (sig.cold_indoor or sig.leak or sig.burst or (sig.service and sig.has("cold_again")))
        and allowed(NO_HEAT, sig)
    ):  # "谢谢…不过暖气又凉了", "谢谢师傅上次跑一趟，可又凉了": small talk around a report is the report
        return NO_HEAT
    if best in (THANKS, GREETING) and sig.states_reading and sig.cold_indoor and allowed(NO_HEAT, sig):
        return NO_HEAT  # "every morning I come back to a flat that's about 16 degrees": a cold home told
    if best is GREETING and (sig.service or sig.reported) and len(sig.text) > 12:
        return STATUS if allowed(STATUS, sig) and sig.has("question") else best
    if (
        best is STANDARDS
        and sig.has("visit_request")
        and sig.cold_report
        and not sig.hypothetical
        and allowed(NO_HEAT, sig)
    ):
        return NO_HEAT
    if (
        best is STATUS
        and sig.has("visit_request")
        and sig.has("cold")
        and not sig.reported
        and not sig.has("after_any")
        and not sig.has("follow_up")  # "说今天来人，还来不来了": a visit promised, asked after
        and allowed(NO_HEAT, sig)
    ):
        return NO_HEAT  # "帮我爸报修 no heat, 15栋…": a report made now, for someone
    if (
        best in (NO_HEAT, STATUS, STANDARDS)
        and sig.has("news")  # one search for the usual "no news"
        and sig.has("resolved")
        and not sig.has("cold")
        and not sig.has("question")
    ):
        return THANKS  # "谢谢，暖气已经热了", "修上了，别催了": working again, nothing asked
    if (
        best is STANDARDS
        and sig.has("too_hot")
        and not sig.standard_question
        and not sig.hypothetical
        and not cold_told(sig)
        and allowed(NO_HEAT, sig)
    ):
        return NO_HEAT  # "can you turn the heating down": a home too hot, its heating to be regulated
    if (
        best in (STATUS, STANDARDS, COMPLAINT)
        and sig.has("crew_praised")
        and (sig.has("gratitude") or best is COMPLAINT)
        and not (
            sig.has("complaint_word") or sig.has("misconduct") or sig.has("indignant") or sig.has("repeated")
        )
        and not sig.has("contrast")  # "师傅人挺好，但是修完没收拾": the but is the message
        and not sig.has("question")
        and not sig.has("cold")
    ):
        return THANKS  # "上门的李师傅手艺好，人也客气，五星": a visit praised, nothing asked
    if (
        best is NO_HEAT
        and sig.has("fee_question")
        and sig.has("question")
        and not sig.has("cold")
        and not sig.cold_report
    ):
        return STANDARDS  # "停暖以后暖气片里的水要放掉吗，另外收费吗": what the work costs, nothing cold
    if best is NO_HEAT and sig.has("season_change") and sig.has("question") and not sig.cold_report:
        return STANDARDS  # "外面还零下呢，能不能晚几天再停暖": the season asked to move, no cold flat
    if best is NO_HEAT and sig.standard_question and not sig.cold_report:
        return STANDARDS
    if best is NO_HEAT and sig.hypothetical and sig.has("in_general") and sig.has("question"):
        return STANDARDS  # "万一量出来不到18度，一般咋办": what is done, asked in general
    if best is NO_HEAT and sig.hypothetical and not sig.cold_indoor and not sig.cold_report:
        return STANDARDS  # "停暖以后要是又降温了…": a what-if about the service, with nothing cold reported
    if best is STANDARDS and sig.states_reading and allowed(NO_HEAT, sig):
        return NO_HEAT
    if (
        best is STANDARDS
        and sig.cold_report
        and not sig.standard_question
        and not sig.hypothetical
        and allowed(NO_HEAT, sig)
    ):
        return NO_HEAT
    return best


def warm_again(sig: Signals) -> bool:
    """The heating said to work again, or the crew praised, with thanks and no but, nothing cold or escaping told."""
    return (
        ((sig.has("news") and sig.has("resolved")) or sig.has("crew_praised"))
        and sig.has("gratitude")
        and not sig.has("contrast")
        and not sig.has("cold_report")
        and not sig.leak
        and not sig.burst
    )


def cold_told(sig: Signals) -> bool:
    """A cold word that is not negated ("冷", "not warm"; not "一点都不冷")."""
    if not sig.has("cold_report"):
        return False
    if not sig.has("not_cold"):
        return True
    return VOCAB["cold_report"].search(VOCAB["not_cold"].sub(" ", sig.text)) is not None
