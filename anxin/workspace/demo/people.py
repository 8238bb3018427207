"""Fictional people for the demo: names, phones, addresses, ID numbers, families, diagnoses.

Everything is drawn from the `random.Random` passed in, so one seed always gives the same people.
Nothing here touches the database: the loader turns a `PlannedClient` into rows through the
client actions.
"""

import datetime
import random
from dataclasses import dataclass, field

from anxin.clients import identity
from anxin.clients.choices import ContactKind, PopulationCategory, Sex

# Ages and "is this date in the past" are computed against a fixed year, not today, so that
# the same seed gives the same families whenever the demo is loaded.
REFERENCE_YEAR = 2026
LATEST_DIAGNOSIS = datetime.date(2026, 6, 30)

# Roughly the national frequency of the commonest surnames (per cent, 2020 census order); a
# population adds regional weight on top (Cantonese 陈/黄/林/梁, Sichuanese 罗/何/邓).
SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.6, "杨": 3.1, "黄": 2.2, "赵": 2.0,
    "吴": 1.8, "周": 1.7, "徐": 1.3, "孙": 1.3, "马": 1.2, "朱": 1.1, "胡": 1.0, "郭": 1.0,
    "何": 0.9, "林": 0.9, "高": 0.9, "罗": 0.9, "郑": 0.8, "梁": 0.7, "谢": 0.6, "宋": 0.6,
    "唐": 0.6, "许": 0.5, "韩": 0.5, "邓": 0.5, "冯": 0.5, "曹": 0.5, "彭": 0.5, "曾": 0.5,
    "肖": 0.4, "田": 0.4, "董": 0.4, "潘": 0.4, "袁": 0.4, "蔡": 0.4, "蒋": 0.4, "余": 0.4,
    "杜": 0.4, "叶": 0.4, "程": 0.3, "魏": 0.3, "苏": 0.3, "吕": 0.3, "丁": 0.3, "任": 0.3,
    "卢": 0.3, "姚": 0.3, "沈": 0.3, "钟": 0.3, "姜": 0.3, "谭": 0.3, "廖": 0.2, "范": 0.2,
    "汪": 0.2, "石": 0.2, "付": 0.2, "方": 0.2, "邹": 0.2, "熊": 0.2, "白": 0.2, "秦": 0.2,
    "邱": 0.2, "江": 0.2, "雷": 0.2, "龙": 0.2, "黎": 0.2, "贺": 0.2, "赖": 0.1, "文": 0.1,
}

# Given names follow fashion: a 秀英 is born in the 1940s, a 欣怡 after 1995. Keyed by sex and
# by the first birth year of the generation.
GIVEN_NAMES = {
    Sex.MALE: {
        0: ["建国", "国华", "德明", "振华", "文华", "永祥", "玉明", "福生", "长贵", "树林",
            "德胜", "国平", "世昌", "正清", "志成", "明", "华", "平"],
        1960: ["建华", "卫东", "小军", "志刚", "海涛", "建军", "国强", "立新", "晓东", "俊峰",
               "利民", "文斌", "伟", "勇", "斌", "军", "涛", "鹏"],
        1980: ["鹏飞", "俊杰", "志伟", "旭东", "建伟", "家豪", "振宇", "明辉", "文博", "海龙",
               "磊", "浩", "杰", "超", "洋", "宇", "亮", "晨"],
        1995: ["浩然", "宇轩", "子豪", "梓轩", "俊熙", "博文", "皓轩", "一鸣", "宇航", "天佑",
               "嘉豪", "思远", "泽宇", "睿", "铭", "凯"],
    },
    Sex.FEMALE: {
        0: ["秀英", "桂英", "淑珍", "玉兰", "秀兰", "桂兰", "玉珍", "凤英", "素芬", "翠华",
            "淑华", "秀珍", "兰英", "桂芳", "惠珍", "琼华", "素珍"],
        1960: ["丽华", "玉梅", "红梅", "淑芬", "秀芳", "小红", "海燕", "春梅", "丽萍", "晓燕",
               "丽", "红", "燕", "艳", "敏", "霞", "琴", "慧"],
        1980: ["婷婷", "晓丽", "丽娟", "雪梅", "晶晶", "文静", "思思", "婷", "静", "丹", "倩",
               "雪", "莉", "娜", "琳", "颖", "洁", "蕾"],
        1995: ["欣怡", "子涵", "梓涵", "雨桐", "诗涵", "可欣", "思琪", "佳怡", "紫萱", "一诺",
               "雨欣", "梦琪", "晓彤", "心怡", "雨涵"],
    },
}

