"""A believable county for demos and manual testing: 青山县 (a fictional county).

Departments, one service hall, staff of every role, and published service items with guides.
"""

from __future__ import annotations

from typing import Any

DEPARTMENTS: list[dict[str, str]] = [
    {"code": "QS-ZWFW", "name": "青山县政务服务管理局"},
    {"code": "QS-SCJG", "name": "青山县市场监督管理局"},
    {"code": "QS-GA", "name": "青山县公安局"},
    {"code": "QS-RS", "name": "青山县人力资源和社会保障局"},
    {"code": "QS-MZ", "name": "青山县民政局"},
    {"code": "QS-ZRZY", "name": "青山县自然资源局（不动产登记中心）"},
]
REGION = "青山县"

# username, name, department code, roles, WeChat Work userid
STAFF: list[tuple[str, str, str, list[str], str | None]] = [
    ("admin", "系统管理员", "QS-ZWFW", ["admin"], None),
    # 三员分立: roles and permissions, and the audit trail, each with its own administrator.
    ("anquan", "安全管理员", "QS-ZWFW", ["security_admin"], None),
    ("shenji", "审计管理员", "QS-ZWFW", ["audit_admin"], None),
    ("jiancha", "周监察", "QS-ZWFW", ["supervisor"], "ZhouJianCha"),
    ("huifang", "吴回访", "QS-ZWFW", ["callback_visitor"], "WuHuiFang"),
    ("chuangkou", "郑窗口", "QS-ZWFW", ["clerk"], "ZhengChuangKou"),
    ("scjg", "王市监", "QS-SCJG", ["handler"], "WangShiJian"),
    ("gongan", "李户政", "QS-GA", ["handler"], "LiHuZheng"),
    ("renshe", "陈社保", "QS-RS", ["handler"], "ChenSheBao"),
    ("minzheng", "赵民政", "QS-MZ", ["handler"], "ZhaoMinZheng"),
    ("budongchan", "孙登记", "QS-ZRZY", ["handler", "clerk"], "SunDengJi"),
    ("daiban", "钱代办", "QS-ZWFW", ["clerk"], None),
]

HALL: dict[str, Any] = {
    "code": "QS-HALL-1",
    "name": "青山县政务服务中心",
    "region": REGION,
    "address": "青山县人民路88号",
    "phone": "0000-12345",
    "opening_hours": {day: ["09:00", "17:00"] for day in ("mon", "tue", "wed", "thu", "fri")},
    "department": "QS-ZWFW",
}


def _material(name: str, basis: str = "", copies: int = 1, seal: str = "") -> dict[str, Any]:
    return {
        "name": name,
        "basis": basis,
        "format": "原件或电子证照",
        "copies": copies,
        "seal": seal,
        "sample_url": "",
    }


