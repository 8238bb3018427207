"""The assisted-employment agreement (辅助性就业协议) as a document-engine definition
(documents/definitions.py): no model, form, view, template or serializer of its own.

REH-5.5.2.5.3: a client who wants to work is offered suitable assisted production work whose
hours, intensity and safety protection match their capacity, and the centre signs an agreement
with the client or their guardian. A Placement of kind `assisted` needs a completed agreement
(actions.py); the other kinds may link one.
"""

from anxin.documents.definitions import Choice, DocumentKind, Field, FieldType, Section, When
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

T = FieldType

EMPLOYMENT_AGREEMENT = "reh_employment_agreement"

kinds.register(DocumentKind(
    code=EMPLOYMENT_AGREEMENT, version=1,
    title=Text("辅助性就业协议", "Assisted employment agreement"), clause="REH-5.5.2.5.3",
    subject="case", confirmed_by=("client_signature",),
    sections=(
        Section("work", Text("就业安排", "The work"), clause="REH-5.5.2.5.3", fields=(
            Field("placement_kind", T.CHOICE, Text("就业形式", "Kind of employment"),
                  required=True, clause="REH-6.4.4.1", choices=(
                      Choice("assisted", Text("机构内辅助就业", "Assisted employment in the "
                                                                 "centre")),
                      Choice("flexible", Text("弹性时间就业", "Flexible-hours employment")),
                      Choice("full_time", Text("全日制就业", "Full-time employment")),
                  )),
            Field("workplace", T.TEXT, Text("就业单位或场所", "Employer or workplace"),
                  required=True, max_length=200),
            Field("job", T.TEXT, Text("工作岗位", "Job"), required=True, max_length=100),
            Field("working_hours", T.TEXT, Text("劳动时间", "Working hours"), required=True,
                  max_length=200, sensitive=False,
                  help=Text("例如：周一至周五 9:00–11:30", "For example: Monday to Friday, "
                                                        "9:00–11:30")),
            Field("hours_per_week", T.DECIMAL, Text("每周工作小时数", "Hours a week"),
                  minimum=1, maximum=60, decimal_places=1),
            Field("labour_intensity", T.CHOICE, Text("劳动强度", "Labour intensity"),
                  required=True, choices=(
                      Choice("light", Text("轻度", "Light")),
                      Choice("moderate", Text("中度", "Moderate")),
                      Choice("heavy", Text("重度", "Heavy")),
                  )),
            Field("safety_protection", T.LONG_TEXT, Text("劳动安全保护", "Safety protection"),
                  required=True),
            Field("matched_to_capacity", T.YES_NO,
                  Text("劳动时间、强度与安全保护与其劳动能力相匹配",
                       "Hours, intensity and protection match the client's capacity"),
                  required=True, clause="REH-5.5.2.5.3",
                  help=Text("依据最近一次身体功能和劳动能力评估（REH-5.5.2.5.2）。",
                            "From the latest assessment of physical function and work "
                            "capacity (REH-5.5.2.5.2).")),
            Field("pay", T.TEXT, Text("劳动报酬", "Pay"), required=True, max_length=200),
            Field("starts_on", T.DATE, Text("开始日期", "Starts on"), required=True),
            Field("ends_on", T.DATE, Text("结束日期", "Ends on")),
        )),
        Section("signing", Text("签署", "Signing"), fields=(
            Field("signer", T.CHOICE, Text("签署人", "Signed by"), required=True, choices=(
                Choice("client", Text("服务对象本人", "The client")),
                Choice("guardian", Text("监护人", "The guardian")),
            )),
            Field("guardian", T.CONTACT, Text("监护人", "Guardian"),
                  required_when=When("signer", ("guardian",))),
            Field("client_signature", T.SIGNATURE,
                  Text("服务对象或监护人签名", "Signature of the client or guardian")),
            Field("centre_signature", T.SIGNATURE, Text("机构签章", "Signature for the centre")),
            Field("signed_on", T.DATE, Text("签署日期", "Signed on"), required=True),
        )),
    ),
))
