"""The documents of a rehabilitation centre's pathway (REH-4.7, REH-5.2), as document-engine
definitions: no model, form, view, template or serializer of their own. Their order here is the
order of the rehabilitation file (REH-4.7.3.1: 需求调查表、入住申请表、入住评估、入住协议书、
康复计划、服药记录、阶段性康复评估以及活动记录、出机构申请审核表), with the screening and the
information exchange the pathway adds between them.

What the pathway reads of them (rehab/pathway.py) is coded: yes/no answers and choices, never
free text, so eligibility (rehab/eligibility.py) and indicators can count them.
"""

from anxin.accounts.capabilities import CASE_APPROVE
from anxin.documents.definitions import Choice, DocumentKind, Field, FieldType, Section, When
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

T = FieldType

NEEDS_SURVEY = "reh_needs_survey"
SCREENING = "reh_screening"
APPLICATION = "reh_admission_application"
ADMISSION_ASSESSMENT = "reh_admission_assessment"
AGREEMENT = "reh_agreement"
EXCHANGE = "reh_information_exchange"
INTAKE_ASSESSMENT = "reh_intake_assessment"
PLAN = "reh_plan"
EVALUATION = "reh_evaluation"
EXIT = "reh_exit"

# The order of the rehabilitation file (REH-4.7.3.1); medication and activity records are
# records of their own apps, placed where the standard lists them (rehab/file.py).
FILE_ORDER = (NEEDS_SURVEY, SCREENING, APPLICATION, ADMISSION_ASSESSMENT, AGREEMENT, EXCHANGE,
              INTAKE_ASSESSMENT, PLAN, EVALUATION, EXIT)

# 5.4.3 自主确定采取服务形式：会员制、寄宿制、日间康复、类住院制.
SERVICE_FORMS = (
    Choice("membership", Text("会员制", "Membership (clubhouse)")),
    Choice("boarding", Text("寄宿制", "Boarding")),
    Choice("day", Text("日间康复", "Day rehabilitation")),
    Choice("quasi_inpatient", Text("类住院制", "Quasi-inpatient")),
)
# REH-5.5.2: the eight kinds of programme.
PROGRAMMES = (
    Choice("self_care", Text("生活自理能力训练", "Self-care skills")),
    Choice("social_adaptation", Text("社会适应能力训练", "Social adaptation")),
    Choice("health_education", Text("健康教育促进", "Health education")),
    Choice("interests", Text("兴趣特长培养", "Interests and talents")),
    Choice("vocational", Text("职业技能训练", "Vocational skills")),
    Choice("health_self_management", Text("健康自我管理训练", "Health self-management")),
    Choice("psychological", Text("心理康复训练", "Psychological rehabilitation")),
    Choice("home", Text("居家康复服务", "Home rehabilitation")),
)
SIGNERS = (
    Choice("client", Text("本人", "The client")),
    Choice("guardian", Text("监护人", "The guardian")),
)
_LEVEL3 = (
    Choice("good", Text("良好", "Good")),
    Choice("fair", Text("一般", "Fair")),
    Choice("poor", Text("较差", "Poor")),
)
_SELF_CARE = (
    Choice("independent", Text("完全自理", "Fully self-caring")),
    Choice("basic", Text("基本自理", "Basically self-caring")),
    Choice("partial", Text("部分自理", "Partly self-caring")),
    Choice("dependent", Text("不能自理", "Not self-caring")),
)
# REH-5.2.5's family burden (ZBI-22) and social function (SDSS), as the instruments' own
# responses (instruments/library/), so the change since admission is the instruments' scores.
def _measure(code, instrument, zh, en):
    return Field(code, T.INSTRUMENT_RESPONSE, Text(zh, en), instrument=instrument,
                 help=Text("选择本次评估所做的量表；先在个案的“量表”中填写。",
                           "Choose the response given for this evaluation; give it first under "
                           "the case's instruments."))


def _sdss():
    return _measure("sdss_response", "sdss", "社会功能（SDSS）", "Social function (SDSS)")


def _zbi():
    return _measure("zbi_response", "zbi22", "家属照顾负担（ZBI-22）",
                    "Family caregiver burden (ZBI-22)")


def _yes_no(code, zh, en, clause="", **extra):
    return Field(code, T.YES_NO, Text(zh, en), required=True, clause=clause, **extra)


register = kinds.register