ITEMS: list[dict[str, Any]] = [
    {
        "code": "11330000QS-SCJG-0001",
        "name": "企业设立登记",
        "item_type": "行政许可",
        "department": "QS-SCJG",
        "online_depth": "全程网办",
        "legal_limit_days": 15,
        "promised_limit_days": 1,
        "themes": ["开办企业", "营业执照"],
        "legal_basis": "《中华人民共和国市场主体登记管理条例》第三条",
        "conditions": "申请人具有相应民事行为能力，名称、住所、经营范围符合规定。",
        "materials": [
            _material("公司登记（备案）申请书", seal="全体股东签字"),
            _material("公司章程"),
            _material("股东主体资格文件"),
            _material("住所使用相关文件"),
        ],
        "faq": [{"question": "营业执照多久能拿到？", "answer": "材料齐全的，1个工作日内办结。"}],
    },
    {
        "code": "11330000QS-SCJG-0002",
        "name": "企业变更登记（营业执照变更）",
        "item_type": "行政许可",
        "department": "QS-SCJG",
        "online_depth": "全程网办",
        "legal_limit_days": 15,
        "promised_limit_days": 2,
        "themes": ["营业执照", "企业变更"],
        "legal_basis": "《中华人民共和国市场主体登记管理条例》第二十四条",
        "materials": [_material("变更登记申请书", seal="加盖公章"), _material("变更决议或决定")],
        "faq": [
            {
                "question": "营业执照变更地址需要什么材料？",
                "answer": "变更登记申请书、股东会决议和新住所使用证明。",
            }
        ],
    },
    {
        "code": "11330000QS-SCJG-0003",
        "name": "食品经营许可",
        "item_type": "行政许可",
        "department": "QS-SCJG",
        "online_depth": "最多跑一次",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "themes": ["开办企业", "餐饮"],
        "offline_reason": "需现场核查经营场所",
        "materials": [
            _material("食品经营许可申请书"),
            _material("营业执照复印件"),
            _material("经营场所平面图"),
        ],
    },
    {
        "code": "11330000QS-GA-0001",
        "name": "居民身份证换领",
        "item_type": "行政确认",
        "department": "QS-GA",
        "online_depth": "窗口办理",
        "legal_limit_days": 60,
        "promised_limit_days": 20,
        "themes": ["身份证", "户籍"],
        "offline_reason": "须本人到场采集人像和指纹",
        "materials": [_material("原居民身份证"), _material("居民户口簿")],
        "faq": [{"question": "身份证过期了怎么办？", "answer": "携带原证和户口簿到窗口换领。"}],
    },
    {
        "code": "11330000QS-GA-0002",
        "name": "户口迁移（市内）",
        "item_type": "行政确认",
        "department": "QS-GA",
        "online_depth": "最多跑一次",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "themes": ["户籍"],
        "offline_reason": "须核验原始户籍资料",
        "materials": [_material("居民户口簿"), _material("房屋产权证明或租赁证明")],
    },
    {
        "code": "11330000QS-RS-0001",
        "name": "社会保障卡补领",
        "item_type": "公共服务",
        "department": "QS-RS",
        "online_depth": "全程网办",
        "legal_limit_days": 10,
        "promised_limit_days": 3,
        "themes": ["社保", "社保卡"],
        "materials": [_material("居民身份证")],
        "faq": [
            {"question": "社保卡丢了怎么补办？", "answer": "先挂失，再在线申请补领，邮寄到家。"}
        ],
    },
    {
        "code": "11330000QS-RS-0002",
        "name": "灵活就业人员参保登记",
        "item_type": "公共服务",
        "department": "QS-RS",
        "online_depth": "零跑腿",
        "legal_limit_days": 10,
        "promised_limit_days": 1,
        "themes": ["社保", "就业"],
        "materials": [_material("居民身份证")],
    },
    {
        "code": "11330000QS-RS-0003",
        "name": "失业保险金申领",
        "item_type": "行政给付",
        "department": "QS-RS",
        "online_depth": "全程网办",
        "legal_limit_days": 20,
        "promised_limit_days": 5,
        "themes": ["社保", "就业"],
        "materials": [_material("居民身份证"), _material("解除劳动合同证明")],
    },
    {
        "code": "11330000QS-MZ-0001",
        "name": "内地居民婚姻登记",
        "item_type": "行政确认",
        "department": "QS-MZ",
        "online_depth": "窗口办理",
        "legal_limit_days": 1,
        "promised_limit_days": 1,
        "themes": ["婚姻"],
        "offline_reason": "须双方本人到场",
        "materials": [
            _material("双方居民身份证"),
            _material("双方户口簿"),
            _material("近期半身免冠合影照片", copies=3),
        ],
    },
    {
        "code": "11330000QS-MZ-0002",
        "name": "最低生活保障申请",
        "item_type": "行政给付",
        "department": "QS-MZ",
        "online_depth": "最多跑一次",
        "legal_limit_days": 30,
        "promised_limit_days": 20,
        "themes": ["社会救助"],
        "offline_reason": "须入户调查",
        "materials": [
            _material("申请书"),
            _material("家庭成员身份证明"),
            _material("家庭收入及财产状况声明"),
        ],
    },
    {
        "code": "11330000QS-ZRZY-0001",
        "name": "不动产转移登记",
        "item_type": "行政确认",
        "department": "QS-ZRZY",
        "online_depth": "最多跑一次",
        "legal_limit_days": 30,
        "promised_limit_days": 3,
        "themes": ["不动产", "房产"],
        "offline_reason": "须核验原件并缴纳税费",
        "materials": [
            _material("不动产登记申请书"),
            _material("不动产权证书"),
            _material("买卖合同"),
            _material("完税凭证"),
        ],
    },
    {
        "code": "11330000QS-ZRZY-0002",
        "name": "不动产登记资料查询",
        "item_type": "公共服务",
        "department": "QS-ZRZY",
        "online_depth": "全程网办",
        "legal_limit_days": 5,
        "promised_limit_days": 1,
        "themes": ["不动产"],
        "materials": [_material("居民身份证")],
    },
]

# 一窗受理 and 代办 (workflows/routing): who holds which post at the hall. The agent stands in for
# a village 代办点 until the region tree brings township and village halls.
HALL_POSTS: list[tuple[str, str]] = [
    ("chuangkou", "comprehensive_window"),
    ("daiban", "agent"),
]

# 一件事一次办 (seed 002 art. 19). 新生儿出生 uses the demo's household and social-security items
# as stand-ins until birth registration items are in the catalog.
BUNDLES: list[dict[str, Any]] = [
    {
        "code": "KAIBAN-QIYE",
        "name": "开办企业",
        "description": "企业设立登记后办理食品经营许可，一次申请、一套材料",
        "order": "sequence",
        "items": ["11330000QS-SCJG-0001", "11330000QS-SCJG-0003"],
    },
    {
        "code": "XINSHENGER-CHUSHENG",
        "name": "新生儿出生",
        "description": "户口登记与社会保障卡同时办理",
        "order": "parallel",
        "items": ["11330000QS-GA-0002", "11330000QS-RS-0001"],
    },
]
