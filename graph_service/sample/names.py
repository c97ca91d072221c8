"""Names for the sample network.

Institutions the source report names keep their names (衢化街道, 花径一村社区, 昌苑社区, the four
departments it lists, 衢化集团/巨化集团, 中国工商银行衢州巨化支行, the four 邻礼汇 teams,
红手印之家联合党委). Everything else is plausible but made up, and every person is synthetic:
names are drawn from common surnames and given-name characters, phone numbers start with 100,
which no Chinese mobile number does.
"""

from __future__ import annotations

import random

CITY = "衢州市"
DISTRICT = "柯城区"
STREET = "衢化街道"

# The first two are named in the source; the others are made up.
COMMUNITIES = (
    "花径一村社区", "昌苑社区", "朝晖社区", "新安社区",
    "杜鹃社区", "衢园社区", "兴华社区", "江滨社区",
)  # fmt: skip

# The first four are named in the source ("市委老干部局、市审计局、柯城区人社局、柯城区医保局等");
# 公安, 执法 and 市场监管 appear in its petition example.
DEPARTMENTS = (
    "市委老干部局", "市审计局", "柯城区人社局", "柯城区医保局",
    "柯城区公安分局", "柯城区综合行政执法局", "柯城区市场监督管理局",
    "市民政局", "市住建局", "市卫健委", "市教育局", "市司法局",
    "柯城区民政局", "柯城区住建局", "柯城区卫健局", "柯城区财政局", "柯城区农业农村局",
)  # fmt: skip

MODULES = ("大党建", "大协调", "大经济", "大服务", "大治理")
POSTS = {
    "大党建": ("组织岗", "宣传岗", "党建阵地岗", "人才岗"),
    "大协调": ("综合协调岗", "督查岗", "信访岗"),
    "大经济": ("招商岗", "企业服务岗", "统计岗", "财政岗"),
    "大服务": ("民政岗", "社保岗", "文化岗"),
    "大治理": ("综治岗", "城管岗", "安监岗", "网格岗"),
}

GROUP = "衢化集团"
GROUP_ALIAS = "巨化集团"
SUBSIDIARIES = (
    "电化厂", "氟化厂", "硫酸厂", "合成氨厂", "热电厂", "锦纶厂", "机械厂", "建安公司",
    "物流公司", "检测中心", "研究院", "供排水公司", "物业公司", "医药公司", "贸易公司",
    "新材料公司", "环保公司",
)  # fmt: skip
OTHER_UNITS = (
    ("国网衢州供电公司衢化供电所", "power"),
    ("中国工商银行衢州巨化支行", "bank"),  # named in the source
    ("衢州农商银行衢化支行", "bank"),
    ("衢化医院", "hospital"),
    ("衢化第一小学", "school"),
    ("衢化中学", "school"),
)
OTHER_UNITS_BY_ID = tuple((f"U{i:02d}", unit) for i, unit in enumerate(OTHER_UNITS, start=19))
JOINT_COMMITTEE = "红手印之家联合党委"
PROPERTY_COMPANIES = ("衢化红色物业", "安居物业", "江滨物业", "朝晖物业", "兴华物业")
VOLUNTEER_TEAMS = (
    ("红叶微公益工作室", None),
    ("阳光驿站工作室", None),
    ("临江法律援助工作室", None),
    ("衢化大妈", 2016),  # the source: founded in 2016
)
ROADS = ("衢化路", "新安路", "花园路", "江滨路", "朝晖路", "兴华路", "杜鹃路", "昌苑路")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
)
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文红玉梅志荣海燕春晓云飞鹏辉"
    "慧萍琴亮波宁欣婷雪丹佳浩宇俊凯斌鑫颖琳晨阳瑞凤林玲莉彬峰珍"
)


class Namer:
    """Synthetic Chinese names and phone numbers from one seeded generator."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def person(self) -> str:
        given = "".join(self.rng.choice(GIVEN) for _ in range(self.rng.choice((1, 2, 2))))
        return self.rng.choice(SURNAMES) + given

    def phone(self) -> str:
        return "100" + "".join(str(self.rng.randrange(10)) for _ in range(8))
