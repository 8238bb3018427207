"""Demo cases: every stage of the CMH pathway in each demo organisation, some of them overdue.

Each `Story` names a worker, how many working days ago the application came in, and the steps
the case has been taken through; `load_cases` opens it for one of that worker's clients and walks
it with the real actions (anxin.cases.actions), each taken by the user who would take it: the
worker fills the forms and moves the case, the team's supervisor approves, returns and reopens.
So the timeline, the audit trail and the deadlines are the ones the screens would produce.

What the case says (needs, assessment, plan, sessions, evaluation, closing) comes from a
`Profile` chosen by what brings the client to the service (primary population category and
diagnosis), so a carer's file reads like a carer's, and Shenzhen's like a hospital's.

Dates the actions let us choose (application date, signatures, the assessment's date, sessions)
are spread between the application and yesterday; the actions stamp the rest with today (form
B's decision, every stage change, the closing date and so the planned follow-ups).
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from anxin.accounts.models import Organization, User
from anxin.cases import actions
from anxin.cases.actions.cases import default_supervisor
from anxin.cases.choices import ConsentMode, ReviewDecision, ServiceMode, SharedItem
from anxin.cases.models import Case, Referral
from anxin.cases.scenarios import home_visit_safety, signature, visit_pair
from anxin.clients.choices import ContactKind, PopulationCategory
from anxin.clients.models import Client
from anxin.core import workdays

ONE_DAY = datetime.timedelta(days=1)


# --- What a case says -------------------------------------------------------------------------

@dataclass(frozen=True)
class Session:
    """One service record (form E). In any text of a profile, `{carer}` is the client's main
    carer (e.g. 母亲), `{living}` who they live with, `{diagnosis}` their mental disorder."""

    mode: str
    place: str
    participants: str
    goal: str
    content: str
    of_client: str
    next_plan: str
    of_service: str = "本次目标基本达成"
    mode_detail: str = ""
    minutes: int = 50


@dataclass(frozen=True)
class Profile:
    """The content of one kind of case, from application to closing."""

    needs: str
    source: str
    source_detail: str
    risk: int
    assessment: dict          # form C fields; family_situation may use {living} and {carer}
    overall_goal: str
    goals: tuple[str, ...]
    rows: tuple[tuple[str, str, str, str, str, str], ...]  # form D rows, in ROW_FIELDS order
    sessions: tuple[Session, ...]
    evaluation: dict          # form F fields but the date
    closure: dict             # form G: reasons, reason_detail, summary, follow-up plan
    codes: tuple[str, ...] = ()  # ICD-10 codes this profile is written for, if any
    max_age: int | None = None


ROW_FIELDS = ("timing", "strategy", "method", "client_responsibility", "roles",
              "evaluation_method")
WORKER_REFLECTIONS = (
    "倾听充分，回应及时", "注意到自己给建议偏快，下次多留时间让服务对象表达",
    "与家属沟通时保持了中立", "能把服务对象的优势带入讨论", "时间控制得当",
)
FOLLOW_UP_FINDING = ("{carer}来电反馈：结案后服务对象情况稳定，生活规律，按计划复诊服药；"
                     "已提醒如有变化随时联系社工。")

# Kinds of case, from the client's primary category and diagnosis (see `kind_of`).
PSYCHOSIS, DEPRESSION, CRISIS = "psychosis", "depression", "crisis"
CAREGIVER, BEREAVED, CHRONIC, GENERAL = "caregiver", "bereaved", "chronic", "general"
MOOD_CODES = ("F31", "F32", "F33")
MENTAL_DISORDERS = {"F20": "精神分裂症", "F22": "偏执性精神障碍", "F25": "分裂情感性障碍",
                    "F31": "双相情感障碍", "F32": "抑郁症"}


# Chengdu: a community station; home visits, the rehabilitation station, the street office.
CD_PSYCHOSIS_MEDICATION = Profile(
    needs="{carer}到站求助：服务对象近两个月自行减药，白天卧床、夜间不睡，不愿出门，家属担心复发。"
          "希望社工协助督促服药，帮助服务对象恢复作息。",
    source="found_by_worker", source_detail="社区精防医生季度随访时发现并告知社工", risk=1,
    assessment={
        "disease_type": "{diagnosis}，病程约十年，曾住院两次",
        "medication": "利培酮片每日两次；近两个月自行减为每日一次，家属未察觉",
        "stability": "mostly_stable",
        "social_security": "城乡居民医保；享受严重精神障碍患者免费服药政策；领取残疾人两项补贴",
        "family_situation": "{living}，{carer}为主要照顾者。家庭收入有限，药费以外的开支"
                            "较紧张。",
        "bio_psycho_social": "生理：半年来体重增加约8公斤，睡眠昼夜颠倒。心理：自觉“吃药变笨”，"
                             "对服药有抵触；偶有被议论感，未出现命令性幻听。社会：两年未工作，"
                             "与原来的朋友失去联系，日常活动局限于家中。",
        "environment": "微观：家人关心，但沟通以指责为主。中观：社区康复站步行10分钟可到，"
                       "有手工小组和康复操。宏观：本市严重精神障碍患者管理服务完善，基本药物免费。",
        "client_view": "认为自己“已经好了”，不需要一直吃药；希望以后能找份简单的工作，自己挣钱。",
        "needs_analysis": "1. 对疾病和药物缺乏认识，有减药复发的风险；2. 作息紊乱，活动少；"
                          "3. 家庭沟通紧张；4. 有就业意愿，但缺乏技能与信心。",
        "resources_analysis": "优势：有就业愿望，能清楚表达想法；{carer}愿意配合。资源：社区精防"
                              "医生、社区康复站、街道残联就业服务。障碍：病耻感强，不愿让邻居知道病情。",
        "problem_diagnosis": "服药依从性不佳伴社会功能退缩，家庭沟通方式加重了服务对象的抵触。",
        "prioritised_needs": "1. 恢复规律服药，并与精防医生沟通副作用；2. 调整作息，每天有固定"
                             "活动；3. 改善家庭沟通；4. 参与社区康复活动，探索职业康复。",
    },
    overall_goal="稳定服药与作息，预防复发，逐步恢复社区参与。",
    goals=("三个月内按医嘱规律服药，每月漏服不超过2次", "建立固定作息，晚上12点前入睡",
           "每周参加一次社区康复站小组活动", "{carer}学会以鼓励代替指责"),
    rows=(
        ("第1—4周", "疾病与药物健康教育", "家访、与精防医生联合随访", "每天填写服药记录表",
         "社工讲解，精防医生评估副作用，{carer}协助提醒", "服药记录、家属反馈"),
        ("第3—8周", "作息重建与行为激活", "个案面谈、电话跟进", "按约定时间起床并记录每日活动",
         "社工与服务对象共同制定作息表", "作息记录表、睡眠自评"),
        ("第5—12周", "家庭沟通辅导与社区融入", "家庭会谈、陪同参加康复站小组",
         "参加康复操和手工小组", "社工引导，康复站工作人员接纳", "小组签到、家庭关系自评量表"),
    ),
    sessions=(
        Session(ServiceMode.HOME_VISIT, "服务对象家中客厅", "服务对象、{carer}",
                "建立专业关系，了解服药情况",
                "服务对象起初不愿多谈，说到以前喜欢打篮球时话多了起来。自述减药是因为吃药后"
                "“反应慢、老想睡”。{carer}说出担心时双方有些激动，社工帮助各自把话说完。",
                "戒备逐渐放下，愿意下次再谈", "与精防医生沟通副作用，约定下次家访"),
        Session(ServiceMode.PHONE, "社工站办公室（电话）", "服务对象", "跟进服药与作息",
                "服务对象说精防医生把服药时间调到睡前后，白天犯困轻了；本周有三天12点前睡下。",
                "有进步，愿意坚持记录", "下周陪同参观康复站", minutes=15),
        Session(ServiceMode.COMMUNITY_VISIT, "社区康复站活动室", "服务对象、康复站工作人员",
                "陪同初次参加手工小组",
                "服务对象完成了一个编织杯垫，中途想提前离开，社工鼓励后坚持到结束。"
                "结束时说“比在家躺着强”。", "参与意愿提升", "每周四固定参加手工小组",
                minutes=90),
        Session(ServiceMode.INTERVIEW, "社区康复站个案室", "服务对象、{carer}",
                "家庭会谈：练习表达感受",
                "通过角色扮演练习用“我”开头表达感受。{carer}说以后少说“你怎么又……”，"
                "服务对象说希望家人相信自己能做好。", "双方愿意尝试新的沟通方式",
                "两周后回顾家庭沟通练习"),
    ),
    evaluation={
        "services_received": "家访6次、电话跟进5次、陪同参加社区活动4次、家庭会谈2次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial",
        "attainment_reason": "服药和作息目标已达成；职业康复刚起步，服务对象仍在犹豫是否报名",
        "process_evaluation": "服务按计划推进，与精防医生联动及时解决了副作用困扰。",
        "outcome_evaluation": "三个月服药记录完整，无漏服超过2次的月份；能固定参加康复站活动；"
                              "家庭冲突明显减少。",
        "worker_reflection": "开始时过于关注服药，转向服务对象关心的工作话题后关系建立更顺利；"
                             "需警惕替服务对象做决定。",
        "stakeholder_evaluation": "{carer}说服务对象“像换了个人”；精防医生反馈病情稳定。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象能自我管理服药，作息规律，稳定参加社区康复活动，服务目标基本达成。",
        "follow_up_plan": "结案后第1、2、3个月各电话回访一次，了解服药与活动参与情况；"
                          "如出现减药或睡眠紊乱，及时联系精防医生。",
        "follow_up_count": 3, "follow_up_interval_days": 30,
    },
    max_age=70,
)

CD_PSYCHOSIS_DISCHARGE = Profile(
    needs="服务对象上月从成都市第四人民医院出院，由医院社工转介。希望出院后有人帮助适应社区生活，"
          "并了解残疾人职业康复和就业的途径。",
    source="referred", source_detail="成都市第四人民医院社会工作部（出院转介）", risk=1,
    assessment={
        "disease_type": "{diagnosis}，本次为第三次住院，住院45天后好转出院",
        "medication": "出院带药：奥氮平、丙戊酸钠；每月门诊复诊",
        "stability": "mostly_stable",
        "social_security": "城镇职工医保（已断缴半年）；已办理残疾证（精神二级）",
        "family_situation": "{living}。{carer}长期照顾，近来身体欠佳，照护力不从心。",
        "bio_psycho_social": "生理：出院后仍乏力、嗜睡。心理：担心再次住院，自信心低；对未来有"
                             "打算但不敢行动。社会：原单位已解除劳动合同，社交圈很窄。",
        "environment": "微观：家人支持但照护能力有限。中观：街道残联有辅助性就业岗位，社区康复站"
                       "可提供日间活动。宏观：残疾人就业扶持和社保补贴政策。",
        "client_view": "想重新上班，但怕别人知道自己住过院；希望先从简单、时间短的工作做起。",
        "needs_analysis": "1. 出院过渡期的病情监测与复诊衔接；2. 社保续缴与补贴申请；"
                          "3. 职业能力评估与辅助性就业；4. 减轻家属照护负担。",
        "resources_analysis": "优势：大专学历，有六年文员工作经历，电脑操作熟练。资源：残联辅助性"
                              "就业、社区康复站、医院门诊随访。障碍：多次复发，体力和耐力下降。",
        "problem_diagnosis": "出院过渡期社会功能尚未恢复，就业意愿与能力之间有落差，"
                             "家庭照护资源不足。",
        "prioritised_needs": "1. 按时复诊服药，稳定病情；2. 办理社保续缴和残疾人补贴；"
                             "3. 参加职业康复评估与训练；4. 为{carer}链接喘息服务。",
    },
    overall_goal="平稳度过出院过渡期，三个月内进入辅助性就业。",
    goals=("每月按时门诊复诊，规律服药", "完成社保续缴及残疾人社保补贴申请",
           "参加残联职业能力评估，进入辅助性就业岗位试岗", "{carer}每月获得至少一次喘息服务"),
    rows=(
        ("第1—2周", "出院过渡衔接", "家访、与医院社工电话沟通", "按时服药，记录身体感受",
         "社工协调复诊时间，{carer}陪同复诊", "复诊记录"),
        ("第2—6周", "资源链接", "陪同办理、电话跟进", "准备申请材料",
         "社工协助填表，街道残联审核", "补贴到账情况"),
        ("第6—12周", "职业康复", "陪同评估、试岗跟进", "按时到岗，每周与社工回顾",
         "社工与就业辅导员共同支持", "试岗出勤与用人单位反馈"),
    ),
    sessions=(
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象、{carer}", "出院后首次家访",
                "服务对象精神状态尚可，说出院后每天睡十个小时还是累。已按时服药，复诊约在下周三。"
                "{carer}提到自己腰椎不好，担心以后照顾不动。",
                "对服务有期待，主动提出想工作", "协助准备社保续缴材料"),
        Session(ServiceMode.CASE_MANAGEMENT, "武侯区残疾人联合会服务大厅",
                "服务对象、残联工作人员", "陪同咨询社保补贴与职业康复",
                "残联工作人员介绍了残疾人灵活就业社保补贴和辅助性就业项目，服务对象当场填写了"
                "职业能力评估报名表。", "主动提问，表现积极", "跟进评估时间",
                mode_detail="资源链接", minutes=80),
        Session(ServiceMode.PHONE, "社工站办公室（电话）", "服务对象", "跟进试岗情况",
                "服务对象在社区图书室做图书整理试岗，每天上午三小时。说第一周很紧张，"
                "这周好多了，同事没有问起病情。", "适应良好", "两周后到岗位回访", minutes=20),
    ),
    evaluation={
        "services_received": "家访4次、陪同办事3次、电话跟进6次、岗位回访2次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 8,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "医院、残联与社区康复站衔接及时，各方分工清楚。",
        "outcome_evaluation": "出院三个月无复发，按时复诊；社保补贴已获批；在社区图书室辅助性"
                              "就业岗位稳定工作。",
        "worker_reflection": "尊重服务对象对隐私的顾虑，岗位选择充分征求了本人意见。",
        "stakeholder_evaluation": "用人单位评价其认真细致；{carer}表示压力减轻。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象顺利度过出院过渡期，已稳定就业，服务目标达成。",
        "follow_up_plan": "结案后每两个月电话回访一次，共两次，重点了解就业和复诊情况。",
        "follow_up_count": 2, "follow_up_interval_days": 60,
    },
    max_age=60,
)

CD_PSYCHOSIS_YOUTH = Profile(
    needs="服务对象一年前首次发病，住院治疗后病情稳定，但辞去了工作，整天在家玩手机。{carer}难以"
          "接受诊断，不愿让亲友知道，家中气氛压抑。希望社工帮助服务对象重建生活节奏，也帮助家属"
          "了解疾病。",
    source="referred", source_detail="社区卫生服务中心精防医生", risk=1,
    assessment={
        "disease_type": "{diagnosis}（首次发病），发病一年，住院治疗一个月后缓解",
        "medication": "帕利哌酮缓释片每日一次，服药规律",
        "stability": "stable",
        "social_security": "城乡居民医保；已纳入严重精神障碍患者管理，享受免费服药",
        "family_situation": "{living}。{carer}是主要照顾者，难以接受诊断，常自责“是不是哪里"
                            "没做好”。",
        "bio_psycho_social": "生理：服药后体重增加，晚睡晚起。心理：对未来迷茫，担心被人看不起；"
                             "对疾病有一定认识。社会：辞职后与同事朋友断了联系，每天在家玩手机到"
                             "凌晨。",
        "environment": "微观：家庭关心但气氛压抑，避谈病情。中观：社区康复站有青年康复者社交技能"
                       "小组；街道有就业见习岗位。宏观：精神障碍社区康复服务政策。",
        "client_view": "说自己“还年轻，不想就这么废了”，想学一门手艺，比如做咖啡或剪视频。",
        "needs_analysis": "1. 规律作息和服药自我管理；2. 社交技能和同伴支持；3. 家属对疾病的认识"
                          "和接纳；4. 职业兴趣探索。",
        "resources_analysis": "优势：年轻，病情稳定，兴趣明确，会剪辑视频。资源：青年康复者小组、"
                              "就业见习岗位、家属学校。障碍：家属病耻感强，服务对象缺少社会支持。",
        "problem_diagnosis": "首发康复期社会功能退缩，家庭对疾病的接纳不足。",
        "prioritised_needs": "1. 建立规律作息；2. 参加青年康复者社交技能小组；3. 家属心理教育；"
                             "4. 职业兴趣探索与见习。",
    },
    overall_goal="巩固康复，建立规律生活与同伴支持，探索职业方向。",
    goals=("每天早上9点前起床，凌晨12点前放下手机", "完成8节社交技能训练小组",
           "{carer}参加家属学校至少3次", "完成一次职业兴趣评估并参加见习"),
    rows=(
        ("第1—4周", "生活节奏重建", "家访、电话跟进", "用手机闹钟并记录作息",
         "社工与服务对象共同设定作息目标", "作息记录"),
        ("第3—10周", "同伴支持与社交技能", "小组工作", "参加青年康复者小组", "社工带领小组",
         "小组出勤、社交技能自评"),
        ("第2—12周", "家属心理教育与职业探索", "家属学校、职业兴趣评估", "尝试一次见习",
         "社工链接家属学校和见习岗位", "家属反馈、见习记录"),
    ),
    sessions=(
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象、{carer}", "了解生活现状",
                "服务对象大部分时间低头看手机，谈到剪视频时主动拿出作品给社工看。{carer}在一旁说"
                "“别给外人看这些”，服务对象立刻收起了手机。", "谈到兴趣时有热情",
                "单独约谈服务对象，讨论作息"),
        Session(ServiceMode.OTHER, "社区康复站活动室", "服务对象、青年康复者小组成员6人",
                "社交技能小组第3节：开启对话",
                "小组练习向新朋友介绍自己。服务对象第一轮只说了名字，第二轮主动说自己喜欢剪视频，"
                "有两位组员想跟着学。", "开始与组员互动", "下节请服务对象分享剪辑技巧",
                mode_detail="小组工作", minutes=90),
        Session(ServiceMode.INTERVIEW, "社区康复站个案室", "{carer}", "家属辅导：面对诊断",
                "{carer}说一直不敢告诉亲戚，怕影响服务对象以后的生活。社工介绍了疾病的康复前景和"
                "家属学校，{carer}说“原来不是我们做错了什么”。", "{carer}开始接纳",
                "邀请参加下月家属学校"),
    ),
    evaluation={
        "services_received": "家访3次、个案面谈4次、小组8节、家属学校3次、陪同见习2次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 8,
        "goal_attainment": "partial", "attainment_reason": "作息已规律，见习岗位尚在适应中",
        "process_evaluation": "个案与小组结合，同伴支持效果明显。",
        "outcome_evaluation": "作息基本规律；完成社交技能小组全部8节；在街道融媒体中心见习剪辑"
                              "岗位；{carer}主动参加家属学校。",
        "worker_reflection": "借助服务对象的兴趣打开局面，避免只盯着问题。",
        "stakeholder_evaluation": "小组同伴评价其“热心、会教人”；{carer}说对未来有了信心。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象生活规律，有了同伴支持并开始见习，家属对疾病的接纳明显提高。",
        "follow_up_plan": "结案后每月电话回访一次，共两次，关注见习适应和服药。",
        "follow_up_count": 2, "follow_up_interval_days": 30,
    },
    max_age=35,
)

CD_DEPRESSION = Profile(
    needs="服务对象因抑郁症休学在家半年，情绪低落，曾有轻生念头，现在门诊治疗。本人希望有人陪伴"
          "倾诉，逐步恢复学习和生活。",
    source="sought_help", source_detail="", risk=1,
    assessment={
        "disease_type": "抑郁发作（中度），门诊治疗五个月",
        "medication": "舍曲林每日一次，规律服药，偶有恶心",
        "stability": "mostly_stable",
        "social_security": "城乡居民医保，门诊慢特病已备案",
        "family_situation": "{living}。{carer}很关心服务对象，但不了解抑郁症，常劝其“想开点”。",
        "bio_psycho_social": "生理：早醒、食欲下降，体重减轻约5公斤。心理：自我评价低，常感内疚"
                             "和无望；三个月前有过轻生念头，目前否认计划。社会：与同学朋友联系中断，"
                             "每天大部分时间待在房间。",
        "environment": "微观：家庭关心但缺少有效的支持方式。中观：社区有青年志愿者服务队和心理"
                       "健康讲座。宏观：本市开通24小时心理援助热线。",
        "client_view": "觉得自己“拖累了家里”，希望慢慢好起来，先能每天出门走走。",
        "needs_analysis": "1. 情绪支持与自伤风险监测；2. 恢复日常活动和社交；3. 家属了解抑郁症"
                          "和支持方法；4. 复学规划。",
        "resources_analysis": "优势：有求助意识，按时复诊，喜欢画画。资源：精神专科门诊、心理援助"
                              "热线、社区青年志愿者。障碍：精力不足，遇到小挫折容易放弃。",
        "problem_diagnosis": "抑郁情绪导致社会功能下降，家庭支持方式不当加重内疚感，"
                             "存在一定自伤风险。",
        "prioritised_needs": "1. 制定安全计划，监测自伤风险；2. 行为激活，恢复每日活动；"
                             "3. 家属心理健康教育；4. 制定复学计划。",
    },
    overall_goal="情绪稳定、安全有保障，逐步恢复日常生活和社会交往。",
    goals=("与服务对象和家属共同制定安全计划，熟记求助方式", "每天至少完成一项计划内活动",
           "家属参加两次抑郁症家属课堂", "三个月内制定复学计划"),
    rows=(
        ("第1—2周", "危机预防", "个案面谈、制定安全计划", "有轻生念头时按计划联系家人或热线",
         "社工评估风险，{carer}了解预警信号", "安全计划完成情况、风险评估"),
        ("第2—10周", "行为激活", "面谈、电话跟进", "填写每日活动记录",
         "社工与服务对象共同安排活动", "活动记录、情绪自评量表"),
        ("第4—12周", "家庭支持", "家属课堂、家庭会谈", "与家人分享自己的感受",
         "社工讲解抑郁症知识", "家属反馈"),
    ),
    sessions=(
        Session(ServiceMode.COUNSELLING, "社区心理咨询室", "服务对象",
                "建立关系，评估风险，制定安全计划",
                "服务对象语速很慢，几次说“对不起，浪费你时间”。社工用结构化问题评估自伤风险，"
                "服务对象否认近期计划。双方写下安全计划：预警信号、能做的事、能联系的人和热线号码。",
                "能配合完成安全计划，情绪低落但稳定", "一周后电话跟进"),
        Session(ServiceMode.PHONE, "社工站办公室（电话）", "服务对象", "跟进安全计划与活动记录",
                "服务对象本周有四天出门散步，画了一幅小区里的银杏。说前天情绪很差，按计划给家人"
                "打了电话，聊完好一些。", "会使用安全计划", "邀请参加青年志愿者绘画活动",
                minutes=20),
        Session(ServiceMode.INTERVIEW, "服务对象家中", "服务对象、{carer}",
                "家庭会谈：家属如何陪伴",
                "社工讲解抑郁症不是“想不开”。{carer}流泪说以前不知道服务对象这么难受。服务对象说最希望"
                "家人“不用讲道理，陪着就好”。", "家庭沟通出现积极变化", "邀请{carer}参加家属课堂"),
    ),
    evaluation={
        "services_received": "个案辅导8次、电话跟进6次、家庭会谈2次、家属课堂2次",
        "coping_improved": "somewhat", "satisfaction": 4, "improvement": 6,
        "goal_attainment": "partial", "attainment_reason": "情绪有改善但仍有波动，复学尚在准备",
        "process_evaluation": "安全计划和行为激活执行较好，家属课堂参与积极。",
        "outcome_evaluation": "三个月内无自伤行为；每日活动完成率约八成；家属能以倾听代替说教。",
        "worker_reflection": "高风险个案中注意自身情绪负荷，及时接受督导。",
        "stakeholder_evaluation": "门诊医生反馈抑郁量表评分下降；家属满意。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象情绪趋于稳定，掌握了安全计划和求助方式，已报名下学期复学。",
        "follow_up_plan": "结案后每月电话回访一次，共三次，关注复学适应和情绪变化。",
        "follow_up_count": 3, "follow_up_interval_days": 30,
    },
)

CD_CAREGIVER = Profile(
    needs="服务对象长年照顾患病的家人，近半年失眠、易怒，自述“快撑不住了”。希望获得喘息服务和"
          "照护技巧指导。",
    source="sought_help", source_detail="", risk=0,
    assessment={
        "disease_type": "服务对象本人无重大疾病诊断；长期照护引起失眠和焦虑情绪",
        "medication": "无长期用药，偶尔服用助眠中成药",
        "stability": "stable",
        "social_security": "城镇职工医保",
        "family_situation": "{living}。服务对象是家中唯一的主要照顾者，其他亲属很少分担。",
        "bio_psycho_social": "生理：入睡困难，颈肩疼痛。心理：焦虑、易怒，对被照顾的家人既内疚"
                             "又有怨气。社会：几乎没有个人时间，半年没有和朋友聚会。",
        "environment": "微观：家庭分工不均。中观：社区有日间照料中心和照顾者互助小组。宏观：本市"
                       "长期护理保险可提供居家护理服务。",
        "client_view": "觉得自己不能倒下，但也想有一点属于自己的时间。",
        "needs_analysis": "1. 缓解照顾压力，疏导情绪；2. 照护技巧；3. 家庭照护分工；"
                          "4. 长期护理保险等资源。",
        "resources_analysis": "优势：责任心强，学习能力好。资源：照顾者互助小组、日间照料中心、"
                              "长期护理保险。障碍：不好意思向别人求助。",
        "problem_diagnosis": "照顾负担过重、支持不足，照顾者有身心耗竭的风险。",
        "prioritised_needs": "1. 情绪疏导与自我照顾；2. 申请喘息服务；3. 召开家庭会议调整分工；"
                             "4. 学习照护技巧。",
    },
    overall_goal="减轻照顾压力，建立可持续的照护安排。",
    goals=("每周至少有半天属于自己的时间", "完成长期护理保险评估申请",
           "召开一次家庭会议，明确照护分工", "参加照顾者互助小组至少4次"),
    rows=(
        ("第1—4周", "情绪支持", "个案辅导", "每天记录一件让自己放松的事",
         "社工倾听，教授放松技巧", "照顾者负担量表"),
        ("第2—6周", "资源链接", "陪同申请、电话跟进", "准备申请材料",
         "社工协助申请长护险与日间照料", "申请结果"),
        ("第4—10周", "家庭支持", "家庭会议、互助小组", "邀请家人参加会议",
         "社工主持家庭会议", "照护分工表执行情况"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "社区康复站个案室", "服务对象", "倾听照顾压力",
                "服务对象一坐下就哭了，说很久没人问过自己累不累。讲述每天5点起床做饭、喂药、擦洗，"
                "夜里要起来两三次。", "情绪宣泄充分，愿意接受帮助", "了解长期护理保险申请条件"),
        Session(ServiceMode.CASE_MANAGEMENT, "社区卫生服务中心", "服务对象、长护险评估员",
                "协助申请长期护理保险评估",
                "评估员说明了失能等级评估流程，约定下周上门评估；服务对象第一次知道护理员可以上门。",
                "对获得支持有信心", "跟进评估结果", mode_detail="资源链接", minutes=60),
        Session(ServiceMode.COMMUNITY_VISIT, "社区活动中心", "服务对象、照顾者互助小组成员",
                "陪同参加照顾者互助小组",
                "小组主题是“照顾好自己”。服务对象分享后，一位组员说“我也是这样过来的”，服务对象说"
                "这是第一次觉得不孤单。", "获得同伴支持", "鼓励持续参加", minutes=90),
    ),
    evaluation={
        "services_received": "个案辅导5次、家庭会议1次、陪同办事2次、互助小组4次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial", "attainment_reason": "家庭分工已调整，但个人时间仍不稳定",
        "process_evaluation": "服务节奏与服务对象的照护安排相适应，资源链接及时。",
        "outcome_evaluation": "长期护理保险已获批，每周有护理员上门3次；照顾者负担量表得分由52分"
                              "降至34分。",
        "worker_reflection": "看到照顾者自己的需要，而不只是被照顾者的需要。",
        "stakeholder_evaluation": "其他家人表示愿意继续分担周末照护。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "照护安排已稳定，服务对象压力明显减轻，服务目标基本达成。",
        "follow_up_plan": "结案后每月电话回访一次，共两次。",
        "follow_up_count": 2, "follow_up_interval_days": 30,
    },
)

CD_BEREAVED = Profile(
    needs="服务对象照顾多年的母亲半年前病故，此后情绪低落、很少出门，常对着遗像说话。"
          "社区居委会担心其状况，转介社工跟进。",
    source="referred", source_detail="浆洗街街道社区居委会", risk=0,
    assessment={
        "disease_type": "无精神疾病诊断；高血压病史，规律服药",
        "medication": "苯磺酸氨氯地平每日一次",
        "stability": "stable",
        "social_security": "城镇职工医保",
        "family_situation": "{living}。家人白天上班，服务对象日间多独自在家。",
        "bio_psycho_social": "生理：睡眠差，食欲下降。心理：悲伤，自责“没照顾好母亲”，思念强烈；"
                             "否认轻生想法。社会：退出了社区合唱团，与邻居来往减少。",
        "environment": "微观：家人关心，但都回避谈起母亲。中观：社区文体活动丰富，邻里关系较好。"
                       "宏观：社区居家养老服务可提供助餐。",
        "client_view": "说“母亲走了，家里像空了一块”；想回合唱团，但觉得“不好意思开心”。",
        "needs_analysis": "1. 表达哀伤、有人陪伴；2. 日常饮食与就医；3. 重建社会联系。",
        "resources_analysis": "优势：性格开朗，曾是合唱团骨干。资源：社区合唱团、助餐点、邻里互助。"
                              "障碍：担心别人议论自己“这么快就出来玩”。",
        "problem_diagnosis": "丧亲后有延长哀伤的风险，社会联系减少。",
        "prioritised_needs": "1. 陪伴哀伤过程，允许表达；2. 解决日常饮食与就医；"
                             "3. 逐步恢复合唱团等社会活动。",
    },
    overall_goal="在陪伴中度过哀伤，恢复日常生活与社会联系。",
    goals=("每周至少一次与社工或邻居交流", "使用社区助餐服务，保证规律饮食",
           "三个月内重新参加合唱团活动"),
    rows=(
        ("第1—6周", "哀伤辅导", "家访、怀旧回顾", "整理母亲的照片，讲述与母亲的往事",
         "社工陪伴、倾听", "哀伤反应自评"),
        ("第3—8周", "生活支持", "资源链接、电话跟进", "到助餐点用餐",
         "社工联系助餐点和楼栋长", "用餐记录"),
        ("第6—12周", "社会联系重建", "陪同参加社区活动", "参加合唱团排练",
         "社工与合唱团负责人沟通", "活动参与次数"),
    ),
    sessions=(
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象", "初次家访，倾听哀伤",
                "服务对象拿出母亲的照片，讲小时候母亲带着自己去赶集，说到母亲最后一个月住院时"
                "哭了。社工肯定了其多年的照顾付出。", "能表达悲伤", "下周继续家访，邀请家人参与"),
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象、{carer}", "家庭支持",
                "{carer}说这半年不知道怎么安慰服务对象，只好不提；服务对象说其实很想有人听自己"
                "讲讲母亲。两人约定周末一起整理母亲的相册。", "情绪有所舒缓", "联系助餐点"),
        Session(ServiceMode.COMMUNITY_VISIT, "社区老年活动中心", "服务对象、合唱团成员",
                "陪同回到合唱团",
                "团长和老队员热情欢迎，服务对象唱了两首老歌，结束后说母亲以前最爱听这首。",
                "情绪平稳，融入良好", "固定每周二参加排练", minutes=120),
    ),
    evaluation={
        "services_received": "家访6次、电话跟进4次、陪同社区活动3次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "以家访为主、逐步过渡到社区活动，节奏适合服务对象。",
        "outcome_evaluation": "能平和地谈起母亲；饮食规律；每周参加合唱团排练。",
        "worker_reflection": "不急于让服务对象“走出来”，尊重其哀伤的节奏。",
        "stakeholder_evaluation": "家人和居委会反馈服务对象精神好了很多。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象恢复规律生活和社会活动，服务目标达成。",
        "follow_up_plan": "结案后第1个月、第3个月各回访一次，母亲忌日前后增加一次电话关怀。",
        "follow_up_count": 2, "follow_up_interval_days": 45,
    },
)

CD_CHRONIC = Profile(
    needs="社区网格员入户走访时发现服务对象患高血压、糖尿病多年，血糖控制差，常忘记吃药，"
          "白天多独自在家，家中卫生条件较差。",
    source="found_by_worker", source_detail="社区网格员入户走访发现", risk=0,
    assessment={
        "disease_type": "高血压3级、2型糖尿病，伴轻度认知下降（简易智能量表24分）",
        "medication": "二甲双胍、硝苯地平缓释片；常漏服",
        "stability": "unstable",
        "social_security": "城乡居民医保，门诊慢特病（高血压、糖尿病）已备案",
        "family_situation": "{living}。家人白天上班，服务对象日间多独自在家。",
        "bio_psycho_social": "生理：空腹血糖常在11以上，双腿乏力，有跌倒史。心理：对疾病不太在意，"
                             "“活一天算一天”。社会：很少出门，与邻居偶有来往。",
        "environment": "微观：住老旧小区五楼，无电梯。中观：社区卫生服务中心提供家庭医生签约；"
                       "附近有老年助餐点。宏观：居家适老化改造补贴。",
        "client_view": "不想麻烦家人，觉得自己还能照顾自己。",
        "needs_analysis": "1. 慢病用药管理；2. 居家安全与防跌倒；3. 饮食营养；4. 社会支持。",
        "resources_analysis": "优势：生活基本自理，喜欢与人聊天。资源：家庭医生签约、助餐点、"
                              "适老化改造补贴、楼栋志愿者。障碍：行动不便，记忆力下降。",
        "problem_diagnosis": "日间独处的慢病老人用药管理困难，有跌倒和病情加重的风险。",
        "prioritised_needs": "1. 用药管理（分药盒、提醒）；2. 防跌倒改造；3. 助餐；4. 邻里互助。",
    },
    overall_goal="改善用药管理与居家安全，稳定慢病控制。",
    goals=("签约家庭医生并每月随访", "使用分药盒，每周漏服不超过1次", "完成卫生间扶手等适老化改造",
           "每天至少一餐在助餐点用餐"),
    rows=(
        ("第1—3周", "健康管理", "家访、联系家庭医生", "每天按分药盒服药",
         "社工协调签约，志愿者每日电话提醒", "漏服次数、血糖记录"),
        ("第2—6周", "居家安全", "适老化改造申请", "配合上门评估", "社工协助申请补贴",
         "改造完成情况"),
        ("第3—10周", "社会支持", "邻里互助、助餐", "到助餐点用餐",
         "楼栋长和志愿者轮流探访", "探访记录"),
    ),
    sessions=(
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象", "了解用药与居家情况",
                "屋内较乱，药散放在桌上，有两种已过期。服务对象说常记不清吃没吃。社工和服务对象"
                "一起清理了过期药，示范使用分药盒。", "接受度高", "联系家庭医生上门"),
        Session(ServiceMode.HOME_VISIT, "服务对象家中", "服务对象、家庭医生",
                "陪同家庭医生上门签约",
                "家庭医生测得血压150/90，调整了服药方案，约定每月上门随访一次。",
                "对家庭医生信任", "申请适老化改造"),
        Session(ServiceMode.PHONE, "社工站办公室（电话）", "服务对象", "跟进服药与助餐",
                "服务对象说分药盒很好用，这周只漏了一次；中午去助餐点吃饭，遇到了老邻居。",
                "适应良好", "跟进改造进度", minutes=15),
    ),
    evaluation={
        "services_received": "家访7次、电话跟进8次、陪同就医1次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial", "attainment_reason": "血糖仍有波动，需要长期管理",
        "process_evaluation": "家庭医生、楼栋长与志愿者形成了稳定的支持网。",
        "outcome_evaluation": "漏服由每周四五次降至一次以内；卫生间已装扶手，无跌倒发生；"
                              "每天在助餐点午餐。",
        "worker_reflection": "尊重服务对象独立生活的意愿，不替其做决定。",
        "stakeholder_evaluation": "家庭医生反馈血压控制改善；{carer}表示放心多了。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象用药管理和居家安全明显改善，日常有邻里和家庭医生支持。",
        "follow_up_plan": "结案后每月回访一次，共三次；请楼栋长继续每周探访。",
        "follow_up_count": 3, "follow_up_interval_days": 30,
    },
    codes=("I10", "E11"),
)

CD_GENERAL = Profile(
    needs="服务对象失业后与家人争吵增多，情绪容易激动，晚上失眠。社区调解后转介社工，希望改善"
          "情绪管理，重新找到工作。",
    source="referred", source_detail="社区人民调解委员会", risk=0,
    assessment={
        "disease_type": "无精神疾病诊断；失眠，曾到社区医院就诊",
        "medication": "无",
        "stability": "stable",
        "social_security": "城乡居民医保，正在领取失业保险金",
        "family_situation": "{living}。家庭经济压力大，常因求职问题与家人争吵。",
        "bio_psycho_social": "生理：入睡困难，吸烟量增加。心理：挫败感强，容易发火，事后后悔。"
                             "社会：与原同事关系疏远，求职屡屡受挫。",
        "environment": "微观：家庭关系紧张。中观：街道就业服务站定期举办招聘会。宏观：就业困难人员"
                       "认定与培训补贴政策。",
        "client_view": "觉得“不是自己不努力，是运气不好”；希望家人少催。",
        "needs_analysis": "1. 情绪管理；2. 就业支持；3. 家庭沟通。",
        "resources_analysis": "优势：有驾驶证和多年物流经验。资源：街道就业服务站、职业技能"
                              "培训补贴。障碍：年龄偏大，求职面窄。",
        "problem_diagnosis": "失业引发的情绪困扰和家庭冲突。",
        "prioritised_needs": "1. 学习情绪调节方法；2. 就业困难人员认定与求职；3. 家庭沟通。",
    },
    overall_goal="稳定情绪，改善家庭关系，实现再就业。",
    goals=("掌握两种情绪调节方法并在冲突中使用", "完成就业困难人员认定，参加至少3场招聘会",
           "每周一次全家心平气和的交流"),
    rows=(
        ("第1—4周", "情绪管理", "个案辅导", "记录情绪日记", "社工教授放松和“暂停”技巧", "情绪日记"),
        ("第2—8周", "就业支持", "资源链接、陪同", "投递简历、参加招聘会",
         "社工链接就业服务站", "面试次数"),
        ("第4—10周", "家庭沟通", "家庭会谈", "与家人约定沟通规则", "社工引导", "家庭冲突次数"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "社工站个案室", "服务对象", "了解失业经过与情绪",
                "服务对象讲述在物流公司工作十二年后被裁员的经过，激动时拍了桌子，随即道歉。"
                "社工引导其识别发火前的身体信号。", "有改变意愿", "练习“暂停”技巧"),
        Session(ServiceMode.CASE_MANAGEMENT, "街道就业服务站", "服务对象、就业服务专员",
                "陪同办理就业困难人员认定",
                "完成就业困难人员认定登记，专员推荐了两个仓储主管岗位。",
                "积极准备面试", "帮助修改简历", mode_detail="就业资源链接", minutes=60),
        Session(ServiceMode.PHONE, "社工站办公室（电话）", "服务对象", "跟进求职与家庭冲突",
                "服务对象参加了一场面试，正在等结果；本周只和家人吵了一次，用上了“暂停”。",
                "情绪管理有进步", "下周家庭会谈", minutes=20),
    ),
    evaluation={
        "services_received": "个案辅导6次、家庭会谈2次、陪同办事2次",
        "coping_improved": "yes", "satisfaction": 4, "improvement": 7,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "情绪、就业、家庭三条线并行，服务对象参与积极。",
        "outcome_evaluation": "已在一家物流企业任仓储主管；情绪日记显示冲突明显减少。",
        "worker_reflection": "面对服务对象的愤怒保持了稳定和耐心。",
        "stakeholder_evaluation": "家人反馈家里“安静多了”。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象已再就业，情绪与家庭关系改善，服务目标达成。",
        "follow_up_plan": "结案后一个月电话回访一次。",
        "follow_up_count": 1, "follow_up_interval_days": 30,
    },
    max_age=60,
)

# Shenzhen: a hospital's social-work department; wards, discharge planning, medical costs.
SZ_DIABETES = Profile(
    needs="服务对象因糖尿病并发症住院，出院后需长期注射胰岛素。家属白天上班，服务对象担心自己"
          "不会操作，同时对医疗费用有顾虑。",
    source="referred", source_detail="内分泌科护士长", risk=0,
    assessment={
        "disease_type": "2型糖尿病伴周围神经病变，本次因血糖控制不佳住院12天",
        "medication": "门冬胰岛素每日三次注射，二甲双胍",
        "stability": "unstable",
        "social_security": "深圳市社会医疗保险二档；部分费用需自付",
        "family_situation": "{living}。家人工作繁忙，白天家中无人，{carer}晚上协助。",
        "bio_psycho_social": "生理：双脚麻木，视力下降，胰岛素注射不熟练。心理：担心成为家人负担，"
                             "害怕打针。社会：社交圈以家人和同乡为主。",
        "environment": "微观：家人支持但时间有限。中观：社区健康服务中心提供慢病随访；医院有糖尿病"
                       "教育门诊。宏观：深圳医保门诊大病（糖尿病）待遇。",
        "client_view": "“打针太麻烦了，能不能只吃药”；希望能自己照顾自己，不拖累家人。",
        "needs_analysis": "1. 胰岛素注射与血糖监测技能；2. 出院后随访衔接；3. 医疗费用；"
                          "4. 饮食管理。",
        "resources_analysis": "优势：愿意学习，家人配合。资源：糖尿病教育门诊、社区健康服务中心、"
                              "医保门诊大病备案。障碍：视力下降，平时说家乡话。",
        "problem_diagnosis": "出院后自我管理能力不足，随访衔接和医保政策使用不充分。",
        "prioritised_needs": "1. 掌握胰岛素注射与血糖监测；2. 办理门诊大病备案；3. 衔接社康随访；"
                             "4. 家属参与饮食管理。",
    },
    overall_goal="出院后能安全地自我管理血糖，减少再入院。",
    goals=("出院前独立完成胰岛素注射和血糖监测", "办理门诊大病备案，降低自付费用",
           "出院一周内完成社区健康服务中心首次随访", "家属掌握糖尿病饮食要点"),
    rows=(
        ("住院期间", "健康教育", "病房面谈、与护士联合示教", "每天练习注射并记录血糖",
         "护士示教，社工鼓励并用家乡话解释", "操作考核"),
        ("出院前3天", "出院计划", "多学科出院准备会", "与家属一起参会",
         "社工召集医生、护士和家属", "出院计划书"),
        ("出院后1—8周", "社区衔接", "电话随访、转介社区健康服务中心", "按时随访",
         "社工与社康家庭医生对接", "随访记录、血糖记录"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "内分泌科病房", "服务对象、{carer}",
                "了解对胰岛素注射的顾虑",
                "服务对象说起打针手就发抖，护士示范时一直摇头。社工用家乡话交谈，了解到主要担心"
                "“打错了会出事”。", "顾虑得到表达", "请护士安排一对一示教", minutes=40),
        Session(ServiceMode.CASE_MANAGEMENT, "内分泌科示教室",
                "服务对象、{carer}、主管医生、责任护士", "出院准备会",
                "会上确定出院后的胰岛素剂量和随访时间，社工说明门诊大病备案流程；{carer}表示晚饭后"
                "会帮忙核对剂量。", "对出院有信心", "协助办理门诊大病备案",
                mode_detail="多学科出院准备会", minutes=45),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象、{carer}", "出院后电话随访",
                "出院一周，服务对象每天自己注射，血糖在7到9之间；已到社康完成首次随访。",
                "自我管理良好", "两周后再随访", minutes=15),
    ),
    evaluation={
        "services_received": "病房面谈4次、出院准备会1次、电话随访5次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 8,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "医护社联动顺畅，出院计划落实到人。",
        "outcome_evaluation": "出院两个月无再入院，空腹血糖控制在7左右；门诊大病备案完成，"
                              "自付费用明显下降。",
        "worker_reflection": "用服务对象熟悉的语言沟通，有效降低了焦虑。",
        "stakeholder_evaluation": "责任护士和社康家庭医生均反馈依从性好。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象能独立注射胰岛素并监测血糖，随访已衔接到社区，服务目标达成。",
        "follow_up_plan": "结案后每月电话回访一次，共两次。",
        "follow_up_count": 2, "follow_up_interval_days": 30,
    },
    codes=("E11",),
)

SZ_COPD = Profile(
    needs="服务对象因慢阻肺急性加重反复住院。家属反映长期吸氧和护理费用负担重，出院后家中"
          "缺少照护人手，希望了解长期护理和医疗救助政策。",
    source="referred", source_detail="呼吸与危重症医学科主治医生", risk=0,
    assessment={
        "disease_type": "慢性阻塞性肺疾病（重度），高血压2级，一年内住院3次",
        "medication": "噻托溴铵吸入剂、布地奈德福莫特罗吸入剂；家庭氧疗每日15小时",
        "stability": "unstable",
        "social_security": "深圳市社会医疗保险一档",
        "family_situation": "{living}。{carer}需要上班，白天靠保姆照护，费用较高。",
        "bio_psycho_social": "生理：活动后气促明显，只能在室内活动。心理：焦虑，怕“喘不上气”，"
                             "夜里常惊醒。社会：几乎不出门，与外界联系少。",
        "environment": "微观：住电梯楼，室内空间小。中观：社区健康服务中心可建家庭病床；社区有"
                       "长者饭堂。宏观：长期护理保险、医疗救助政策。",
        "client_view": "不想再住院，想在家里过日子；担心给家人增加负担。",
        "needs_analysis": "1. 居家氧疗与呼吸康复；2. 照护人手和费用；3. 焦虑情绪；4. 减少再入院。",
        "resources_analysis": "优势：家人关系融洽，治疗依从性好。资源：家庭病床、长期护理保险、"
                              "医疗救助、呼吸康复门诊。障碍：经济压力，活动能力差。",
        "problem_diagnosis": "重度慢阻肺反复住院，居家照护资源和费用支持不足。",
        "prioritised_needs": "1. 申请家庭病床，减少往返医院；2. 申请医疗救助和长期护理；"
                             "3. 呼吸康复训练；4. 疏导焦虑情绪。",
    },
    overall_goal="在家中安全生活，减少急性加重住院，减轻家庭负担。",
    goals=("出院后建立家庭病床", "完成医疗救助和长期护理相关申请", "学会缩唇呼吸等呼吸康复方法",
           "焦虑发作时能用放松方法缓解"),
    rows=(
        ("住院期间", "出院准备", "病房面谈、家属会议", "练习呼吸操",
         "社工链接康复治疗师，家属参与", "练习次数"),
        ("出院后1—4周", "资源链接", "电话跟进、协助申请", "准备申请材料",
         "社工协助家属递交申请", "申请结果"),
        ("出院后2—12周", "情绪支持与随访", "电话随访、与社康联合家访", "记录每日症状",
         "社工与家庭医生共同随访", "再入院次数、焦虑量表"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "呼吸与危重症医学科病房", "服务对象、{carer}",
                "了解照护与费用困难",
                "服务对象戴着鼻导管吸氧，说话需要停顿。{carer}说每月保姆费和药费加起来超过一万元，"
                "压力很大。社工介绍了家庭病床和医疗救助政策。", "家属情绪得到舒缓",
                "协助准备医疗救助申请材料", minutes=40),
        Session(ServiceMode.CASE_MANAGEMENT, "社区健康服务中心", "{carer}、家庭医生",
                "协调建立家庭病床",
                "与家庭医生确认家庭病床建床条件，预约出院后第三天上门评估。",
                "家属配合积极", "出院后电话跟进", mode_detail="多方协调", minutes=60),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "{carer}", "出院后电话随访",
                "家庭病床已建立，医生每周上门一次；医疗救助申请已受理。服务对象最近夜里惊醒少了。",
                "病情平稳", "一个月后随访", minutes=20),
    ),
    evaluation={
        "services_received": "病房面谈3次、家属会议1次、资源协调3次、电话随访6次",
        "coping_improved": "somewhat", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial",
        "attainment_reason": "期间仍有一次急性加重住院，但住院时间缩短",
        "process_evaluation": "医院与社康的衔接顺畅，申请材料一次通过。",
        "outcome_evaluation": "建立家庭病床，三个月内住院1次（此前一年3次）；医疗救助获批，"
                              "每月减少自付约两千元。",
        "worker_reflection": "关注到照顾者的压力，家属会议时间安排照顾了其上班时间。",
        "stakeholder_evaluation": "家庭医生认为家庭病床模式适合该服务对象。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "居家照护和费用支持已落实，服务对象焦虑减轻，服务目标基本达成。",
        "follow_up_plan": "结案后每月电话回访一次，共三次；入冬前提醒接种流感疫苗。",
        "follow_up_count": 3, "follow_up_interval_days": 30,
    },
    codes=("J44",),
)

SZ_DIALYSIS = Profile(
    needs="服务对象因高血压肾病进展为尿毒症，开始规律血液透析，担心透析费用和今后的工作，情绪"
          "低落。肾内科护士长转介医务社工。",
    source="referred", source_detail="肾内科护士长", risk=0,
    assessment={
        "disease_type": "高血压肾病，慢性肾脏病5期，每周三次血液透析",
        "medication": "降压药、促红细胞生成素、磷结合剂",
        "stability": "mostly_stable",
        "social_security": "深圳市社会医疗保险一档；血液透析已纳入门诊大病",
        "family_situation": "{living}。{carer}每周陪同透析；服务对象停工后家庭收入减少。",
        "bio_psycho_social": "生理：透析后乏力，需严格控制饮水和饮食。心理：对终身透析感到绝望，"
                             "担心拖累家庭。社会：透析时间固定，原来的工作难以继续。",
        "environment": "微观：家人支持。中观：医院透析中心、肾友会、社区健康服务中心。宏观：门诊"
                       "大病报销、重特大疾病医疗救助。",
        "client_view": "“一周去三次医院，人就废了。”但希望能找到和透析时间错开的工作。",
        "needs_analysis": "1. 适应透析生活的情绪支持；2. 医疗费用和救助政策；3. 饮食和饮水管理；"
                          "4. 就业与透析时间的协调。",
        "resources_analysis": "优势：家人支持，有会计从业经验。资源：门诊大病报销、医疗救助、肾友会"
                              "同伴支持。障碍：体力下降，就业受限。",
        "problem_diagnosis": "终末期肾病带来的适应困难、经济压力和社会角色丧失。",
        "prioritised_needs": "1. 情绪支持与同伴支持；2. 办理医疗救助；3. 与营养师制定饮食方案；"
                             "4. 探索灵活就业。",
    },
    overall_goal="适应规律透析生活，减轻经济压力，恢复部分社会角色。",
    goals=("参加肾友会活动至少两次", "完成重特大疾病医疗救助申请",
           "透析间期体重增长控制在干体重的5%以内", "找到一份与透析时间错开的兼职"),
    rows=(
        ("第1—4周", "情绪与同伴支持", "透析时床旁面谈、肾友会", "参加肾友会分享",
         "社工链接肾友会老会员", "情绪自评量表"),
        ("第1—6周", "费用支持", "政策咨询、协助申请", "准备申请材料", "社工协助办理",
         "救助审批结果"),
        ("第4—12周", "生活重建", "营养咨询、就业探索", "记录饮水量，投递兼职简历",
         "社工链接营养师和招聘信息", "体重记录、求职进展"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "血液透析中心", "服务对象", "床旁面谈：适应透析",
                "服务对象透析时一直看着窗外，说“以后都要靠机器活着”。社工倾听其失落，介绍了肾友会"
                "里透析十多年仍在工作的会员。", "愿意认识肾友会会员", "邀请参加下周肾友会",
                minutes=40),
        Session(ServiceMode.OTHER, "医院肾友会活动室", "服务对象、{carer}、肾友会会员",
                "陪同参加肾友会",
                "一位透析十二年的会员分享了怎样安排工作和透析。服务对象问了很多问题，结束时加了"
                "对方的微信。", "获得同伴支持", "协助办理医疗救助",
                mode_detail="肾友会活动", minutes=90),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象", "跟进救助与求职",
                "医疗救助已获批，透析自付费用每月减少约一千元。服务对象在朋友公司找到每周两天的"
                "记账兼职，时间与透析错开。", "情绪明显好转", "一个月后回访", minutes=20),
    ),
    evaluation={
        "services_received": "床旁面谈5次、肾友会2次、协助申请2次、电话跟进4次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "partial", "attainment_reason": "饮水控制仍不稳定",
        "process_evaluation": "利用透析时间开展床旁服务，没有额外占用服务对象的时间。",
        "outcome_evaluation": "医疗救助已落实；已从事兼职记账工作；情绪自评量表得分改善。",
        "worker_reflection": "同伴的经验比社工的劝说更有力量。",
        "stakeholder_evaluation": "透析中心护士反馈服务对象配合度提高。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象已适应规律透析，费用压力减轻并重新开始工作。",
        "follow_up_plan": "结案后每两个月电话回访一次，共两次。",
        "follow_up_count": 2, "follow_up_interval_days": 60,
    },
    codes=("N18",),
    max_age=65,
)

SZ_CAREGIVER = Profile(
    needs="服务对象的家人脑卒中后偏瘫住院，服务对象白天上班、晚上陪护，连续一个月睡眠不足，"
          "在病房情绪崩溃。护士长建议医务社工介入。",
    source="referred", source_detail="神经内科护士长", risk=0,
    assessment={
        "disease_type": "服务对象本人无重大疾病；因长期陪护出现失眠、焦虑",
        "medication": "无",
        "stability": "stable",
        "social_security": "深圳市社会医疗保险一档",
        "family_situation": "{living}。服务对象是被照顾者在深圳唯一的亲属，其他家人在老家。",
        "bio_psycho_social": "生理：每天睡眠不足5小时，腰痛。心理：焦虑、无助，担心家人以后不能"
                             "自理，也担心丢掉工作。社会：请假多，与同事关系紧张。",
        "environment": "微观：缺少可替换的照护人手。中观：医院有陪护中心；社区有康复站。"
                       "宏观：长期护理保险、职工带薪休假政策。",
        "client_view": "“我不能倒下，但真的太累了。”希望家人尽快康复出院。",
        "needs_analysis": "1. 照顾者情绪支持；2. 住院陪护安排；3. 出院后康复与照护规划；"
                          "4. 工作与照护的平衡。",
        "resources_analysis": "优势：学习能力强，决心大。资源：医院陪护中心、社区康复站、长期护理"
                              "保险。障碍：经济压力，亲友离得远。",
        "problem_diagnosis": "照顾者负担过重，出院后照护计划缺失。",
        "prioritised_needs": "1. 情绪支持；2. 安排陪护，保证服务对象睡眠；3. 制定出院后康复和照护"
                             "计划；4. 与单位沟通弹性工作。",
    },
    overall_goal="减轻照顾负担，为家人出院后的照护做好准备。",
    goals=("住院期间每周至少4晚由陪护员陪护", "出院前完成照护技能培训", "出院后链接社区康复服务",
           "与单位协商弹性工作安排"),
    rows=(
        ("第1周", "情绪支持", "面谈", "表达自己的感受", "社工倾听，教授放松方法", "焦虑自评量表"),
        ("第1—3周", "照护安排", "链接陪护中心、照护培训", "学习翻身、转移等照护技巧",
         "社工协调，康复治疗师培训", "技能掌握情况"),
        ("出院后1—6周", "社区衔接", "转介社区康复站、电话跟进", "按计划陪家人做康复",
         "社工与康复站对接", "康复训练出勤"),
    ),
    sessions=(
        Session(ServiceMode.COUNSELLING, "社工部面谈室", "服务对象", "情绪疏导",
                "服务对象讲述家人发病当天的经过，说当时自己在上班，一直很自责。社工回应其情绪，"
                "并一起讨论了睡眠问题。", "情绪得到宣泄", "协调陪护中心"),
        Session(ServiceMode.CASE_MANAGEMENT, "神经内科护士站", "服务对象、护士长、陪护中心负责人",
                "安排住院陪护",
                "商定每周一至周四晚上由陪护员陪护，费用由医院爱心基金减免一半。",
                "松了一口气", "安排照护技能培训", mode_detail="陪护资源协调", minutes=30),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象", "出院后跟进",
                "家人已出院，每周三次到社区康复站训练。服务对象说单位同意了弹性上班，自己晚上能睡"
                "六七个小时了。", "压力明显减轻", "一个月后回访", minutes=20),
    ),
    evaluation={
        "services_received": "面谈4次、资源协调3次、电话跟进5次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 8,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "住院期和出院后衔接紧密，资源到位及时。",
        "outcome_evaluation": "住院期间有稳定陪护；出院后康复训练按计划进行；服务对象睡眠和情绪"
                              "明显改善。",
        "worker_reflection": "在病房环境中为照顾者留出了表达的空间。",
        "stakeholder_evaluation": "护士长和社区康复站均反馈家属配合度高。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "照护安排稳定，服务对象压力明显减轻，服务目标达成。",
        "follow_up_plan": "结案后第1个月、第3个月电话回访。",
        "follow_up_count": 2, "follow_up_interval_days": 60,
    },
)

SZ_BEREAVED = Profile(
    needs="服务对象的家人在重症监护室抢救无效去世。服务对象情绪激动，对治疗过程有疑问，"
          "后事和费用结算也不知从何入手。重症医学科请医务社工介入。",
    source="referred", source_detail="重症医学科", risk=0,
    assessment={
        "disease_type": "无精神疾病诊断",
        "medication": "无",
        "stability": "stable",
        "social_security": "深圳市社会医疗保险一档",
        "family_situation": "{living}。家人突然离世，家庭失去一份主要收入。",
        "bio_psycho_social": "生理：失眠、食欲差。心理：震惊，愤怒与自责交织，反复追问“是不是送来"
                             "晚了”。社会：亲属多在外地，需处理后事和工作请假。",
        "environment": "微观：家庭支持不足。中观：医院有医患沟通办公室和哀伤关怀服务；社区有心理"
                       "服务站。宏观：丧葬补助政策。",
        "client_view": "“我只想知道到底发生了什么。”",
        "needs_analysis": "1. 急性哀伤支持；2. 与医疗团队沟通治疗经过；3. 后事办理和丧葬补助；"
                          "4. 后续哀伤辅导。",
        "resources_analysis": "优势：有亲友愿意前来帮忙。资源：医患沟通办公室、殡葬服务、社区心理"
                              "服务站。障碍：对医院有不信任情绪。",
        "problem_diagnosis": "突发丧亲引起的急性哀伤反应，伴有对医疗过程的疑问。",
        "prioritised_needs": "1. 陪伴与情绪稳定；2. 安排与主治医生沟通；3. 协助后事办理；"
                             "4. 衔接社区哀伤辅导。",
    },
    overall_goal="陪伴服务对象度过急性哀伤期，理清疑问，妥善处理后事。",
    goals=("安排一次与主治医生的沟通会", "一周内完成后事办理和丧葬补助申请",
           "衔接社区心理服务站，持续哀伤辅导"),
    rows=(
        ("第1周", "危机陪伴", "面谈、陪同", "表达感受和疑问", "社工陪伴，医生解释治疗经过",
         "情绪稳定情况"),
        ("第1—2周", "事务协助", "资源链接", "准备后事相关材料", "社工协调医院各部门", "办理进度"),
        ("第2—8周", "哀伤辅导", "电话跟进、转介社区", "参加哀伤支持小组",
         "社工与社区心理服务站对接", "哀伤反应自评"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "重症医学科家属谈话室", "服务对象、亲属", "陪伴与情绪稳定",
                "服务对象情绪激动，反复问为什么抢救不过来。社工陪伴其平复情绪，承诺协调主治医生"
                "详细解释。", "情绪逐渐平稳", "安排医患沟通会", minutes=60),
        Session(ServiceMode.CASE_MANAGEMENT, "医患沟通办公室", "服务对象、主治医生、医务科工作人员",
                "医患沟通会",
                "主治医生用影像和检查结果解释了病情进展，服务对象提的三个问题都得到解答，"
                "说“心里清楚了”。", "疑问得到解答", "协助办理后事", mode_detail="医患沟通协调"),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象", "跟进后事与情绪",
                "后事已处理完，丧葬补助已申请。服务对象说夜里还是会醒，答应去社区心理服务站。",
                "愿意接受后续支持", "转介社区心理服务站", minutes=20),
    ),
    evaluation={
        "services_received": "面谈3次、医患沟通会1次、电话跟进4次",
        "coping_improved": "somewhat", "satisfaction": 4, "improvement": 6,
        "goal_attainment": "partial", "attainment_reason": "哀伤是长期过程，已转由社区持续跟进",
        "process_evaluation": "危机期介入及时，医患沟通化解了对医院的不信任。",
        "outcome_evaluation": "后事妥善处理，丧葬补助已到账；服务对象已参加两次社区哀伤支持小组。",
        "worker_reflection": "面对愤怒情绪时保持中立，没有急于替医院解释。",
        "stakeholder_evaluation": "医务科认为社工介入避免了纠纷升级。",
    },
    closure={
        "reasons": ["other"], "reason_detail": "哀伤辅导已转由社区心理服务站持续跟进",
        "summary": "急性哀伤期平稳度过，疑问得到解答，后续哀伤辅导已衔接社区。",
        "follow_up_plan": "结案后第1个月电话回访；周年忌日前再联系一次。",
        "follow_up_count": 2, "follow_up_interval_days": 90,
    },
)

SZ_PSYCHOSIS = Profile(
    needs="服务对象是{diagnosis}患者，因肺炎在本院住院。病房反映其夜间不配合治疗，担心服药中断；"
          "监护人工作繁忙，需要医务社工协调精神科会诊和出院衔接。",
    source="referred", source_detail="呼吸内科护士站", risk=1,
    assessment={
        "disease_type": "{diagnosis}病史八年，长期在深圳市康宁医院门诊随访；"
                        "本次因社区获得性肺炎住院",
        "medication": "阿立哌唑每日一次；住院期间由病房统一发药",
        "stability": "mostly_stable",
        "social_security": "深圳市社会医疗保险二档；已纳入严重精神障碍患者管理",
        "family_situation": "{living}。{carer}为监护人，工作繁忙，每周探视一次。",
        "bio_psycho_social": "生理：肺炎好转中，夜间咳嗽影响睡眠。心理：对陌生环境紧张，"
                             "夜间疑心较重。社会：在庇护工场工作两年，与工友关系好。",
        "environment": "微观：监护人支持。中观：康宁医院门诊、社区精防医生、庇护工场。"
                       "宏观：严重精神障碍患者管理服务政策。",
        "client_view": "想早点出院回工场上班。",
        "needs_analysis": "1. 住院期间精神症状稳定、服药连续；2. 病房适应；3. 出院后衔接精神科门诊"
                          "和社区精防；4. 尽快回到工场。",
        "resources_analysis": "优势：有稳定工作和规律生活。资源：精神科会诊、社区精防医生、"
                              "庇护工场。障碍：陌生环境容易诱发紧张。",
        "problem_diagnosis": "躯体疾病住院期间，精神疾病的管理衔接不足。",
        "prioritised_needs": "1. 协调精神科会诊，保证服药连续；2. 病房适应支持；3. 出院衔接；"
                             "4. 回归工场。",
    },
    overall_goal="住院期间精神状况稳定，出院后顺利衔接门诊与社区精防。",
    goals=("住院期间完成精神科会诊，服药不中断", "夜间配合治疗，不发生冲突",
           "出院后一周内完成门诊复诊和社区精防随访", "出院两周内回到庇护工场"),
    rows=(
        ("住院期间", "多学科协作", "联络会诊、病房面谈", "按时服药",
         "社工联络精神科会诊，护士保证发药", "服药记录、护理记录"),
        ("住院期间", "病房适应", "每日短时探访", "有担心时告诉护士或社工",
         "社工与护士商量照护方式", "夜间护理记录"),
        ("出院后1—2周", "出院衔接", "电话随访、与社区精防医生对接", "按时复诊、回工场",
         "社工对接康宁医院门诊与庇护工场", "复诊与上岗情况"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "呼吸内科病房", "服务对象", "了解夜间不配合的原因",
                "服务对象说晚上病房的灯和声音让自己害怕，觉得隔壁床在议论自己。社工与护士商量"
                "调到靠窗的床位。", "紧张有所缓解", "联络精神科会诊", minutes=30),
        Session(ServiceMode.CASE_MANAGEMENT, "呼吸内科医生办公室",
                "主管医生、精神科会诊医生、责任护士", "多学科会诊",
                "精神科会诊意见：维持原剂量，夜间可加小剂量助眠药；护理组调整夜间巡视方式。",
                "（服务对象未参加）", "向服务对象和监护人说明会诊结果",
                mode_detail="多学科会诊", minutes=40),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "{carer}", "出院后随访",
                "服务对象出院后已到康宁医院复诊，并回到庇护工场上班。", "恢复良好",
                "一个月后回访", minutes=15),
    ),
    evaluation={
        "services_received": "病房面谈5次、多学科会诊1次、电话随访3次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 8,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "综合医院与精神专科的协作顺畅。",
        "outcome_evaluation": "住院期间服药无中断，未发生冲突；出院后按时复诊并回到工场。",
        "worker_reflection": "理解服务对象的紧张来自环境，先调整环境而不是先要求其配合。",
        "stakeholder_evaluation": "病房护士反馈夜间护理顺利；监护人满意。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "住院与出院衔接顺利，服务目标达成。",
        "follow_up_plan": "出院后第1个月电话回访一次。",
        "follow_up_count": 1, "follow_up_interval_days": 30,
    },
)

SZ_CRISIS = Profile(
    needs="服务对象过量服药后被送至急诊，经抢救脱离危险。急诊科按流程转介医务社工做危机评估和"
          "后续支持。",
    source="referred", source_detail="急诊科", risk=2,
    assessment={
        "disease_type": "本次为药物过量（自伤）；精神科会诊诊断为抑郁发作",
        "medication": "精神科会诊后开始服用舍曲林",
        "stability": "unstable",
        "social_security": "深圳市社会医疗保险一档",
        "family_situation": "{living}。近期与家人关系紧张，经济压力大。",
        "bio_psycho_social": "生理：已脱离危险，仍感乏力。心理：羞愧、无望，不愿多谈；承认近三个月"
                             "有轻生想法。社会：不久前失业，有债务压力。",
        "environment": "微观：家庭支持薄弱。中观：精神科门诊、心理援助热线、社区心理服务站。"
                       "宏观：心理危机干预体系、法律援助。",
        "client_view": "“我只是太累了，想睡一觉。”表示现在不想死，但不知道以后怎么办。",
        "needs_analysis": "1. 自杀风险评估与安全计划；2. 精神科治疗衔接；3. 债务与就业；"
                          "4. 家庭支持。",
        "resources_analysis": "优势：愿意接受门诊治疗，有一位信任的朋友。资源：精神科门诊、心理援助"
                              "热线、法律援助。障碍：羞耻感强，社会支持不足。",
        "problem_diagnosis": "自杀未遂后的高风险期，伴经济与家庭压力。",
        "prioritised_needs": "1. 安全计划与风险监测；2. 精神科门诊复诊；3. 债务咨询；"
                             "4. 修复家庭关系。",
    },
    overall_goal="度过自杀风险高发期，建立支持网络和治疗衔接。",
    goals=("出院前完成安全计划，家属和朋友知晓预警信号", "出院后按时精神科复诊",
           "获得一次法律援助咨询，制定还款计划", "每周至少一次与社工或支持者联系"),
    rows=(
        ("住院期间", "危机干预", "面谈、制定安全计划", "记住求助方式", "社工评估风险，家属参与",
         "安全计划"),
        ("出院后1—4周", "治疗衔接", "电话随访", "按时复诊服药", "社工提醒并了解复诊情况",
         "复诊记录"),
        ("出院后2—8周", "问题解决", "资源链接", "参加法律援助咨询", "社工链接法律援助机构",
         "还款计划制定情况"),
    ),
    sessions=(
        Session(ServiceMode.INTERVIEW, "急诊留观室", "服务对象", "危机评估，制定安全计划",
                "服务对象起初背对社工，说到家人时流泪。社工逐项询问自杀风险，服务对象承认曾有计划。"
                "双方完成安全计划，写下朋友和心理援助热线的电话。", "愿意配合，风险仍较高",
                "通知家属，安排家庭会谈", minutes=60),
        Session(ServiceMode.INTERVIEW, "社工部面谈室", "服务对象、{carer}", "家庭会谈",
                "{carer}第一次知道服务对象的债务情况，表示愿意一起想办法，并记下了预警信号。",
                "家庭支持开始建立", "链接法律援助"),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象", "出院后风险随访",
                "服务对象按时到精神科复诊，睡眠改善；已约好下周去法律援助中心。",
                "情绪较稳定，否认轻生想法", "一周后再随访", minutes=20),
    ),
    evaluation={
        "services_received": "面谈4次、家庭会谈1次、电话随访8次",
        "coping_improved": "somewhat", "satisfaction": 4, "improvement": 6,
        "goal_attainment": "partial", "attainment_reason": "债务问题仍在处理中",
        "process_evaluation": "危机期随访密度足够，家属参与及时。",
        "outcome_evaluation": "三个月内无再次自伤；规律复诊；已与债权人协商分期还款。",
        "worker_reflection": "危机个案全程接受督导，随访节奏按风险调整。",
        "stakeholder_evaluation": "精神科门诊医生反馈病情好转。",
    },
    closure={
        "reasons": ["other"], "reason_detail": "转由精神科门诊和社区心理服务站持续跟进",
        "summary": "危机期平稳度过，治疗和支持网络已建立。",
        "follow_up_plan": "结案后每月电话回访一次，共三次，关注情绪和自伤风险。",
        "follow_up_count": 3, "follow_up_interval_days": 30,
    },
)

SZ_GENERAL = Profile(
    needs="服务对象感染后长期乏力、胸闷，多次检查未见明显异常，无法正常工作，情绪焦虑。"
          "全科门诊医生建议寻求医务社工支持。",
    source="referred", source_detail="全科医学科门诊医生", risk=0,
    assessment={
        "disease_type": "感染后持续疲劳和胸闷（门诊随诊中），焦虑状态",
        "medication": "无长期用药",
        "stability": "mostly_stable",
        "social_security": "深圳市社会医疗保险一档，目前病假中",
        "family_situation": "{living}。家庭开支主要靠服务对象的收入，病假期间收入减少。",
        "bio_psycho_social": "生理：乏力，活动耐力下降。心理：焦虑，担心“查不出病”。"
                             "社会：工作停滞，与同事联系少。",
        "environment": "微观：家人支持。中观：医院康复医学科、单位工会。"
                       "宏观：病假工资相关政策。",
        "client_view": "希望尽快回到工作岗位。",
        "needs_analysis": "1. 症状管理和康复；2. 焦虑情绪；3. 复工规划；4. 经济压力。",
        "resources_analysis": "优势：积极配合，家人支持。资源：康复医学科、单位工会、心理咨询。"
                              "障碍：症状反复。",
        "problem_diagnosis": "感染后持续症状导致功能下降，伴焦虑。",
        "prioritised_needs": "1. 康复训练；2. 疏导焦虑；3. 与单位协商渐进复工。",
    },
    overall_goal="三个月内逐步恢复体能和工作。",
    goals=("每周参加两次康复训练", "掌握放松训练方法", "与单位协商渐进复工方案"),
    rows=(
        ("第1—8周", "康复训练", "转介康复医学科", "按时参加训练", "社工链接，康复治疗师指导",
         "训练出勤"),
        ("第1—4周", "情绪支持", "个案辅导", "每天练习放松", "社工教授放松方法", "焦虑自评量表"),
        ("第6—12周", "复工规划", "与单位沟通", "提出复工意愿", "社工协助与工会沟通", "复工情况"),
    ),
    sessions=(
        Session(ServiceMode.COUNSELLING, "社工部面谈室", "服务对象", "了解症状与担心",
                "服务对象说爬两层楼就喘，担心“是不是得了查不出的病”。社工讲解了康复的一般过程，"
                "一起练习腹式呼吸。", "焦虑有所缓解", "转介康复医学科"),
        Session(ServiceMode.CASE_MANAGEMENT, "康复医学科", "服务对象、康复治疗师", "链接康复训练",
                "治疗师制定了循序渐进的有氧训练计划，每周两次。", "积极参与", "两周后跟进",
                mode_detail="转介康复", minutes=40),
        Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象", "跟进训练与复工",
                "服务对象已能连续步行30分钟；单位同意先每天上半天班。", "恢复信心",
                "一个月后回访", minutes=15),
    ),
    evaluation={
        "services_received": "个案辅导4次、资源链接2次、电话跟进5次",
        "coping_improved": "yes", "satisfaction": 5, "improvement": 7,
        "goal_attainment": "full", "attainment_reason": "",
        "process_evaluation": "康复与心理支持同步进行。",
        "outcome_evaluation": "已恢复全天工作，焦虑自评量表得分下降。",
        "worker_reflection": "把“查不出原因”的焦虑当作真实困扰来回应。",
        "stakeholder_evaluation": "康复治疗师反馈训练依从性好。",
    },
    closure={
        "reasons": ["goal_reached"],
        "summary": "服务对象体能恢复并复工，服务目标达成。",
        "follow_up_plan": "结案后一个月电话回访一次。",
        "follow_up_count": 1, "follow_up_interval_days": 30,
    },
)

PROFILES = {
    "CDWH": {PSYCHOSIS: (CD_PSYCHOSIS_MEDICATION, CD_PSYCHOSIS_DISCHARGE, CD_PSYCHOSIS_YOUTH),
             DEPRESSION: (CD_DEPRESSION,), CRISIS: (CD_DEPRESSION,),
             CAREGIVER: (CD_CAREGIVER,), BEREAVED: (CD_BEREAVED,), CHRONIC: (CD_CHRONIC,),
             GENERAL: (CD_GENERAL,)},
    "SZNS": {PSYCHOSIS: (SZ_PSYCHOSIS,), DEPRESSION: (SZ_CRISIS,), CRISIS: (SZ_CRISIS,),
             CAREGIVER: (SZ_CAREGIVER,), BEREAVED: (SZ_BEREAVED,),
             CHRONIC: (SZ_DIABETES, SZ_DIALYSIS, SZ_COPD), GENERAL: (SZ_GENERAL,)},
}


# --- What happens to a case -------------------------------------------------------------------

@dataclass(frozen=True)
class Brief:
    """Form B's "simple problem" answer and the one session of brief help."""

    kind: str                 # BriefKind
    needs: str
    session: Session
    summary: str = ""         # for a brief help that is closed (close_brief)