# Real roads of every bundled street (anxin/accounts/data/regions.csv), so that an address reads
# like one. A street added by a deployment falls back to GENERIC_ROADS.
ROADS = {
    "510107001": ["浆洗街", "洗面桥街", "高升桥东路", "武侯祠大街", "丁家拐街"],
    "510107002": ["望江路", "科华北路", "一环路南一段", "新南路", "致民路"],
    "510107003": ["玉林南路", "玉林北路", "玉林西路", "芳草街", "玉洁巷", "倪家桥路"],
    "510107004": ["人民南路四段", "桐梓林北路", "桐梓林东路", "火车南站西路", "天府大道北段"],
    "510104001": ["红星路三段", "总府路", "暑袜北一街", "上东大街", "城守街"],
    "510104002": ["书院西街", "大慈寺路", "东大街", "和平街", "纱帽街"],
    "510105001": ["长顺上街", "宽巷子", "东城根上街", "商业街", "祠堂街"],
    "510105002": ["草市街", "太升北路", "白丝街", "西玉龙街", "顺城大街"],
    "440305001": ["南头街", "中山东街", "深南大道", "桃园路", "前海路"],
    "440305002": ["南山大道", "南新路", "登良路", "向南路", "南光路"],
    "440305003": ["沙河东路", "白石路", "香山东街", "侨城东路"],
    "440305004": ["工业七路", "望海路", "湾厦路", "招商路", "蛇口新街"],
    "440305005": ["科苑南路", "高新南七道", "海德三道", "科技南十二路", "后海大道"],
    "440304001": ["红荔路", "百花二路", "八卦四路", "园岭东路", "上步中路"],
    "440304002": ["华富路", "笋岗西路", "莲花路", "彩田路"],
    "440304003": ["香蜜湖路", "农园路", "红荔西路", "侨香路", "农轩路"],
}
GENERIC_ROADS = ["人民路", "建设路", "幸福路", "和平路", "中山路"]
# Shenzhen addresses name the housing estate and the tower; older Chengdu ones the building
# and stairwell (单元).
ESTATES = ["阳光花园", "海月花园", "荔苑", "桂园", "金色家园", "碧海湾", "鸿瑞花园", "怡海花园",
           "桃源村", "南海玫瑰园", "万象新园", "翠海花园"]

MOBILE_PREFIXES = ["130", "131", "132", "133", "135", "136", "137", "138", "139", "150", "151",
                   "152", "153", "155", "157", "158", "159", "180", "181", "182", "183", "186",
                   "187", "188", "189"]

OCCUPATIONS = ["公司职员", "个体经营", "教师", "护士", "司机", "快递员", "外卖骑手", "工人",
               "销售", "厨师", "保安", "自由职业", "待业"]
RETIRED = ["退休", "退休", "退休", "务农"]

# Which ICD-10 code a category's diagnosis usually has; domain-facts §8.1 gives the six severe
# mental disorders, of which schizophrenia is by far the commonest on community registers.
MENTAL_CODES = {"F20": 50, "F31": 15, "F25": 8, "F22": 10, "F32": 17}


# Birth years by the primary reason for service: chronic disease comes with age, a mental
# disorder is usually diagnosed in early adulthood. Together they span 1940-2005.
BIRTH_YEARS = {
    PopulationCategory.MENTAL_DISORDER: (1955, 2003),
    PopulationCategory.CHRONIC_DISEASE: (1940, 1975),
    PopulationCategory.CAREGIVER: (1950, 1990),
    PopulationCategory.HIGH_RISK: (1960, 2005),
    PopulationCategory.BEREAVED: (1945, 1995),
    PopulationCategory.EPIDEMIC_AFFECTED: (1950, 2005),
    PopulationCategory.OTHER: (1940, 2005),
}


