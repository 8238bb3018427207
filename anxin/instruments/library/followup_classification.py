"""严重精神障碍 本次随访分类 (follow-up classification), version 1. domain-facts.md §3.2 [P].

Precedence (a reading; the text does not spell it out): 不稳定 first, then 基本稳定, else 稳定.

* 病情不稳定: 危险性3～5级, or 精神症状明显, 自知力缺乏, 严重药物不良反应 or 严重躯体疾病 →
  treat, refer at once; follow up within 2 weeks. (checked on qiqiwenku 342679 and renrendoc
  p-73015030, reposts of the specification: a working note, never shown)
* 病情基本稳定: 危险性1～2级, or 精神症状、自知力、社会功能至少一方面较差 → adjust, observe
  2 weeks (then 3 months if stable, or refer and follow up within 2 weeks). [P] for the handling.
* 病情稳定: 危险性0级 and all of the above fine → continue, follow up at 3 months. [V-2]

Inputs are the judgements the rule needs, not the raw form: the form records symptoms as a list,
and social function as five sub-ratings whose aggregation the rule does not specify, so the worker
gives an overall rating. "躯体疾病稳定, 无其他异常" (needed for 稳定) has no input here. The
med66 rule (基本稳定 every 2 months, 不稳定 weekly) contradicts the specification and is not used.
"""

from ..definitions import CLASSIFY, Band, Condition, Instrument, Item, Scale, Text, likert
from .risk_level import LEVELS, SPECIFICATION

CLAUSE = "国家基本公共卫生服务规范 严重精神障碍患者管理 分类干预"

NO_YES = likert([(0, "无", "No", ""), (1, "有", "Yes", "")])

ITEMS = (
    Item("risk_level", "危险性评估", Text("危险性评估", "Risk level (0–5)"), LEVELS),
    Item(
        "symptoms",
        "精神症状",
        Text("精神症状", "Psychiatric symptoms"),
        likert(
            [
                (1, "基本消失", "Essentially gone", ""),
                (2, "较差（仍存在）", "Poor (still present)", ""),
                (3, "明显", "Marked", ""),
            ]
        ),
    ),
    Item(
        "insight",
        "自知力",
        Text("自知力", "Insight"),
        likert(
            [
                (1, "完全", "Full", ""),
                (2, "不全", "Partial", ""),
                (3, "缺失", "Absent", ""),
            ]
        ),
        note="Values as on the 随访服务记录表 (1完全 2不全 3缺失).",
    ),
    Item(
        "social_function",
        "社会功能",
        Text("社会功能（总体）", "Social function (overall)"),
        likert(
            [
                (1, "良好", "Good", ""),
                (2, "一般", "Fair", ""),
                (3, "较差", "Poor", ""),
            ]
        ),
        note="Overall judgement: the rule does not say how the five form sub-ratings combine.",
    ),
    Item(
        "severe_adverse_reaction",
        "严重药物不良反应",
        Text("严重（急性）药物不良反应", "Severe (acute) adverse drug reaction"),
        NO_YES,
    ),
    Item(
        "severe_physical_illness",
        "严重躯体疾病",
        Text("严重躯体疾病", "Severe physical illness"),
        NO_YES,
    ),
)


def _is(item: str, *values: int) -> Condition:
    return Condition(item, frozenset(values))


FOLLOWUP_CLASSIFICATION = Instrument(
    code="followup_classification",
    version=1,
    name=Text("本次随访分类", "Follow-up classification (severe mental disorders)"),
    items=ITEMS,
    scales=(
        Scale(
            code="classification",
            text=Text("本次随访分类", "Classification"),
            method=CLASSIFY,
            items=tuple(i.code for i in ITEMS),
            clause=CLAUSE,
            bands=(
                Band(
                    "unstable",
                    Text("不稳定", "Unstable"),
                    when_any=(
                        _is("risk_level", 3, 4, 5),
                        _is("symptoms", 3),
                        _is("insight", 3),
                        _is("severe_adverse_reaction", 1),
                        _is("severe_physical_illness", 1),
                    ),
                    next_followup="P2W",
                    clause=CLAUSE + ": 立即转诊…2周内随访",
                    note="Treat and refer to a higher-level hospital at once; notify the police "
                    "if necessary; if not admitted, follow up within 2 weeks.",
                ),
                Band(
                    "mostly_stable",
                    Text("基本稳定", "Mostly stable"),
                    when_any=(
                        _is("risk_level", 1, 2),
                        _is("symptoms", 2),
                        _is("insight", 2),
                        _is("social_function", 3),
                    ),
                    next_followup="P2W",
                    # The handling is the 第三版's as recalled, corroborated only by public
                    # implementations of the forms (domain-facts §3.2, partly verified).
                    clause=CLAUSE + ": 观察2周…2周内随访",
                    note="Adjust treatment and observe 2 weeks; if stable, keep the plan and "
                    "follow up at 3 months; if not, refer and follow up within 2 weeks.",
                ),
                Band(
                    "stable",
                    Text("稳定", "Stable"),
                    next_followup="P3M",
                    clause=CLAUSE + ": 3个月时随访",
                    note="Continue the treatment plan set by the higher-level hospital.",
                ),
            ),
        ),
    ),
    citations=(SPECIFICATION,),
    # The worker's judgement at a follow-up visit.
    self_report=False,
    note="Partly verified, see module docstring; at least 4 follow-ups a year, each with a "
    "risk assessment.",
)