@dataclass(frozen=True)
class Decline:
    needs: str
    grounds: tuple[str, ...]
    handling: tuple[str, ...]
    reason: str               # what the client is told (the decline move's reason)


@dataclass(frozen=True)
class ReferralPlan:
    reason: str
    to_organization: str = ""  # code of a demo organisation: an internal referral
    external_name: str = ""
    external_contact: str = ""
    shared: tuple[str, ...] = (SharedItem.BASIC,)
    feedback: str = ""        # the outside body's answer, closing the referral


@dataclass(frozen=True)
class Story:
    """One demo case. `steps` are taken in order (see `Walk.run`)."""

    worker: int               # index into the organisation's workers (cd_worker1 is 0)
    opened: int               # working days between the application and today
    steps: tuple[str, ...]
    wants: tuple[str, ...] = ()  # kinds of client preferred, best first
    risk: int | None = None   # overrides the profile's risk level
    assessment: tuple[tuple[str, str], ...] = ()  # form C fields overriding the profile's
    guardian_signs: bool = False
    comment: str = ""         # a supervisor's comment when returning the plan
    reason: str = ""          # for ending, reopening or revising the plan
    revision: tuple[str, tuple[str, ...]] | None = None  # a supplementary plan's goal and row
    brief: Brief | None = None
    decline: Decline | None = None
    referral: ReferralPlan | None = None


