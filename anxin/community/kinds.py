"""The record of a community activity (社区活动记录) as a document-engine definition: what was
done and how it went, what people said, and its photos (CMH-7.1 社区工作; the counts, materials
and registered participants are the activity's own fields)."""

from anxin.documents.definitions import Choice, DocumentKind, Field, FieldType, Section
from anxin.documents.registry import kinds
from anxin.instruments.definitions import Text

T = FieldType
ACTIVITY_RECORD = "activity_record"

kinds.register(DocumentKind(
    code=ACTIVITY_RECORD, version=1, title=Text("社区活动记录", "Community activity record"),
    clause="CMH-7.1", subject="activity",
    sections=(
        Section("record", Text("活动情况", "The activity"), fields=(
            Field("aims", T.LONG_TEXT, Text("活动目的", "Aims"), required=True,
                  sensitive=False),
            Field("process", T.LONG_TEXT, Text("活动过程", "What was done"), required=True,
                  sensitive=False),
            Field("achieved", T.CHOICE, Text("目标达成", "Aims met"), required=True, choices=(
                Choice("met", Text("达成", "Met")),
                Choice("partly", Text("部分达成", "Partly met")),
                Choice("not_met", Text("未达成", "Not met")),
            )),
            Field("feedback", T.LONG_TEXT, Text("参与者反馈", "What participants said")),
            Field("reflection", T.LONG_TEXT, Text("反思与改进", "Reflection"), sensitive=False),
        )),
        Section("photos", Text("活动照片", "Photos"), fields=(
            Field("photos", T.TABLE, Text("照片", "Photos"), maximum=9, sensitive=False,
                  columns=(
                      Field("photo", T.FILE, Text("照片", "Photo"), required=True),
                      Field("caption", T.TEXT, Text("说明", "Caption"), max_length=100,
                            sensitive=False),
                  )),
        )),
    ),
))
