"""Answering a citizen's question from the catalog: the best FAQ entry, or the item's guide.

Chinese text matching with jieba's tokens: a candidate's confidence is how much of the question
(by characters of matched words) it covers, averaged with how much of the FAQ question the
question covers, so "营业执照多久能拿到" matches its FAQ entry almost fully while "营业执照" alone
does not. Below the threshold there is no answer and a person should take over.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.catalog import ItemStatus, ServiceItem
from workflows.catalog.search_service import CatalogSearch, ItemSummary
from workflows.catalog.segment import tokens

CANDIDATE_ITEMS = 5
# Words that carry no meaning for matching (question words, particles, politeness).
STOP_WORDS = frozenset(
    "的 了 吗 呢 吧 啊 呀 我 我们 你 你们 请问 请 问 想 要 想要 怎么 怎样 如何 什么 哪里 哪儿 "  # noqa: SIM905
    "可以 能 能否 是否 一下 需要 需 办 办理 是 在 有 和 与 及".split()
)


@dataclass(frozen=True)
class Answer:
    kind: str  # "faq" or "item"
    text: str
    confidence: float
    item_id: int
    item_name: str


def _words(text: str) -> set[str]:
    return {t for t in tokens(text) if t not in STOP_WORDS}


def _weight(words: set[str]) -> float:
    return float(sum(len(w) for w in words))


def coverage(question: set[str], candidate: set[str]) -> float:
    """How well a candidate text matches the question, from 0 to 1."""
    if not question or not candidate:
        return 0.0
    shared = _weight(question & candidate)
    return (shared / _weight(question) + shared / _weight(candidate)) / 2


async def answer_question(
    search: CatalogSearch, question: str, min_confidence: float
) -> Answer | None:
    asked = _words(question)
    if not asked:
        return None
    hits = await search.search(question, limit=CANDIDATE_ITEMS)
    if not hits:
        return None
    rows = await ServiceItem.filter(
        id__in=[h.id for h in hits], status=ItemStatus.PUBLISHED
    ).values("id", "faq")
    faqs = {row["id"]: row["faq"] or [] for row in rows}
    best: Answer | None = None
    for hit in hits:
        for entry in _entries(faqs.get(hit.id)):
            score = coverage(asked, _words(entry["question"]))
            if best is None or score > best.confidence:
                best = Answer("faq", entry["answer"], score, hit.id, hit.name)
        score = coverage(asked, _words(hit.name))
        if best is None or score > best.confidence:
            best = Answer("item", _guide_line(hit), score, hit.id, hit.name)
    if best is None or best.confidence < min_confidence:
        return None
    return best


def _entries(faq: Any) -> list[dict[str, str]]:
    if not isinstance(faq, list):
        return []
    return [
        e
        for e in faq
        if isinstance(e, dict)
        and isinstance(e.get("question"), str)
        and isinstance(e.get("answer"), str)
    ]


def _guide_line(item: ItemSummary) -> str:
    return (
        f"{item.name}：由{item.department_name}办理，{item.online_depth}，"
        f"承诺{item.promised_limit_days}个工作日内办结。"
    )