@dataclass(frozen=True)
class Street:
    code: str
    district_code: str
    place: str  # province to street, e.g. "四川省成都市武侯区玉林街道"


@dataclass(frozen=True)
class Population:
    """What one organisation's clients look like: where they live and what brings them."""

    homes: dict[str, int]             # district code -> weight
    categories: dict[str, int]        # primary population category -> weight
    birthplaces: tuple[str, ...]      # ID address codes of people who moved to the city
    birthplace_share: float           # share of clients whose ID was issued elsewhere
    surname_boost: dict[str, float]
    mental_hospitals: tuple[str, ...]
    chronic_hospitals: tuple[str, ...]
    extra_chronic_codes: tuple[str, ...] = ()
    high_rise: bool = False


@dataclass
class Relative:
    name: str
    relationship: str  # what this person is to the client: 母亲, 丈夫, 女儿 ...
    sex: str
    birth_year: int
    lives_with_client: bool
    occupation: str = ""
    note: str = ""


@dataclass(frozen=True)
class PlannedDiagnosis:
    code: str
    diagnosed_on: datetime.date
    diagnosed_by: str


@dataclass(frozen=True)
class PlannedContact:
    kind: str
    name: str
    relationship: str
    phone: str
    address: str


@dataclass
class PlannedClient:
    name: str
    sex: str
    birth_date: datetime.date
    id_number: str
    phone: str
    street: Street
    address_detail: str
    categories: list[str]
    diagnoses: list[PlannedDiagnosis] = field(default_factory=list)
    contacts: list[PlannedContact] = field(default_factory=list)
    household: list[Relative] = field(default_factory=list)


def weighted(rng: random.Random, weights: dict):
    keys = list(weights)
    return rng.choices(keys, weights=[weights[k] for k in keys])[0]


def given_name(rng: random.Random, sex: str, birth_year: int) -> str:
    generations = GIVEN_NAMES[sex]
    start = max(year for year in generations if year <= birth_year)
    return rng.choice(generations[start])