register(DocumentKind(
    code=NEEDS_SURVEY, version=1, title=Text("需求调查表", "Needs survey"), clause="REH-4.7.3.1",
    subject="case",
    sections=(
        Section("needs", Text("康复需求", "Needs"), clause="REH-5.2.2.2", fields=(
            Field("informant", T.CHOICE, Text("填写人", "Who answered"), required=True,
                  choices=(*SIGNERS, Choice("family", Text("家属", "Family")))),
            Field("needs", T.MULTI_CHOICE, Text("需要的服务", "Services needed"), required=True,
                  choices=(*PROGRAMMES,
                           Choice("medication", Text("服药管理", "Medication management")),
                           Choice("accommodation", Text("住宿照料", "Accommodation and care")),
                           Choice("employment", Text("辅助就业", "Assisted employment")),
                           Choice("policy", Text("政策与医保咨询", "Policy and insurance")))),
            Field("service_form", T.CHOICE, Text("希望的服务形式", "Preferred form of service"),
                  choices=SERVICE_FORMS, clause="REH-5.4.3"),
            Field("expectations", T.LONG_TEXT, Text("期望与动机", "Expectations and motivation"),
                  required=True),
            Field("family_needs", T.LONG_TEXT, Text("家属的需求", "The family's needs")),
        )),
    ),
))

register(DocumentKind(
    code=SCREENING, version=1, title=Text("筛选评估表", "Screening"), clause="REH-5.2.1.1",
    subject="case",
    note="Diagnosis, risk level, incidents and age are read from the records, not asked here "
         "(rehab/eligibility.py).",
    sections=(
        Section("source", Text("来源", "Source"), clause="REH-5.2.1.1.1", fields=(
            Field("source", T.CHOICE, Text("来源", "How they came"), required=True, choices=(
                Choice("referred", Text("相关机构或人员转介", "Referred by a body or person")),
                Choice("outreach", Text("本机构主动发掘", "Found by the centre")),
                Choice("self", Text("本人或家属主动求助", "Asked for help themselves")),
            )),
            Field("referrer", T.TEXT, Text("转介机构或人员", "Referred by"), max_length=100,
                  sensitive=False, required_when=When("source", ("referred",))),
        )),
        Section("criteria", Text("接收条件", "Admission criteria"), clause="REH-4.7.1", fields=(
            _yes_no("national_system", "已纳入国家严重精神障碍信息系统管理",
                    "Managed in the national severe-mental-disorder system", "REH-4.7.1.1"),
            _yes_no("wishes_rehabilitation", "本人有康复意愿", "Wishes to be rehabilitated",
                    "REH-4.7.1.1"),
            _yes_no("stable", "病情稳定", "The illness is stable", "REH-4.7.1.2"),
            _yes_no("voluntary_medication", "自愿服药", "Takes medication voluntarily",
                    "REH-4.7.1.2"),
            _yes_no("self_caring", "生活基本自理", "Basically self-caring", "REH-4.7.1.2"),
            _yes_no("family_cooperates", "家属积极配合", "The family cooperates", "REH-4.7.1.2"),
            _yes_no("infectious_disease", "患有传染性疾病", "Has an infectious disease",
                    "REH-4.7.1.3"),
            _yes_no("severe_physical_disease", "患有严重躯体疾病",
                    "Has a severe physical disease", "REH-5.2.1.1.2"),
            Field("medical_referral", T.LONG_TEXT,
                  Text("送医疗机构救治情况", "Sent to a medical institution"),
                  clause="REH-5.2.1.1.2",
                  help=Text("患有重大躯体疾病或传染性疾病者应及时送相关医疗机构救治。",
                            "Someone with a major physical or infectious disease is sent for "
                            "treatment without delay."),
                  required_when=When("severe_physical_disease", (True,))),
            Field("notes", T.LONG_TEXT, Text("筛选说明", "Notes")),
        )),
    ),
))