TO_INTAKE = ("consent", "accept")
TO_ASSESSMENT = (*TO_INTAKE, "complete_intake")
TO_PLANNING = (*TO_ASSESSMENT, "assess")
TO_INTERVENTION = (*TO_PLANNING, "plan", "approve_plan", "start", "sessions")
TO_EVALUATION = (*TO_INTERVENTION, "start_evaluation", "evaluate")
TO_CLOSED = (*TO_EVALUATION, "closure", "approve_closure", "close")

# A relapse found at assessment: the case is referred to hospital instead of planned.
RELAPSE = (
    ("stability", "unstable"),
    ("medication", "近一个月自行停药，家属发现后劝说无效"),
    ("bio_psycho_social", "生理：近两周几乎彻夜不眠。心理：认为邻居在监视自己，情绪激惹。"
                          "社会：与家人多次冲突，已不出门。"),
    ("problem_diagnosis", "停药后病情复发，出现冲动言行，社区康复难以保障服务对象和家人的安全。"),
    ("prioritised_needs", "1. 尽快就医住院，保障服务对象和家人安全；2. 支持家属应对危机；"
                          "3. 出院后回到社区康复。"),
)
MOVED_AWAY = "服务对象随家人搬迁至外省农村居住，无可转介机构；已告知当地精防管理渠道，服务中止。"

