"""Chinese word segmentation with jieba (pure Python: the same on SQLite and PostgreSQL).

The dictionary takes a few seconds to build the first time, so the app loads it at start-up, in a
thread, rather than on the first search. jieba's words are kept in a `WordTable` (12 MB) instead
of jieba's own dict (62 MB per process), built once from jieba's dict.txt and then read from a
cache file beside jieba's own.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import sys
import tempfile
import threading
from types import ModuleType

from workflows.catalog.word_table import WordTable

log = logging.getLogger(__name__)
_lock = threading.Lock()
_jieba: ModuleType | None = None
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
    global _jieba
    with _lock:
        if _jieba is not None:
            return
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)  # its INFO lines go to stderr otherwise
        table = _word_table(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
        # What `Tokenizer.initialize` sets, from our table instead of its dict.
        jieba.dt.FREQ, jieba.dt.total, jieba.dt.initialized = table, table.total, True
        for word in {*SYNONYMS, *(w for words in SYNONYMS.values() for w in words)}:
            jieba.add_word(word)
        _jieba = jieba


def tokens(text: str) -> list[str]:
    """Search-mode tokens (words and their sub-words), lower-cased, without punctuation."""
    load_dictionary()
    assert _jieba is not None
    cut = _jieba.cut_for_search
    found: list[str] = []
    for chunk in _WORD.findall(text.lower()):
        found.extend(t for t in cut(chunk) if t.strip())
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


def _import_jieba() -> ModuleType:
    """jieba without pkg_resources, which it imports only to open dict.txt (13 MB per process).

    Without it jieba opens its files with open(), as it does when pkg_resources is missing.
    """
    if "pkg_resources" in sys.modules:
        import jieba
    else:
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import → ImportError
        try:
            import jieba
        finally:
            del sys.modules["pkg_resources"]
    return jieba


def _word_table(dict_path: str) -> WordTable:
    """The table of dict.txt from the cache file, built and cached when there is none yet."""
    stat = os.stat(dict_path)
    key = hashlib.sha256(f"{dict_path}:{stat.st_size}:{stat.st_mtime_ns}".encode()).hexdigest()
    cache_path = os.path.join(tempfile.gettempdir(), f"miniapp-words-{key[:16]}.bin")
    try:
        with open(cache_path, "rb") as cached:
            return WordTable.load(cached)
    except (OSError, ValueError):
        pass
    with open(dict_path, "rb") as source:
        table = WordTable.from_dict_file(source)
    try:
        # Written aside and renamed: another process reading meanwhile sees all or nothing.
        fd, partial = tempfile.mkstemp(dir=os.path.dirname(cache_path), suffix=".partial")
        os.fchmod(fd, 0o644)  # only public data: any user of the machine may reuse it
        with os.fdopen(fd, "wb") as out:
            table.save(out)
        os.replace(partial, cache_path)
    except OSError as error:
        log.warning("cannot cache jieba's word table at %s: %s", cache_path, error)
    return table
