"""The documents of group work, as document-engine definitions (documents/definitions.py): the
group plan (小组计划书), the session record (小组活动记录) and the group's evaluation and closing
(小组评估及结案). No model, form, view, template or serializer of their own.

The process is the standards' general one for group work — plan, intervene, evaluate, close
(MSW-7.1, after MZ/T 095—2017; CMH-7.1): a supervisor approves the plan before the first
session (rules.py reads it), every session is recorded, and the evaluation closes the group.
"""

from anxin.accounts.capabilities import CASE_APPROVE
from anxin.documents.definitions import Choice, DocumentKind, Field, FieldType, Section, When
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

T = FieldType

GROUP_PLAN = "group_plan"
SESSION_RECORD = "group_session_record"
GROUP_EVALUATION = "group_evaluation"

_RECRUITMENT = (
    Choice("referral", Text("个案转介", "Referred from casework")),
    Choice("invitation", Text("社工邀请", "Invited by a worker")),
    Choice("publicity", Text("宣传招募", "Publicity")),
    Choice("self", Text("自主报名", "Signed up themselves")),
    Choice("partner", Text("合作单位推荐", "Recommended by a partner")),
)
_METHODS = (
    Choice("instrument", Text("前后测量表", "Instrument before and after")),
    Choice("attendance", Text("出席率", "Attendance")),
    Choice("satisfaction", Text("满意度问卷", "Satisfaction questionnaire")),
    Choice("observation", Text("工作员观察", "Leader's observation")),
    Choice("feedback", Text("组员分享与反馈", "Members' feedback")),
)
_ACHIEVED = (
    Choice("met", Text("达成", "Met")),
    Choice("partly", Text("部分达成", "Partly met")),
    Choice("not_met", Text("未达成", "Not met")),
)

register = kinds.register

register(DocumentKind(
    code=GROUP_PLAN, version=1, title=Text("小组计划书", "Group plan"), clause="MSW-7.1",
    subject="group", approved_by=CASE_APPROVE,
    sections=(
        Section("aims", Text("小组目标", "Aims"), clause="CMH-7.1", fields=(
            Field("background", T.LONG_TEXT, Text("背景与需求", "Background and needs"),
                  required=True, sensitive=False),
            Field("general_aim", T.LONG_TEXT, Text("总目标", "General aim"), required=True,
                  sensitive=False),
            Field("objectives", T.LONG_TEXT, Text("具体目标", "Specific objectives"),
                  required=True, sensitive=False),
        )),
        Section("members", Text("组员", "Members"), fields=(
            Field("population", T.TEXT, Text("服务对象", "Who it is for"), required=True,
                  sensitive=False, max_length=200),
            Field("planned_members", T.INTEGER, Text("计划组员人数", "Members planned"),
                  required=True, minimum=2, maximum=30,
                  help=Text("康复训练小组一般不超过8人（REH-5.5.1.2）。",
                            "A rehabilitation training group has 8 at most (REH-5.5.1.2).")),
            Field("recruitment", T.MULTI_CHOICE, Text("招募方式", "Recruitment"), required=True,
                  choices=_RECRUITMENT),
        )),
        Section("sessions", Text("活动安排", "Sessions"), fields=(
            Field("session_plan", T.TABLE, Text("各节安排", "Plan of the sessions"),
                  required=True, minimum=1, maximum=20, sensitive=False, columns=(
                      Field("number", T.INTEGER, Text("节次", "Session"), required=True,
                            minimum=1, maximum=20),
                      Field("theme", T.TEXT, Text("主题", "Theme"), required=True,
                            sensitive=False, max_length=100),
                      Field("content", T.LONG_TEXT, Text("内容与方法", "Content and methods"),
                            sensitive=False),
                  )),
        )),
        Section("evaluation", Text("评估与风险", "Evaluation and risks"), fields=(
            Field("methods", T.MULTI_CHOICE, Text("评估方法", "How it will be evaluated"),
                  required=True, choices=_METHODS),
            Field("risks", T.LONG_TEXT, Text("可能的风险", "Risks"), sensitive=False),
            Field("contingency", T.LONG_TEXT, Text("应对预案", "Contingency plan"),
                  required_when=When("risks"), sensitive=False),
            Field("budget", T.DECIMAL, Text("预算（元）", "Budget (yuan)"), minimum=0,
                  maximum=1000000, decimal_places=2),
        )),
    ),
))

register(DocumentKind(
    code=SESSION_RECORD, version=1, title=Text("小组活动记录", "Group session record"),
    clause="MSW-7.1", subject="group_session",
    sections=(
        Section("session", Text("本节活动", "This session"), fields=(
            Field("theme", T.TEXT, Text("本节主题", "Theme"), required=True, sensitive=False,
                  max_length=100),
            Field("objectives", T.LONG_TEXT, Text("本节目标", "Objectives"), sensitive=False),
            Field("process", T.LONG_TEXT, Text("活动过程", "What happened"), required=True),
        )),
        Section("review", Text("成效与反思", "Outcome and reflection"), fields=(
            Field("achieved", T.CHOICE, Text("目标达成", "Objectives"), required=True,
                  choices=_ACHIEVED),
            Field("members_response", T.LONG_TEXT, Text("组员表现", "How the members took part")),
            Field("incident", T.YES_NO, Text("有无突发情况", "Anything unexpected"),
                  required=True),
            Field("incident_detail", T.LONG_TEXT, Text("突发情况及处理", "What and how it was "
                                                                       "handled"),
                  required_when=When("incident", (True,))),
            Field("reflection", T.LONG_TEXT, Text("工作员反思", "Leader's reflection")),
            Field("next_steps", T.LONG_TEXT, Text("下节安排", "Next session"), sensitive=False),
        )),
    ),
))

register(DocumentKind(
    code=GROUP_EVALUATION, version=1, title=Text("小组评估及结案", "Group evaluation and closing"),
    clause="MSW-7.1", subject="group", approved_by=CASE_APPROVE,
    sections=(
        Section("outcome", Text("成效评估", "Outcome"), fields=(
            Field("goals_met", T.CHOICE, Text("小组目标达成", "Aims"), required=True,
                  choices=_ACHIEVED),
            Field("methods", T.MULTI_CHOICE, Text("评估方法", "How it was evaluated"),
                  required=True, choices=_METHODS),
            Field("satisfaction", T.DECIMAL, Text("平均满意度（1–5）", "Mean satisfaction (1–5)"),
                  minimum=1, maximum=5, decimal_places=1,
                  required_when=When("methods", ("satisfaction",))),
            Field("outcomes", T.LONG_TEXT, Text("成效与组员变化", "Outcomes and members' "
                                                              "change"), required=True),
            Field("feedback", T.LONG_TEXT, Text("组员反馈", "Members' feedback")),
        )),
        Section("closing", Text("结案", "Closing"), fields=(
            Field("reason", T.CHOICE, Text("结束原因", "Why it ends"), required=True, choices=(
                Choice("completed", Text("按计划完成", "Completed as planned")),
                Choice("goals_met", Text("目标已达成", "Aims met early")),
                Choice("attendance", Text("出席不足", "Too few attended")),
                Choice("other", Text("其他", "Other")),
            )),
            Field("reason_other", T.TEXT, Text("其他原因", "Other reason"), max_length=200,
                  required_when=When("reason", ("other",))),
            Field("follow_up", T.LONG_TEXT, Text("后续跟进与转介", "Follow-up and referrals")),
            Field("reflection", T.LONG_TEXT, Text("工作员总结", "Leader's summary"),
                  sensitive=False),
        )),
    ),
))