STORIES = {
    "CDWH": (
        # Waiting for form B's decision, long past the 5 working days of CMH-6.1.
        Story(0, 10, (), wants=(PSYCHOSIS,)),
        Story(2, 2, ("consent",), wants=(CAREGIVER,)),
        Story(1, 12, TO_INTAKE, wants=(GENERAL, DEPRESSION)),
        Story(3, 4, TO_INTAKE, wants=(BEREAVED,)),
        Story(2, 6, (*TO_ASSESSMENT, "assess_draft"), wants=(PSYCHOSIS,), risk=2),
        Story(0, 18, (*TO_PLANNING, "plan"), wants=(DEPRESSION,), risk=1),
        Story(3, 20, (*TO_PLANNING, "plan", "return_plan"), wants=(PSYCHOSIS,), risk=2,
              comment="目标“改善家庭关系”较笼统，请改成可测量的指标（如每周家庭会谈次数）；"
                      "危险性评估为2级，请在计划中补充病情波动时的应对措施和联系人。"),
        Story(1, 45, TO_INTERVENTION, wants=(PSYCHOSIS,), risk=1),
        Story(2, 35, TO_INTERVENTION, wants=(CHRONIC,), risk=0),
        Story(3, 70, (*TO_EVALUATION, "closure"), wants=(PSYCHOSIS,), risk=1),
        Story(1, 80, (*TO_CLOSED, "follow_up"), wants=(CAREGIVER,), risk=0),
        Story(0, 95, (*TO_CLOSED, "reopen"), wants=(PSYCHOSIS,), risk=2,
              reason="回访发现服务对象自行停药两周，出现失眠和多疑，家属请求恢复服务"),
        Story(2, 3, ("consent", "brief", "brief_session"), wants=(CAREGIVER,), brief=Brief(
            kind="consultation",
            needs="服务对象来站咨询：家人患精神分裂症多年，想了解残疾证办理流程和严重精神障碍患者"
                  "免费服药政策。",
            session=Session(ServiceMode.INTERVIEW, "社区康复站接待室", "服务对象",
                            "解答残疾证办理与免费服药政策",
                            "社工讲解了残疾证评定需要的材料、评残医院和办理时限，以及免费服药的"
                            "申请条件；服务对象记下了街道残联的办公时间。",
                            "问题已清楚", "如办理中遇到困难可再来咨询", minutes=30))),
        Story(3, 5, ("decline",), wants=(CAREGIVER, BEREAVED), decline=Decline(
            needs="申请人希望社工帮助处理与兄弟姐妹之间的房产继承纠纷。",
            grounds=("beyond_centre",), handling=("told_reason", "referred"),
            reason="申请内容为房产继承纠纷，属法律事务，超出本中心服务范围；已向申请人说明原因，"
                   "并介绍至武侯区公共法律服务中心。")),
        Story(1, 40, (*TO_INTERVENTION, "refer"), wants=(CHRONIC, CAREGIVER), referral=ReferralPlan(
            to_organization="SZNS",
            reason="服务对象将随家人迁居深圳市南山区，已预约深圳市南山区人民医院门诊随访，"
                   "转介贵部医务社工衔接后续服务。",
            shared=(SharedItem.BASIC, SharedItem.CONTACTS, SharedItem.DIAGNOSES,
                    SharedItem.ASSESSMENT))),
        Story(0, 14, (*TO_PLANNING, "refer"), wants=(PSYCHOSIS,), risk=3, assessment=RELAPSE,
              guardian_signs=True, referral=ReferralPlan(
            external_name="成都市第四人民医院社会工作部",
            external_contact="住院部社工办公室（院内分机8211）",
            reason="危险性评估3级：近一周出现冲动毁物和威胁家人的言行，经家属同意送成都市第四人民"
                   "医院住院治疗；转介医院社工跟进住院期间的家属支持，出院时回转本中心。",
            shared=(SharedItem.BASIC, SharedItem.DIAGNOSES, SharedItem.ASSESSMENT))),
        Story(2, 50, (*TO_INTERVENTION, "end"), wants=(BEREAVED, CHRONIC), reason=MOVED_AWAY),
    ),
    "SZNS": (
        Story(1, 9, ("consent",), wants=(CAREGIVER,)),
        Story(3, 1, (), wants=(CHRONIC,)),
        Story(2, 14, TO_INTAKE, wants=(PSYCHOSIS,)),
        Story(0, 3, TO_INTAKE, wants=(GENERAL,)),
        Story(1, 7, (*TO_ASSESSMENT, "assess_draft"), wants=(CHRONIC,), risk=0),
        Story(0, 40, (*TO_INTERVENTION, "revise"), wants=(CHRONIC,), risk=0,
              reason="服务对象已出院，原计划中的病房服务不再适用，需补充出院后的社区衔接内容",
              revision=("出院后每月到社区健康服务中心随访一次",
                        ("出院后第1—12周", "社区随访", "电话随访、与社康家庭医生联合家访",
                         "每月到社康随访并带上症状记录", "社工与家庭医生共同跟进",
                         "社康随访记录"))),
        Story(2, 22, (*TO_PLANNING, "plan", "return_plan"), wants=(CHRONIC,), risk=1,
              comment="出院后的社区衔接部分请写明对接的社康中心和随访频次；"
                      "家属在计划中的分工请先与家属确认后再提交。"),
        Story(3, 30, TO_INTERVENTION, wants=(CRISIS, DEPRESSION), risk=2),
        Story(3, 55, (*TO_EVALUATION, "closure"), wants=(CHRONIC,), risk=0),
        Story(2, 60, (*TO_CLOSED, "follow_up"), wants=(BEREAVED,), risk=0),
        Story(3, 8, ("consent", "brief", "brief_session", "close_brief"), wants=(CAREGIVER,),
              brief=Brief(
                  kind="consultation",
                  needs="服务对象来电咨询：家人出院后卧床，想了解深圳长期护理保险的申请条件和流程。",
                  session=Session(ServiceMode.PHONE, "社工部办公室（电话）", "服务对象",
                                  "解答长期护理保险申请",
                                  "社工说明了失能评估的申请渠道、需要的病历材料和上门评估流程，"
                                  "并通过短信发送了办事指南。", "问题已解决",
                                  "评估结果出来后如有疑问可再联系", minutes=25),
                  summary="已解答长期护理保险的申请条件和流程，服务对象已递交申请，无需继续服务。")),
        Story(0, 85, (*TO_CLOSED, "reopen"), wants=(PSYCHOSIS, CHRONIC), risk=1,
              reason="回访时家属反映服务对象出院一个月后病情反复，再次急诊就诊，请求重新跟进"),
        Story(1, 2, ("consent", "brief", "brief_session"), wants=(CAREGIVER, CHRONIC),
              brief=Brief(
                  kind="temporary",
                  needs="服务对象的家人住院期间押金不足，家中积蓄已用完，请求协助申请医院慈善救助。",
                  session=Session(ServiceMode.CASE_MANAGEMENT, "社工部面谈室", "服务对象",
                                  "协助申请医院慈善救助基金",
                                  "社工核实了家庭经济情况，协助填写救助申请表，并联系住院处暂缓"
                                  "催缴押金。", "情绪稳定，积极准备材料", "跟进救助审批结果",
                                  mode_detail="慈善救助申请"))),
        Story(2, 4, ("decline",), wants=(GENERAL, CHRONIC), decline=Decline(
            needs="申请人要求社工协助向医院追讨医疗纠纷赔偿。",
            grounds=("beyond_centre",), handling=("told_reason", "referred"),
            reason="医疗纠纷赔偿不属于医务社工服务范围；已向申请人说明原因，并告知可向医院医患沟通"
                   "办公室或南山区医疗纠纷人民调解委员会申请调解。")),
        Story(1, 50, (*TO_INTERVENTION, "refer", "feedback"), wants=(CHRONIC,),
              referral=ReferralPlan(
                  external_name="长沙市岳麓区望月湖街道社区卫生服务中心",
                  external_contact="慢病管理科 0731-8888 0000",
                  reason="服务对象出院后将回户籍地长沙市居住，转介当地社区卫生服务中心进行慢病管理"
                         "和定期随访。",
                  shared=(SharedItem.BASIC, SharedItem.DIAGNOSES),
                  feedback="对方回复：已为服务对象建立健康档案，纳入高血压、糖尿病患者管理，"
                           "首次随访已完成。")),
        Story(0, 45, (*TO_INTERVENTION, "end"), wants=(CHRONIC,),
              reason="服务对象因病情恶化于住院期间去世，服务中止；已向家属提供哀伤关怀和丧葬事务指引。"),
    ),
}