register(DocumentKind(
    code=APPLICATION, version=1, title=Text("入住申请表", "Admission application"),
    clause="REH-4.7.2.1", subject="case", confirmed_by=("applicant_signature",),
    sections=(
        Section("applicant", Text("申请人", "Applicant"), fields=(
            Field("applicant", T.CHOICE, Text("申请人", "Applicant"), required=True,
                  choices=SIGNERS),
            Field("guardian", T.CONTACT, Text("监护人", "Guardian"),
                  required_when=When("applicant", ("guardian",))),
            _yes_no("has_guardian", "有监护人", "Has a guardian"),
            Field("service_form", T.CHOICE, Text("申请的服务形式", "Form of service"),
                  required=True, choices=SERVICE_FORMS, clause="REH-5.4.3"),
            Field("reason", T.LONG_TEXT, Text("申请理由", "Why they apply"), required=True),
        )),
        Section("copies", Text("提交材料", "Copies handed in"), clause="REH-4.7.2.1", fields=(
            Field("id_card_copy", T.FILE, Text("身份证复印件", "Copy of the ID card"),
                  required=True),
            Field("guardian_id_copy", T.FILE,
                  Text("监护人身份证复印件", "Copy of the guardian's ID card"),
                  required_when=When("has_guardian", (True,))),
            Field("diagnosis_proof", T.FILE, Text("疾病诊疗证明", "Proof of diagnosis and "
                                                             "treatment"), required=True),
        )),
        Section("signature", Text("签名", "Signature"), fields=(
            Field("applicant_signature", T.SIGNATURE, Text("申请人签名", "Applicant's "
                                                                      "signature")),
        )),
    ),
))

register(DocumentKind(
    code=ADMISSION_ASSESSMENT, version=1, title=Text("入住评估表", "Admission assessment"),
    clause="REH-4.7.2.2", subject="case",
    sections=(
        Section("review", Text("资料审核", "Review of the papers"), fields=(
            _yes_no("papers_verified", "申请资料已审查核实", "The papers were checked"),
            Field("risk_response", T.INSTRUMENT_RESPONSE,
                  Text("危险性评估", "Risk assessment"), required=True, clause="REH-4.7.1.4",
                  instrument="risk_level",
                  help=Text("选择本次入住评估所做的危险性评估（0–5 级）。",
                            "Choose the risk assessment (levels 0–5) made for this "
                            "admission.")),
            Field("risk_opinion", T.LONG_TEXT, Text("危险度评估意见", "Opinion on the risk"),
                  required=True),
            Field("conclusion", T.CHOICE, Text("评估结论", "Conclusion"), required=True,
                  choices=(Choice("admit", Text("符合入住标准", "Meets the admission criteria")),
                           Choice("not_admit", Text("不符合入住标准", "Does not meet them")))),
            Field("assessor", T.STAFF, Text("评估人", "Assessed by"), required=True),
        )),
    ),
))

register(DocumentKind(
    code=AGREEMENT, version=1, title=Text("入住协议书（社区康复服务协议）",
                                          "Admission agreement"),
    clause="REH-4.7.2.3", subject="case", confirmed_by=("client_signature",),
    sections=(
        Section("terms", Text("协议内容", "Terms"), clause="REH-5.2.1.3", fields=(
            Field("service_form", T.CHOICE, Text("服务形式", "Form of service"), required=True,
                  choices=SERVICE_FORMS),
            Field("starts_on", T.DATE, Text("服务开始日期", "Service starts on"),
                  required=True),
            Field("ends_on", T.DATE, Text("协议期满日期", "Agreement ends on")),
            Field("centre_duties", T.LONG_TEXT, Text("机构的权利和义务", "The centre's rights "
                                                                      "and duties"),
                  required=True, sensitive=False),
            Field("client_duties", T.LONG_TEXT, Text("服务对象的权利和义务", "The client's "
                                                                          "rights and duties"),
                  required=True, sensitive=False),
            Field("fees", T.TEXT, Text("费用约定", "Fees"), max_length=200, sensitive=False),
            _yes_no("insurance", "已购买意外伤害保险", "Accident insurance bought",
                    "REH-4.7.3.5"),
        )),
        Section("signatures", Text("签署", "Signatures"), fields=(
            Field("signer", T.CHOICE, Text("签署人", "Signed by"), required=True,
                  choices=SIGNERS),
            Field("client_signature", T.SIGNATURE, Text("服务对象或监护人签名",
                                                        "Client's or guardian's signature")),
            Field("centre_signature", T.SIGNATURE, Text("机构代表签名", "For the centre")),
        )),
    ),
))

