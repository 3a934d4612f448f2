"""Chinese word segmentation with jieba (pure Python: the same on SQLite and PostgreSQL).

The dictionary takes about a second to load, so the app loads it at start-up, in a thread,
rather than on the first search.
"""

from __future__ import annotations

import logging
import re
import threading

import jieba

_lock = threading.Lock()
_ready = False
_WORD = re.compile(r"[\w]+", re.UNICODE)
# Everyday short forms citizens type; each also finds the full official wording.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "社保": ("社会保险",),
    "医保": ("医疗保险",),
    "公积金": ("住房公积金",),
    "户口": ("户籍",),
    "驾照": ("驾驶证",),
    "身份证": ("居民身份证",),
    "执照": ("营业执照",),
}


def load_dictionary() -> None:
    global _ready
    with _lock:
        if _ready:
            return
        jieba.setLogLevel(logging.WARNING)  # its INFO lines go to stderr otherwise
        jieba.initialize()
        for word in {*SYNONYMS, *(w for words in SYNONYMS.values() for w in words)}:
            jieba.add_word(word)
        _ready = True


def tokens(text: str) -> list[str]:
    """Search-mode tokens (words and their sub-words), lower-cased, without punctuation."""
    load_dictionary()
    found: list[str] = []
    for chunk in _WORD.findall(text.lower()):
        found.extend(t for t in jieba.cut_for_search(chunk) if t.strip())
    return found


def query_groups(query: str) -> list[set[str]]:
    """One token set per space-separated part of a query, widened by synonyms."""
    groups: list[set[str]] = []
    for part in query.split():
        group = set(tokens(part))
        for token in list(group):
            for synonym in SYNONYMS.get(token, ()):
                group.update(tokens(synonym))
        if group:
            groups.append(group)
    return groups
