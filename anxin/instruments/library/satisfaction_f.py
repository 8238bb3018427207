"""服务评估表 (CMH appendix F), the client's part: satisfaction and improvement, version 1.

Source: 社区精神卫生社会工作服务规范, 附录F 服务评估表（试样）, 表F.1, section 服务对象评估
(/work/shared/standards/community-mental-health-social-work.txt). Clause ID: CMH-F. The Chinese
wording is the printed wording; the English is our translation, not a published form.

What is encoded, and how:

* Q2 能力是否获得提升: the form prints the question without answer boxes. Its answers here are the
  ones form F in the case file already uses (是 / 部分提升 / 否, anxin.cases.choices.Improvement).
* Q3 满意度: the five printed answers, in printed order, 非常满意 = 5 … 非常不满意 = 1 (as the case
  file's form F stores them).
* Q4 改善: the printed 1–10 line, anchored 完全没有改善 (1) and 完全解决 (10).
* Q5 目标达成: the three printed answers, 完全达成 = 2, 部分达成 = 1, 未能达成 = 0.

Left out on purpose: Q1 (您接受了社会工作者的哪些服务？) and the 原因说明 lines of Q5 are free
text. Instrument answers are stored as plain JSON, while the product keeps free-text notes
encrypted at rest, so those stay on form F of the case (cases.Evaluation, encrypted fields).
The paper instruction "（请在答案处打钩）" (tick the answer) is not part of the question text.
The social worker's and stakeholders' evaluations are narrative and belong to form F as well.
"""

from ..definitions import (
    HIGHER,
    VALUE,
    Band,
    Citation,
    Instrument,
    Item,
    Option,
    Scale,
    Text,
    likert,
)

CLAUSE = "CMH-F"
# The standard arrives without its issuing body's number or year, so none is printed.
CITATIONS = (
    Citation("", "", "社区精神卫生社会工作服务规范 [Community mental-health social work "
             "service specification]",
             "附录F 服务评估表（试样），表F.1 服务对象评估，第2–5题 [Appendix F, service "
             "evaluation form, table F.1, client's evaluation, questions 2–5] (CMH-F)"),
)

COPING = likert(
    [
        (2, "是", "Yes", ""),
        (1, "部分提升", "Somewhat", ""),
        (0, "否", "No", ""),
    ]
)

SATISFACTION = likert(
    [
        (5, "非常满意", "Very satisfied", ""),
        (4, "满意", "Satisfied", ""),
        (3, "一般", "Neutral", ""),
        (2, "不满意", "Dissatisfied", ""),
        (1, "非常不满意", "Very dissatisfied", ""),
    ]
)


def _improvement_option(n: int) -> Option:
    anchors = {
        1: Text("完全没有改善", "no improvement at all"),
        10: Text("完全解决", "completely solved"),
    }
    if n in anchors:
        return Option(n, Text(f"{n}（{anchors[n].zh}）", f"{n} ({anchors[n].en})"))
    return Option(n, Text(str(n), str(n)))


IMPROVEMENT = tuple(_improvement_option(n) for n in range(1, 11))

GOAL_ATTAINMENT = likert(
    [
        (2, "完全达成", "Fully achieved", ""),
        (1, "部分达成", "Partly achieved", ""),
        (0, "未能达成", "Not achieved", ""),
    ]
)


def _answer_bands(options: tuple[Option, ...], codes: dict[int, str]) -> tuple[Band, ...]:
    """One band per printed answer, lowest first, so a score reads back as its wording."""
    return tuple(
        Band(codes[o.value], o.text, o.value, o.value, clause=CLAUSE)
        for o in sorted(options, key=lambda o: o.value)
    )


SATISFACTION_F = Instrument(
    code="satisfaction_f",
    version=1,
    name=Text("服务评估表：服务对象评估", "Service evaluation: the client's evaluation"),
    items=(
        Item(
            "coping",
            "2",
            Text(
                "接受了社会工作者服务后，您应对困难、解决问题的能力是否获得提升？",
                "Since receiving the social worker's services, has your ability to cope with "
                "difficulties and solve problems improved?",
            ),
            COPING,
            note="The form prints no answer boxes; answers as on form F of the case file.",
        ),
        Item(
            "satisfaction",
            "3",
            Text(
                "您对社会工作者的表现满意吗？",
                "Are you satisfied with the social worker's performance?",
            ),
            SATISFACTION,
        ),
        Item(
            "improvement",
            "4",
            Text(
                "自接受本机构服务后，您的情况有否改善？",
                "Since you began receiving this organisation's services, has your situation "
                "improved?",
            ),
            IMPROVEMENT,
        ),
        Item(
            "goal_attainment",
            "5",
            Text(
                "本服务结束时，您与社会工作者商定的目标达成情况如何？",
                "At the end of this service, how far have the goals you agreed with the social "
                "worker been achieved?",
            ),
            GOAL_ATTAINMENT,
            note="The printed 原因说明 (reasons) are free text, kept on form F of the case.",
        ),
    ),
    scales=(
        Scale(
            "coping",
            Text("应对困难、解决问题的能力提升", "Coping and problem-solving improved"),
            VALUE,
            ("coping",),
            0,
            2,
            clause=CLAUSE,
            bands=_answer_bands(COPING, {0: "no", 1: "somewhat", 2: "yes"}),
            better=HIGHER,
            better_clause="CMH-F; CMH-6.5",
        ),
        Scale(
            "satisfaction",
            Text("对社会工作者的满意度", "Satisfaction with the social worker"),
            VALUE,
            ("satisfaction",),
            1,
            5,
            clause=CLAUSE,
            bands=_answer_bands(
                SATISFACTION,
                {
                    1: "very_dissatisfied",
                    2: "dissatisfied",
                    3: "neutral",
                    4: "satisfied",
                    5: "very_satisfied",
                },
            ),
            better=HIGHER,
            better_clause="CMH-F; CMH-8.1 (满意度评估); CHR-A.1-3.1",
        ),
        Scale(
            "improvement",
            Text("情况改善（1–10）", "Improvement (1–10)"),
            VALUE,
            ("improvement",),
            1,
            10,
            clause=CLAUSE,
            better=HIGHER,
            better_clause="CMH-F; CMH-6.5",
        ),
        Scale(
            "goal_attainment",
            Text("目标达成情况", "Goal attainment"),
            VALUE,
            ("goal_attainment",),
            0,
            2,
            clause=CLAUSE,
            bands=_answer_bands(GOAL_ATTAINMENT, {0: "none", 1: "partial", 2: "full"}),
            better=HIGHER,
            better_clause="CMH-F; CMH-6.5",
        ),
    ),
    citations=CITATIONS,
    # The client's own evaluation of the service (服务对象评估).
    self_report=True,
    trend=("satisfaction", "improvement"),
    note="Questions 2–5 of 服务对象评估; Q1 and the reasons are free text on form F.",
)