register(DocumentKind(
    code=EXCHANGE, version=1, title=Text("信息交换告知单", "Information exchange notice"),
    clause="REH-4.7.2.4", subject="case",
    note="Required before admission completes (REH-4.7.2.4) and before exit closes "
         "(REH-4.8.3, REH-5.6.4).",
    sections=(
        Section("exchange", Text("信息交换", "Exchange"), fields=(
            Field("occasion", T.CHOICE, Text("交换时点", "On"), required=True, choices=(
                Choice("admission", Text("入住（接案）", "Admission")),
                Choice("exit", Text("出机构（出组）", "Exit")),
            )),
            Field("grid_worker", T.TEXT, Text("社区网格员", "Community grid worker"),
                  required=True, max_length=100, sensitive=False, clause="REH-4.7.2.4"),
            Field("mental_health_staff", T.TEXT, Text("社区精防人员",
                                                      "Community mental-health (精防) staff"),
                  required=True, max_length=100, sensitive=False, clause="REH-5.6.4"),
            Field("health_centre", T.TEXT, Text("所属基层医疗机构", "Their primary-care "
                                                              "institution"),
                  max_length=100, sensitive=False),
            Field("content", T.MULTI_CHOICE, Text("交换内容", "What was told"), required=True,
                  choices=(
                      Choice("admission", Text("入住情况", "The admission")),
                      Choice("exit", Text("出机构及去向", "The exit and where they go")),
                      Choice("condition", Text("病情与服药", "Condition and medication")),
                      Choice("risk", Text("危险性评估结果", "Risk assessment")),
                      Choice("contacts", Text("监护人联系方式", "Guardian's contacts")),
                  )),
            Field("informed_on", T.DATE, Text("告知日期", "Told on"), required=True),
            Field("method", T.CHOICE, Text("告知方式", "How"), required=True, choices=(
                Choice("paper", Text("书面告知单", "Written notice")),
                Choice("phone", Text("电话", "Phone")),
                Choice("in_person", Text("当面", "In person")),
                Choice("system", Text("信息系统", "Information system")),
            )),
            Field("notes", T.LONG_TEXT, Text("备注", "Notes")),
        )),
    ),
))

register(DocumentKind(
    code=INTAKE_ASSESSMENT, version=1, title=Text("入组评估表", "Intake assessment"),
    clause="REH-5.2.2", subject="case",
    sections=(
        Section("information", Text("资料收集", "Information"), clause="REH-5.2.2.1", fields=(
            Field("basic_information", T.LONG_TEXT, Text("个人基础信息", "Basic information"),
                  required=True),
            Field("health_check", T.LONG_TEXT, Text("健康体检信息", "Health check"),
                  required=True),
            _yes_no("physical_illness", "存在躯体疾病", "Has a physical illness",
                    "REH-5.4.2.1.1"),
            _yes_no("fit_for_training", "能胜任康复训练", "Fit for rehabilitation training",
                    "REH-5.4.2.1.1"),
            Field("social_environment", T.LONG_TEXT, Text("社会环境信息", "Social environment"),
                  required=True),
        )),
        Section("interview", Text("面谈评估", "Interview"), clause="REH-5.2.2.2", fields=(
            Field("needs_and_motivation", T.LONG_TEXT, Text("需求和动机", "Needs and motivation"),
                  required=True),
            Field("strengths", T.LONG_TEXT, Text("优势", "Strengths"), clause="REH-5.4.2.1.2"),
            Field("weaknesses", T.LONG_TEXT, Text("劣势与问题成因", "Weaknesses and causes"),
                  clause="REH-5.4.2.1.2"),
            Field("target_problems", T.LONG_TEXT, Text("目标问题", "Target problems"),
                  required=True, clause="REH-5.4.2.1.3"),
            Field("roles_explained", T.YES_NO, Text("已介绍服务范围及双方角色、责任和义务",
                                                   "Scope, roles and duties explained"),
                  required=True),
        )),
        Section("baseline", Text("基线评估", "Baseline"), clause="REH-5.2.5", fields=(
            _sdss(),
            _zbi(),
            Field("self_care", T.CHOICE, Text("自理能力", "Self-care"), required=True,
                  choices=_SELF_CARE),
            Field("social_relations", T.CHOICE, Text("社会关系", "Social relations"),
                  choices=_LEVEL3),
        )),
    ),
))