# --- Dates ------------------------------------------------------------------------------------

def _working(day: datetime.date) -> bool | None:
    """Whether the day is a working day; None in a year whose holidays are not known."""
    try:
        return workdays.is_working_day(day)
    except workdays.UnknownYear:
        return None


def working_days_ago(today: datetime.date, n: int) -> datetime.date:
    """The n-th working day before `today` (today itself for 0, if it is a working day).

    Days of a year whose holiday schedule is unknown are stepped over, so the date can always
    open a case (do_open_case refuses an application date it cannot count from).
    """
    day, left = today, n
    while left > 0 or not _working(day):
        day -= ONE_DAY
        if _working(day):
            left -= 1
        if (today - day).days > 3 * 366:
            raise ValueError("No known working days in the last three years.")
    return day


def _between(start: datetime.date, end: datetime.date, share: float) -> datetime.date:
    """A working day about `share` of the way from start to end (never before start)."""
    day = start + datetime.timedelta(days=round((end - start).days * share))
    while day > start and _working(day) is False:
        day -= ONE_DAY
    return day


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


# --- Choosing clients -------------------------------------------------------------------------

def kind_of(client: Client, codes: set[str]) -> str:
    primary = (client.population_categories or [PopulationCategory.OTHER])[0]
    if primary == PopulationCategory.MENTAL_DISORDER:
        return DEPRESSION if codes & set(MOOD_CODES) else PSYCHOSIS
    return {PopulationCategory.HIGH_RISK: CRISIS, PopulationCategory.CAREGIVER: CAREGIVER,
            PopulationCategory.BEREAVED: BEREAVED,
            PopulationCategory.CHRONIC_DISEASE: CHRONIC}.get(primary, GENERAL)