class DemoPeople:
    """Draws the clients of one organisation; remembers what it drew so nothing repeats."""

    def __init__(self, rng: random.Random, population: Population, streets: list[Street]):
        self.rng = rng
        self.population = population
        self.streets = streets
        self.surnames = {name: weight + population.surname_boost.get(name, 0)
                         for name, weight in SURNAMES.items()}
        self._ids: set[str] = set()
        self._phones: set[str] = set()

    # Small pieces -----------------------------------------------------------------------

    def surname(self) -> str:
        return weighted(self.rng, self.surnames)

    def mobile(self) -> str:
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self._phones:
                self._phones.add(number)
                return number

    def address_detail(self, street: Street) -> str:
        rng = self.rng
        road = rng.choice(ROADS.get(street.code, GENERIC_ROADS))
        if self.population.high_rise:
            floor = rng.randint(2, 32)
            return (f"{road}{rng.randint(1, 300) * 2}号{rng.choice(ESTATES)}"
                    f"{rng.randint(1, 12)}栋{floor}{rng.randint(1, 8):02d}")
        return (f"{road}{rng.randint(1, 120)}号{rng.randint(1, 12)}栋{rng.randint(1, 4)}单元"
                f"{rng.randint(1, 8)}{rng.randint(1, 4):02d}")

    def id_number(self, birth_date: datetime.date, sex: str, home: Street) -> str:
        """A valid number; sequence parity carries the sex (GB 11643-1999, odd = male)."""
        rng = self.rng
        address = home.district_code
        if rng.random() < self.population.birthplace_share:
            address = rng.choice(self.population.birthplaces)
        while True:
            sequence = rng.randrange(0, 499) * 2 + (1 if sex == Sex.MALE else 2)
            number = identity.compose(address, birth_date, sequence)
            if number not in self._ids:
                self._ids.add(number)
                return number

    def street(self) -> Street:
        district = weighted(self.rng, self.population.homes)
        return self.rng.choice([s for s in self.streets if s.district_code == district])

    # A whole client -----------------------------------------------------------------------

    def client(self) -> PlannedClient:
        rng = self.rng
        primary = weighted(rng, self.population.categories)
        birth_year = rng.randint(*BIRTH_YEARS[primary])
        age = REFERENCE_YEAR - birth_year
        categories = [primary, *self._secondary_categories(primary, age)]
        birth_date = datetime.date(birth_year, 1, 1) + datetime.timedelta(
            days=rng.randrange(365))
        sex = rng.choice([Sex.MALE, Sex.FEMALE])
        surname = self.surname()
        home = self.street()
        detail = self.address_detail(home)
        # Some of the very old have no phone of their own; their family is reached instead.
        phone = "" if age >= 80 and rng.random() < 0.4 else self.mobile()
        client = PlannedClient(
            name=surname + given_name(rng, sex, birth_year), sex=sex, birth_date=birth_date,
            id_number=self.id_number(birth_date, sex, home), phone=phone, street=home,
            address_detail=detail, categories=categories,
        )
        client.diagnoses = self._diagnoses(categories, birth_date)
        family = self._family(surname, sex, birth_year, caregiver=PopulationCategory.CAREGIVER
                              in categories)
        client.household = [r for r in family if r.lives_with_client]
        client.contacts = self._contacts(categories, age, family, home.place + detail)
        return client

    def _secondary_categories(self, primary: str, age: int) -> list[str]:
        rng = self.rng
        extra = []
        # Hypertension and diabetes come with middle age; antipsychotics make them likelier.
        if (primary == PopulationCategory.MENTAL_DISORDER and age >= 45
                and rng.random() < 0.25):
            extra.append(PopulationCategory.CHRONIC_DISEASE)
        if primary in (PopulationCategory.MENTAL_DISORDER,
                       PopulationCategory.BEREAVED) and rng.random() < 0.12:
            extra.append(PopulationCategory.HIGH_RISK)
        if primary == PopulationCategory.CHRONIC_DISEASE and rng.random() < 0.1:
            extra.append(PopulationCategory.CAREGIVER)
        return extra

    def _diagnoses(self, categories: list[str], birth_date) -> list[PlannedDiagnosis]:
        rng, population = self.rng, self.population
        found = []
        if PopulationCategory.MENTAL_DISORDER in categories and rng.random() < 0.9:
            found.append(PlannedDiagnosis(
                weighted(rng, MENTAL_CODES), self._onset(birth_date, 16, 40),
                rng.choice(population.mental_hospitals)))
        if PopulationCategory.CHRONIC_DISEASE in categories and rng.random() < 0.9:
            codes = [code for code, share in (("I10", 0.65), ("E11", 0.45))
                     if rng.random() < share] or ["I10"]
            if population.extra_chronic_codes and rng.random() < 0.3:
                codes.append(rng.choice(population.extra_chronic_codes))
            found.extend(PlannedDiagnosis(code, self._onset(birth_date, 40, 70),
                                          rng.choice(population.chronic_hospitals))
                         for code in codes)
        return found

    def _onset(self, birth_date, from_age: int, to_age: int) -> datetime.date:
        end = min(birth_date + datetime.timedelta(days=365 * to_age), LATEST_DIAGNOSIS)
        start = min(birth_date + datetime.timedelta(days=365 * from_age), end)
        return start + datetime.timedelta(days=self.rng.randrange((end - start).days + 1))

    def _family(self, surname: str, sex: str, birth_year: int, *,
                caregiver: bool) -> list[Relative]:
        """Parents, spouse, children and a sibling, as plausible for the client's age."""
        rng = self.rng
        age = REFERENCE_YEAR - birth_year
        family: list[Relative] = []

        def add(relationship, rel_sex, year, rel_surname, lives_with):
            family.append(Relative(
                name=rel_surname + given_name(rng, rel_sex, year), relationship=relationship,
                sex=rel_sex, birth_year=year, lives_with_client=lives_with,
                occupation=self._occupation(year)))

        if age < 50:
            gap = rng.randint(22, 32)
            lives = age < 40 and rng.random() < 0.8
            if rng.random() < 0.85:
                add("父亲", Sex.MALE, birth_year - gap - rng.randint(0, 3), surname, lives)
            if rng.random() < 0.9:
                add("母亲", Sex.FEMALE, birth_year - gap, self.surname(), lives)
        spouse_surname = None
        if age >= 25 and rng.random() < 0.75:
            spouse_sex = Sex.FEMALE if sex == Sex.MALE else Sex.MALE
            spouse_surname = self.surname()
            add("妻子" if spouse_sex == Sex.FEMALE else "丈夫", spouse_sex,
                birth_year + rng.randint(-5, 5), spouse_surname, rng.random() < 0.9)
        widowed = spouse_surname is None and age >= 55 and rng.random() < 0.7
        if age >= 30 and (spouse_surname is not None or widowed):
            # Children usually take the father's surname (a widow's late husband's).
            child_surname = surname if sex == Sex.MALE else spouse_surname or self.surname()
            for _ in range(rng.choice([0, 1, 1, 1, 2])):
                year = min(birth_year + rng.randint(23, 34), REFERENCE_YEAR - 1)
                child_sex = rng.choice([Sex.MALE, Sex.FEMALE])
                lives = REFERENCE_YEAR - year < 25 or (age >= 70 and rng.random() < 0.5)
                add("儿子" if child_sex == Sex.MALE else "女儿", child_sex, year, child_surname,
                    lives)
        if age < 55 and rng.random() < 0.4:
            year = birth_year + rng.choice([-4, -3, -2, 2, 3, 5])
            sibling_sex = rng.choice([Sex.MALE, Sex.FEMALE])
            older = year < birth_year
            relationship = {(Sex.MALE, True): "哥哥", (Sex.MALE, False): "弟弟",
                            (Sex.FEMALE, True): "姐姐", (Sex.FEMALE, False): "妹妹"}
            add(relationship[sibling_sex, older], sibling_sex, year, surname,
                rng.random() < 0.1)
        # Households of up to three besides the client; grown-up children's parents (listed
        # first) are the ones who live on their own.
        co_resident = [r for r in family if r.lives_with_client]
        for relative in co_resident[:max(len(co_resident) - 3, 0)]:
            relative.lives_with_client = False
        if caregiver:
            # A caregiver client looks after someone at home: say who in the household notes.
            cared_for = [r for r in family if r.lives_with_client
                         and r.relationship in ("父亲", "母亲", "丈夫", "妻子", "儿子", "女儿")]
            if cared_for:
                rng.choice(cared_for).note = "长期患病，由服务对象照护"
        return family

    def _occupation(self, birth_year: int) -> str:
        age = REFERENCE_YEAR - birth_year
        if age < 7:
            return "学龄前"
        if age < 22:
            return "学生"
        if age >= 60:
            return self.rng.choice(RETIRED)
        return self.rng.choice(OCCUPATIONS)

    def _contacts(self, categories: list[str], age: int, family: list[Relative],
                  home_address: str) -> list[PlannedContact]:
        """A guardian for a mental disorder, a caregiver for the old and chronically ill."""
        rng = self.rng
        if PopulationCategory.MENTAL_DISORDER in categories:
            kind = ContactKind.GUARDIAN
        elif age >= 70 or PopulationCategory.CHRONIC_DISEASE in categories:
            kind = ContactKind.CAREGIVER
        else:
            kind = ContactKind.EMERGENCY
        order = {"丈夫": 0, "妻子": 0, "母亲": 1, "父亲": 2, "女儿": 3, "儿子": 3, "姐姐": 4,
                 "哥哥": 4, "妹妹": 5, "弟弟": 5}
        # The person the client cares for (noted in _family) is not the one to call.
        adults = sorted((r for r in family if 18 <= REFERENCE_YEAR - r.birth_year < 85
                         and not r.note),
                        key=lambda r: (order.get(r.relationship, 9), r.birth_year))
        if not adults or rng.random() < 0.05:
            return []
        contacts = []
        for position, relative in enumerate(adults[:2]):
            if position == 1:
                # Only some files carry a second person to call.
                if rng.random() > 0.3:
                    break
                kind = ContactKind.EMERGENCY
            if relative.lives_with_client:
                if position == 0:
                    relative.note = "主要照顾者"
                address = home_address
            else:
                other = rng.choice(self.streets)
                address = other.place + self.address_detail(other)
            contacts.append(PlannedContact(kind=kind, name=relative.name,
                                           relationship=relative.relationship,
                                           phone=self.mobile(), address=address))
        return contacts

