"""jieba's words in our compact table segment exactly as with jieba's own dict."""

from __future__ import annotations

import io
import os

import jieba
import pytest

from workflows.catalog import segment
from workflows.catalog.word_table import WordTable

DICT_PATH = os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME)
TEXT = (
    "个体工商户营业执照办理需要提交经营者身份证明和经营场所使用证明。"
    "办理社会保险登记、住房公积金提取、不动产登记、居民身份证换领，请到政务服务中心综合窗口。"
    "The e-certificate 电子证照 can be verified at 便民服务中心; 12345热线受理投诉。"
)


@pytest.fixture(scope="module")
def stock() -> jieba.Tokenizer:
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = None
    tokenizer.initialize()
    return tokenizer


@pytest.fixture(scope="module")
def table() -> WordTable:
    with open(DICT_PATH, "rb") as source:
        return WordTable.from_dict_file(source)


def test_table_holds_the_same_words_prefixes_and_frequencies(stock, table):
    assert len(table) == len(stock.FREQ)
    assert table.total == stock.total
    assert all(table.get(word) == freq for word, freq in stock.FREQ.items())
    assert "营业执" in table and table["营业执"] == 0  # a prefix only
    assert "营业执照x" not in table and table.get("营业执照x") is None
    with pytest.raises(KeyError):
        table["不是词语的一串"]


def test_segmentation_with_the_table_is_the_same_as_with_jiebas_dict(stock, table):
    compact = jieba.Tokenizer()
    compact.FREQ, compact.total, compact.initialized = table, table.total, True
    assert list(compact.cut_for_search(TEXT)) == list(stock.cut_for_search(TEXT))
    assert list(compact.cut(TEXT, HMM=False)) == list(stock.cut(TEXT, HMM=False))


def test_added_words_are_found_like_in_jiebas_dict(stock, table):
    compact = jieba.Tokenizer()
    compact.FREQ, compact.total, compact.initialized = table, table.total, True
    for tokenizer in (stock, compact):
        tokenizer.add_word("掌上办事大厅", 5000)
    assert compact.FREQ["掌上办事大厅"] == 5000 and compact.FREQ["掌上办事"] == 0
    sentence = "在掌上办事大厅办理"
    assert list(compact.cut_for_search(sentence)) == list(stock.cut_for_search(sentence))


def test_saved_table_reads_back_the_same(table):
    buffer = io.BytesIO()
    table.save(buffer)
    again = WordTable.load(io.BytesIO(buffer.getvalue()))
    assert len(again) == len(table) and again.total == table.total
    assert [again.get(w) for w in ("营业执照", "营业执", "社保卡", "无此词汇")] == [
        table.get(w) for w in ("营业执照", "营业执", "社保卡", "无此词汇")
    ]
    with pytest.raises(ValueError):
        WordTable.load(io.BytesIO(buffer.getvalue()[:1000]))
    with pytest.raises(ValueError):
        WordTable.load(io.BytesIO(b"something else entirely"))


def test_a_cut_short_cache_file_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setattr(segment.tempfile, "gettempdir", lambda: str(tmp_path))
    first = segment._word_table(DICT_PATH)
    (cached,) = tmp_path.glob("miniapp-words-*.bin")
    cached.write_bytes(cached.read_bytes()[:5000])
    again = segment._word_table(DICT_PATH)
    assert len(again) == len(first) and again.get("营业执照") == first.get("营业执照")
    assert cached.stat().st_size > 5000


def test_search_tokens_come_from_the_table():
    segment.load_dictionary()
    assert isinstance(jieba.dt.FREQ, WordTable)
    assert segment.tokens("办理营业执照") == ["办理", "营业", "执照", "营业执照"]