@dataclass
class Candidate:
    client: Client
    kind: str
    codes: set[str]           # ICD-10 codes of the client's diagnoses
    age: int
    living: str               # "与母亲、父亲同住" or "独居"
    carer: str                # the main carer's relationship to the client, e.g. "母亲"
    guardian: str             # the guardian's name, if one is on file
    diagnosis: str            # the mental disorder, in words, for the profile's text


def _candidates(worker: User, today: datetime.date) -> list[Candidate]:
    clients = (Client.objects.filter(registered_by=worker, organization=worker.organization)
               .prefetch_related("diagnoses", "contacts", "household").order_by("pk"))
    found = []
    for client in clients:
        household = [m.relationship for m in client.household.all()]
        contacts = list(client.contacts.all())
        guardian = next((c.name for c in contacts if c.kind == ContactKind.GUARDIAN), "")
        carer = (contacts[0].relationship if contacts else "") or "家属"
        codes = {d.code for d in client.diagnoses.all()}
        diagnosis = next((MENTAL_DISORDERS[c] for c in sorted(codes) if c in MENTAL_DISORDERS),
                         MENTAL_DISORDERS["F20"])
        found.append(Candidate(
            client, kind_of(client, codes), codes, today.year - client.birth_date.year,
            living=f"与{'、'.join(household)}同住" if household else "独居",
            carer=carer, guardian=guardian, diagnosis=diagnosis))
    return found