register(DocumentKind(
    code=PLAN, version=1, title=Text("个体化康复计划", "Individual rehabilitation plan"),
    clause="REH-5.2.3", subject="case", approved_by=CASE_APPROVE,
    confirmed_by=("client_signature",),
    sections=(
        Section("goals", Text("康复目标", "Goals"), clause="REH-5.2.3", fields=(
            Field("wishes", T.LONG_TEXT, Text("服务对象的意愿与期望", "The client's wishes"),
                  required=True, clause="REH-5.4.4.1"),
            Field("goals", T.TABLE, Text("目标（按重要程度排序）", "Goals, most important first"),
                  required=True, minimum=1, maximum=12, clause="REH-5.2.3", columns=(
                      Field("term", T.CHOICE, Text("期限", "Term"), required=True, choices=(
                          Choice("short", Text("短期", "Short")),
                          Choice("medium", Text("中期", "Medium")),
                          Choice("long", Text("长期", "Long")),
                      )),
                      Field("priority", T.INTEGER, Text("优先顺序", "Priority"), required=True,
                            minimum=1, maximum=12),
                      Field("goal", T.TEXT, Text("目标", "Goal"), required=True,
                            max_length=200),
                      Field("measure", T.TEXT, Text("测量方法与指标", "How it is measured"),
                            required=True, max_length=200, clause="REH-5.4.4.3"),
                  )),
        )),
        Section("methods", Text("介入方法", "Methods"), clause="REH-5.4.4.4", fields=(
            Field("methods", T.MULTI_CHOICE, Text("介入方法", "Methods"), required=True,
                  choices=(
                      Choice("counselling", Text("个案辅导", "Individual counselling")),
                      Choice("case_management", Text("个案管理", "Case management")),
                      Choice("group", Text("小组服务", "Group work")),
                  )),
            Field("programmes", T.MULTI_CHOICE, Text("康复项目", "Programmes"), required=True,
                  choices=PROGRAMMES, clause="REH-5.5.2"),
            Field("schedule", T.LONG_TEXT, Text("训练安排", "Schedule"), sensitive=False,
                  help=Text("单次训练 45–60 分钟，一个疗程 9–10 周（REH-5.5.1.3）。",
                            "A session lasts 45–60 minutes, a course 9–10 weeks "
                            "(REH-5.5.1.3).")),
        )),
        Section("confirmation", Text("确认", "Confirmation"), fields=(
            Field("client_signature", T.SIGNATURE, Text("服务对象或监护人签名",
                                                        "Client's or guardian's signature")),
        )),
    ),
))

register(DocumentKind(
    code=EVALUATION, version=1, title=Text("阶段性康复评估表", "Rehabilitation evaluation"),
    clause="REH-5.2.5", subject="case",
    sections=(
        Section("phase", Text("评估阶段", "Phase"), fields=(
            Field("phase", T.CHOICE, Text("阶段", "Phase"), required=True, choices=(
                Choice("mid", Text("中期评估", "Mid-term")),
                Choice("end", Text("末期评估", "End")),
            )),
            Field("evaluated_on", T.DATE, Text("评估日期", "Evaluated on"), required=True),
        )),
        Section("outcomes", Text("成效", "Outcomes"), clause="REH-5.2.5", fields=(
            Field("symptom_management", T.CHOICE, Text("病症管理效果", "Symptom management"),
                  required=True, choices=_LEVEL3),
            Field("course", T.CHOICE, Text("病情发展过程", "Course of the illness"),
                  required=True, choices=(
                      Choice("stable", Text("稳定", "Stable")),
                      Choice("fluctuating", Text("波动", "Fluctuating")),
                      Choice("relapsed", Text("复发", "Relapsed")),
                  )),
            _zbi(),
            Field("family_mood", T.CHOICE, Text("家庭情绪状况", "The family's mood"),
                  required=True, choices=_LEVEL3),
            _sdss(),
            Field("social_relations", T.CHOICE, Text("社会关系提升状况", "Social relations"),
                  required=True, choices=_LEVEL3),
            Field("self_care", T.CHOICE, Text("自理能力", "Self-care"), required=True,
                  choices=_SELF_CARE, clause="REH-6.4.7"),
            Field("satisfaction", T.INTEGER, Text("服务满意度（1–5）", "Satisfaction (1–5)"),
                  required=True, minimum=1, maximum=5),
        )),
        Section("review", Text("计划执行", "The plan"), clause="REH-5.4.2.1.4", fields=(
            Field("goals_achieved", T.CHOICE, Text("服务目标达成", "Goals"), required=True,
                  choices=(Choice("met", Text("达成", "Met")),
                           Choice("partly", Text("部分达成", "Partly met")),
                           Choice("not_met", Text("未达成", "Not met")))),
            Field("plan_execution", T.LONG_TEXT, Text("服务计划执行情况", "How the plan was "
                                                                       "carried out"),
                  required=True),
            Field("next_steps", T.LONG_TEXT, Text("下一步安排", "Next steps")),
            Field("evaluator", T.STAFF, Text("评估人", "Evaluated by"), required=True),
        )),
    ),
))

