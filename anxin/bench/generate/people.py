"""Plausible people: Chinese names, resident ID numbers (GB 11643, check digit included),
mobile numbers and street addresses."""

import datetime
import random
import struct
import zlib

from anxin.clients.identity import compose

# The commonest surnames, most frequent first (so a weighted draw looks like a real roll).
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
            "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎"
            "贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
_SURNAME_WEIGHTS = [1 / (rank + 4) for rank in range(len(SURNAMES))]
GIVEN_MALE = "伟强磊军勇杰涛斌超明刚平辉鹏华飞鑫波宇浩凯健俊帆帅旭宁龙林欢阳建国志文博"
GIVEN_FEMALE = "芳娜敏静丽艳娟霞燕玲婷雪慧琳颖倩洁晶丹萍红梅莉兰凤琴云秀英佳欣怡悦蕾"
RELATIONSHIPS = ("配偶", "父亲", "母亲", "儿子", "女儿", "兄弟", "姐妹", "祖母")
OCCUPATIONS = ("退休", "务农", "个体经营", "公司职员", "学生", "无业", "教师", "司机")
STREET_NAMES = ("人民", "建设", "解放", "和平", "文化", "光华", "蜀都", "红星", "东风", "滨江")
ROAD_KINDS = ("路", "街", "大道", "巷")
# Mobile prefixes of the three carriers.
PHONE_PREFIXES = ("130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                  "152", "155", "157", "158", "159", "166", "177", "180", "181", "186", "187",
                  "188", "189", "199")


def name(rng: random.Random, sex: str) -> str:
    """Two characters one time in three, three otherwise, as in the population."""
    surname = rng.choices(SURNAMES, weights=_SURNAME_WEIGHTS)[0]
    pool = GIVEN_MALE if sex == "M" else GIVEN_FEMALE
    if rng.random() < 0.33:
        return surname + rng.choice(pool)
    return surname + rng.choice(pool) + rng.choice(pool)


def birth_date(rng: random.Random, today: datetime.date, *, youngest=16, oldest=88):
    return today - datetime.timedelta(days=rng.randint(youngest * 365, oldest * 365))


def id_number(district_code: str, born: datetime.date, sex: str, serial: int) -> str:
    """Unique for a unique (district, birth date, serial): the sequence's parity is the sex."""
    sequence = (serial % 500) * 2 + (1 if sex == "M" else 0)
    return compose(district_code, born, sequence)


def phone(rng: random.Random) -> str:
    return rng.choice(PHONE_PREFIXES) + f"{rng.randrange(10 ** 8):08d}"


def address(rng: random.Random) -> str:
    return (f"{rng.choice(STREET_NAMES)}{rng.choice(ROAD_KINDS)}{rng.randint(1, 399)}号"
            f"{rng.randint(1, 30)}栋{rng.randint(1, 6)}单元"
            f"{rng.randint(1, 33)}0{rng.randint(1, 6)}")


def signature_png(rng: random.Random, width: int = 240, height: int = 80) -> bytes:
    """A real PNG of a scribbled stroke, the size of a signature drawn on a tablet."""
    pixels = [bytearray(b"\xff" * width) for _ in range(height)]
    x, y = 10.0, height / 2
    for _ in range(900):
        x = min(width - 2, max(1, x + rng.uniform(-0.6, 1.2)))
        y = min(height - 2, max(1, y + rng.uniform(-2, 2)))
        for dx in (0, 1):
            for dy in (0, 1):
                pixels[int(y) + dy][int(x) + dx] = 0
    raw = b"".join(b"\x00" + bytes(row) for row in pixels)

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(raw))
            + chunk(b"IEND", b""))