def _profile(choices: tuple[Profile, ...], who: Candidate, used: dict[int, int]) -> Profile:
    """One written for the client's age and diagnosis, the least used first, so that two
    clients of one kind get different files."""
    suitable = [p for p in choices if p.max_age is None or who.age <= p.max_age] or choices
    fitting = [p for p in suitable if who.codes & set(p.codes)] or suitable
    profile = min(fitting, key=lambda p: used.get(id(p), 0))
    used[id(profile)] = used.get(id(profile), 0) + 1
    return profile


def _choose(pool: list[Candidate], wants: tuple[str, ...]) -> Candidate | None:
    for kind in wants:
        for candidate in pool:
            if candidate.kind == kind:
                pool.remove(candidate)
                return candidate
    return pool.pop(0) if pool else None


# --- Walking a case ---------------------------------------------------------------------------

class Walk:
    """One story told through the actions; `run` takes its steps in order."""

    def __init__(self, story: Story, candidate: Candidate, profile: Profile, *, worker: User,
                 supervisor: User, today: datetime.date, organisations: dict):
        self.story, self.who, self.profile = story, candidate, profile
        self.worker, self.supervisor, self.today = worker, supervisor, today
        self.organisations = organisations
        self.opened = working_days_ago(today, story.opened)
        # Documents are dated up to yesterday; a case opened today dates them today.
        self.last = max(working_days_ago(today, 1), self.opened)
        self.case: Case | None = None
        self.plan = self.closure = self.referral = None  # the latest of each, once made
        self.sessions_added = 0

    def fill(self, text: str) -> str:
        return text.format(carer=self.who.carer, living=self.who.living,
                           diagnosis=self.who.diagnosis)

    def day(self, share: float) -> datetime.date:
        return _between(self.opened, self.last, share)

    def run(self) -> Case:
        story, profile = self.story, self.profile
        needs = (story.brief.needs if story.brief else story.decline.needs if story.decline
                 else self.fill(profile.needs))
        source, detail = profile.source, profile.source_detail
        if story.brief or story.decline:
            source, detail = "sought_help", ""
        self.case = actions.do_open_case(
            self.who.client, acting_user=self.worker, worker=self.worker,
            supervisor=self.supervisor, source=source, source_detail=detail,
            application_date=self.opened, needs=needs)
        for step in story.steps:
            getattr(self, f"step_{step}")()
        return self.case

    def move(self, action: str, *, by: User | None = None, reason: str = "", **payload):
        self.case = actions.do_transition(self.case, action, acting_user=by or self.worker,
                                          reason=reason, payload=payload or None)

    def sign(self, name: str | None = None):
        return signature(name or self.who.client.name, self.worker)

    # Application and intake (forms A and B) ---------------------------------------------

    def step_consent(self):
        if self.story.brief and self.story.brief.session.mode == ServiceMode.PHONE:
            # Advice over the phone: consent is given verbally and noted (CMH-6.1).
            data = {"mode": ConsentMode.VERBAL, "exceptions_explained": True,
                    "informed_on": self.opened}
            actions.do_record_consent(self.case, acting_user=self.worker, data=data)
            return
        guardian = self.who.guardian if self.story.guardian_signs else ""
        data = {"mode": ConsentMode.WRITTEN, "exceptions_explained": True,
                "audio_recording_allowed": False, "video_recording_allowed": False,
                "signer": "guardian" if guardian else "client", "signer_name": guardian,
                "client_signed_on": self.opened, "worker_signed_on": self.opened}
        actions.do_record_consent(self.case, acting_user=self.worker, data=data,
                                  signature=self.sign(guardian or None))

    def step_accept(self):
        actions.do_save_application(self.case, acting_user=self.worker,
                                    data={"decision": "accepted"})
        self.move("accept")

    def step_complete_intake(self):
        self.move("complete_intake")

    def step_brief(self):
        actions.do_save_application(self.case, acting_user=self.worker, data={
            "decision": "brief", "brief_kind": self.story.brief.kind})
        self.move("accept_simple")

    def step_decline(self):
        decline = self.story.decline
        actions.do_save_application(self.case, acting_user=self.worker, data={
            "decision": "not_accepted", "not_accepted_grounds": list(decline.grounds),
            "not_accepted_handling": list(decline.handling)})
        self.move("decline", reason=decline.reason)

    # Assessment and plan (forms C and D) -------------------------------------------------

    def _assessment(self) -> dict:
        data = {name: self.fill(value) for name, value in self.profile.assessment.items()}
        data.update((name, self.fill(value)) for name, value in self.story.assessment)
        risk = self.story.risk if self.story.risk is not None else self.profile.risk
        return {**data, "filled_on": self.day(0.25), "risk_level": risk}

    def step_assess_draft(self):
        # Risk level and disease status first (CMH-6.2); the rest is still to be written.
        data = self._assessment()
        keep = ("filled_on", "risk_level", "disease_type", "medication", "stability",
                "social_security", "family_situation")
        actions.do_save_assessment(self.case, acting_user=self.worker,
                                   data={name: data[name] for name in keep})

    def step_assess(self):
        actions.do_save_assessment(self.case, acting_user=self.worker, data=self._assessment(),
                                   complete=True)
        self.move("complete_assessment")

    def _rows(self, extra=()) -> list[dict]:
        return [dict(zip(ROW_FIELDS, (self.fill(cell) for cell in row), strict=True))
                for row in (*self.profile.rows, *extra)]

    def _submit(self, document, on: datetime.date):
        return actions.do_submit_for_approval(document, acting_user=self.worker,
                                              client_signature=self.sign(),
                                              client_confirmed_on=on)

    def step_plan(self):
        profile = self.profile
        plan = actions.do_save_plan(self.case, acting_user=self.worker, data={
            "overall_goal": profile.overall_goal,
            "goals": "\n".join(self.fill(goal) for goal in profile.goals)}, rows=self._rows())
        self.plan = self._submit(plan, self.day(0.35))

    def step_approve_plan(self):
        actions.do_review(self.plan, acting_user=self.supervisor, decision=ReviewDecision.APPROVED)

    def step_return_plan(self):
        actions.do_review(self.plan, acting_user=self.supervisor,
                          decision=ReviewDecision.RETURNED, comment=self.story.comment)

    def step_revise(self):
        # A supplementary plan (form D 计划类型：补充), submitted and awaiting the supervisor.
        self.move("revise_plan", reason=self.story.reason)
        goal, row = self.story.revision
        goals = [self.fill(g) for g in self.profile.goals] + [goal]
        plan = actions.do_save_plan(self.case, acting_user=self.worker, data={
            "overall_goal": self.profile.overall_goal, "goals": "\n".join(goals)},
            rows=self._rows(extra=(row,)))
        self.plan = self._submit(plan, self.last)

    def step_start(self):
        self.move("start_intervention")

    # Service records (form E) ------------------------------------------------------------

    def _record(self, session: Session, when: datetime.datetime):
        actions.do_add_service_record(self.case, acting_user=self.worker, data={
            "mode": session.mode, "mode_detail": session.mode_detail, "started_at": when,
            "duration_minutes": session.minutes, "place": self.fill(session.place),
            "participants": self.fill(session.participants), "staff": self.worker.full_name,
            "goal": self.fill(session.goal), "content": self.fill(session.content),
            "evaluation_of_service": session.of_service,
            "evaluation_of_client": self.fill(session.of_client),
            "evaluation_of_worker": WORKER_REFLECTIONS[self.sessions_added
                                                       % len(WORKER_REFLECTIONS)],
            "next_plan": self.fill(session.next_plan),
            **home_visit_safety(session.mode),
            **({"staff_members": visit_pair(self.case, self.worker)}
               if session.mode == ServiceMode.HOME_VISIT else {})})
        self.sessions_added += 1

    def step_sessions(self):
        sessions = self.profile.sessions
        for number, session in enumerate(sessions):
            share = 0.45 + 0.5 * number / max(len(sessions) - 1, 1)
            self._record(session, _at(self.day(share), (9, 14, 10, 15)[number % 4], 30))

    def step_brief_session(self):
        self._record(self.story.brief.session, _at(self.last, 10))

    # Evaluation and closing (forms F and G) ----------------------------------------------

    def step_start_evaluation(self):
        self.move("start_evaluation")

    def step_evaluate(self):
        data = {name: self.fill(value) if isinstance(value, str) else value
                for name, value in self.profile.evaluation.items()}
        actions.do_save_evaluation(self.case, acting_user=self.worker,
                                   data={**data, "evaluated_on": self.last})

    def step_closure(self):
        closing = "close" in self.story.steps
        # Told in advance (CMH-6.6): a closing still awaiting approval is a week off.
        planned = self.today if closing else self.today + datetime.timedelta(days=7)
        closure = self.profile.closure
        data = {**closure, "summary": self.fill(closure["summary"]),
                "follow_up_plan": self.fill(closure["follow_up_plan"]),
                "filled_on": self.last, "client_told_on": self.last,
                "planned_closing_date": planned, "client_knows_how_to_return": True}
        self.closure = self._submit(
            actions.do_save_closure(self.case, acting_user=self.worker, data=data), self.last)

    def step_approve_closure(self):
        actions.do_review(self.closure, acting_user=self.supervisor,
                          decision=ReviewDecision.APPROVED)

    def step_close(self):
        self.move("close")

    def step_close_brief(self):
        closure = actions.do_save_closure(self.case, acting_user=self.worker, data={
            "filled_on": self.last, "client_told_on": self.last,
            "planned_closing_date": self.today, "reasons": ["goal_reached"],
            "client_knows_how_to_return": True, "summary": self.story.brief.summary,
            "follow_up_plan": "咨询已解答，无需回访；服务对象知道如有需要可随时来电。",
            "follow_up_count": 0})
        self.closure = self._submit(closure, self.last)
        self.step_approve_closure()
        self.move("close_brief")

    def step_follow_up(self):
        # The actions date the closing today, and a follow-up cannot come before it.
        self.move("record_follow_up", done_on=self.today, mode=ServiceMode.PHONE,
                  finding=self.fill(FOLLOW_UP_FINDING), reopen_recommended=False)

    def step_reopen(self):
        self.move("reopen", by=self.supervisor, reason=self.story.reason)

    # Referral and ending -----------------------------------------------------------------

    def step_refer(self):
        plan = self.story.referral
        data = {"reason": plan.reason, "consent_mode": ConsentMode.WRITTEN,
                "consent_on": self.last, "shared_items": list(plan.shared)}
        if plan.to_organization:
            data.update(kind="internal",
                        to_organization=self.organisations[plan.to_organization])
        else:
            data.update(kind="external", external_name=plan.external_name,
                        external_contact=plan.external_contact)
        self.referral = actions.do_prepare_referral(self.case, acting_user=self.worker, data=data)
        self.move("refer_out", reason=plan.reason)

    def step_feedback(self):
        actions.do_record_referral_feedback(
            Referral.objects.get(pk=self.referral.pk), acting_user=self.worker,
            feedback=self.story.referral.feedback, feedback_on=self.today, completed=True)

    def step_end(self):
        self.move("end", reason=self.story.reason)


