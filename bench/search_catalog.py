"""How fast is Chinese item search on 5,000 items? `python bench/search_catalog.py`.

Builds the in-memory index the servers use from synthetic items and times queries; prints
build time and p50/p99 per query (the target is well under 50 ms).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from workflows.catalog.search_index import SearchIndex
from workflows.catalog.segment import load_dictionary

SUBJECTS = [
    "营业执照",
    "居民身份证",
    "社会保险",
    "食品经营许可证",
    "建设工程规划许可证",
    "医疗保险",
    "住房公积金",
    "出生医学证明",
    "道路运输经营许可",
    "药品经营许可证",
    "户籍",
    "驾驶证",
    "排污许可",
    "特种设备",
    "危险化学品",
    "教师资格",
    "残疾人证",
    "养老金",
    "不动产",
]
ACTIONS = ["核发", "变更", "注销", "延续", "补办", "换领", "登记", "查询", "迁移", "备案", "认定"]
THEMES = ["开办企业", "社保", "户籍", "医疗", "教育", "交通出行", "住房", "民政", "农业"]
QUERIES = ["身份证", "营业执照 变更", "社保", "公积金 提取", "食品 许可", "驾照", "不动产登记",
           "残疾人", "火星签证", "教师资格 认定"]  # fmt: skip


def items(count: int) -> list[dict[str, object]]:
    rng = random.Random(7)
    return [
        {
            "id": n,
            "name": f"{rng.choice(SUBJECTS)}{rng.choice(ACTIONS)}（{n}）",
            "themes": rng.sample(THEMES, 2),
            "department": f"第{n % 40}部门",
            "faq": [{"question": f"办理{rng.choice(SUBJECTS)}需要什么材料？", "answer": "见清单"}],
            "conditions": f"申请人应当持有{rng.choice(SUBJECTS)}",
        }
        for n in range(1, count + 1)
    ]


def main(count: int = 5000, rounds: int = 200) -> None:
    started = time.perf_counter()
    load_dictionary()
    print(f"dictionary loaded in {time.perf_counter() - started:.2f} s")
    started = time.perf_counter()
    index = SearchIndex(items(count))
    print(f"index of {len(index)} items built in {time.perf_counter() - started:.2f} s")
    for query in QUERIES:
        timings = []
        for _ in range(rounds):
            t = time.perf_counter()
            hits = index.search(query, limit=20)
            timings.append((time.perf_counter() - t) * 1000)
        timings.sort()
        p99 = timings[int(len(timings) * 0.99) - 1]
        print(
            f"{query:<12} hits={len(hits):>2}  p50={statistics.median(timings):6.3f} ms  "
            f"p99={p99:6.3f} ms"
        )


if __name__ == "__main__":
    main(*(int(arg) for arg in sys.argv[1:3]))