# REH-5.2.6.1 结案标准 and REH-4.8.1 终止机构服务, as the reasons an exit gives.
EXIT_REASONS = (
    Choice("goals_met", Text("服务计划已完成，达到预期目标", "The plan is done: goals met"),),
    Choice("asked_to_leave", Text("本人主动要求离开", "Asked to leave")),
    Choice("refused", Text("拒绝继续接受服务", "Refuses further service")),
    Choice("beyond_capacity", Text("需求超出本机构服务能力，需转介", "Needs beyond the centre: "
                                                               "referred")),
    Choice("objective_factors", Text("存在不能实现服务目标的客观因素",
                                     "Goals cannot be met for objective reasons")),
)
CLOSING_STEPS = (
    Choice("prepared", Text("提前沟通，做好心理准备，处理负面情绪",
                            "Told in advance; feelings prepared and handled")),
    Choice("consolidated", Text("协助理解收获，巩固已有改变", "Gains understood and "
                                                          "consolidated")),
    Choice("relationship_ended", Text("解除专业工作关系", "Professional relationship ended")),
    Choice("summarised", Text("总结专业服务，完善结案资料", "Service summarised; file "
                                                        "completed")),
)

register(DocumentKind(
    code=EXIT, version=1, title=Text("出机构申请审核表", "Exit application and review"),
    clause="REH-4.8.2", subject="case", approved_by=CASE_APPROVE,
    confirmed_by=("applicant_signature",),
    copies=(Text("第一联：机构存档", "Copy 1: kept by the centre"),
            Text("第二联：申请人留存", "Copy 2: kept by the applicant")),
    sections=(
        Section("application", Text("出机构申请", "Application"), clause="REH-4.8.2", fields=(
            Field("applicant", T.CHOICE, Text("申请人", "Applicant"), required=True,
                  choices=SIGNERS),
            Field("reason", T.CHOICE, Text("结案原因", "Reason"), required=True,
                  choices=EXIT_REASONS, clause="REH-5.2.6.1"),
            Field("referred_to", T.TEXT, Text("转介机构", "Referred to"), max_length=100,
                  sensitive=False, required_when=When("reason", ("beyond_capacity",))),
            Field("destination", T.CHOICE, Text("去向", "Goes to"), required=True, choices=(
                Choice("home", Text("回归家庭康养", "Home")),
                Choice("other_centre", Text("其他康复机构", "Another centre")),
                Choice("hospital", Text("医疗机构", "Hospital")),
                Choice("work", Text("就业", "Work")),
                Choice("other", Text("其他", "Other")),
            )),
            Field("summary", T.LONG_TEXT, Text("服务总结", "Summary of the service"),
                  required=True, clause="REH-5.2.6.2.4"),
        )),
        Section("closing", Text("结案流程", "Closing steps"), clause="REH-5.2.6.2", fields=(
            Field("closing_steps", T.MULTI_CHOICE, Text("已完成的结案步骤", "Steps done"),
                  required=True, choices=CLOSING_STEPS),
            Field("follow_up_method", T.CHOICE, Text("跟踪回访方式", "Follow-up by"),
                  required=True, clause="REH-5.2.6.2.5", choices=(
                      Choice("phone", Text("电话回访", "Phone")),
                      Choice("home_visit", Text("入户回访", "Home visit")),
                  )),
            Field("follow_up_on", T.DATE, Text("计划回访日期", "Follow-up planned on"),
                  required=True, clause="REH-5.2.6.2.5"),
        )),
        Section("signatures", Text("签署与审核", "Signatures and review"), fields=(
            Field("applicant_signature", T.SIGNATURE, Text("申请人签名", "Applicant's "
                                                                      "signature")),
            Field("worker_opinion", T.LONG_TEXT, Text("经办社工意见", "Worker's opinion"),
                  required=True),
        )),
    ),
))