# --- Loading ----------------------------------------------------------------------------------

def load_cases(organization: Organization, workers: list[User | None], *,
               today: datetime.date | None = None) -> int:
    """Open and walk the organisation's demo cases; none if it has any case already.

    `workers` are the organisation's demo workers in the order the stories count them (None
    for one who has gone: their stories are left out). Returns the number of cases opened.
    """
    stories = STORIES.get(organization.code, ())
    if not stories or Case.objects.filter(organization=organization).exists():
        return 0
    today = today or timezone.localdate()
    profiles = PROFILES[organization.code]
    targets = {s.referral.to_organization for s in stories
               if s.referral and s.referral.to_organization}
    organisations = Organization.objects.in_bulk(targets, field_name="code")
    pools = {index: _candidates(worker, today) for index, worker in enumerate(workers)
             if worker is not None}
    used: dict[int, int] = {}
    walks = []
    for story in stories:
        if story.worker not in pools:
            continue
        if story.referral and story.referral.to_organization not in ("", *organisations):
            continue
        candidate = _choose(pools[story.worker], story.wants)
        if candidate is None:
            continue
        profile = _profile(profiles.get(candidate.kind) or profiles[GENERAL], candidate, used)
        worker = workers[story.worker]
        walks.append(Walk(story, candidate, profile, worker=worker,
                          supervisor=default_supervisor(worker), today=today,
                          organisations=organisations))
    # Oldest application first, so case numbers follow the application dates.
    walks.sort(key=lambda walk: walk.opened)
    for walk in walks:
        walk.run()
    return len(walks)
