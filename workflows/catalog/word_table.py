"""jieba's word-frequency table kept in a few flat arrays instead of a dict of 500,000 strings.

jieba keeps every dictionary word and every prefix of one in `FREQ`, a dict of str to int: 62 MB
in each process (measured: 38 MB of str objects, 15 MB of dict). The same table as one UTF-8
blob, an offset and a frequency per word, and an open-addressing slot array takes about 12 MB.
Lookups go through a small dict in front of it, so the words a catalog actually uses cost a dict
lookup after their first time. The table answers exactly what jieba's dict answers: the same
words, prefixes (frequency 0) and frequencies, read from the same dict.txt.
"""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator
from typing import IO
from zlib import crc32

_EMPTY = -1
_MAGIC = b"miniapp-word-table-1\n"
# Words seen by segmentation so far (and words known to be absent, as -1): a bounded front dict,
# cleared when full, so arbitrary queries cannot grow it without limit.
_FRONT_LIMIT = 200_000


class WordTable:
    """A read-mostly mapping of word → frequency with the part of dict's interface jieba uses."""

    def __init__(self) -> None:
        self._blob = bytearray()
        self._ends = array("I", [0])  # word n is _blob[_ends[n]:_ends[n + 1]]
        self._freqs = array("I")
        self._slots = array("i", [_EMPTY]) * 1024
        self._front: dict[str, int] = {}
        self.total = 0

    @classmethod
    def from_dict_file(cls, lines: Iterable[bytes], expected_words: int = 600_000) -> WordTable:
        """Read jieba's dict.txt ("word freq [tag]" per line) as `Tokenizer.gen_pfdict` does.

        One loop with everything local: the generic `_put` takes 15 s for this, this 3 s.
        """
        table = cls()
        size = 1024
        while size * 2 < expected_words * 3:
            size *= 2
        slots = table._slots = array("i", [_EMPTY]) * size
        mask = size - 1
        blob, ends, freqs = table._blob, table._ends, table._freqs
        total = 0
        for number, raw in enumerate(lines, 1):
            line = raw.strip().decode("utf-8")
            if not line:
                continue
            try:
                word, freq_text = line.split(" ")[:2]
                freq = int(freq_text)
            except ValueError as error:
                raise ValueError(f"invalid dictionary entry at line {number}: {line!r}") from error
            total += freq
            # The word itself (its frequency replaces a prefix's 0), then each of its prefixes.
            for end in range(len(word), 0, -1):
                key = word[:end].encode("utf-8")
                length = len(key)
                position = crc32(key) & mask
                while True:
                    index = slots[position]
                    if index == _EMPTY:
                        blob += key
                        ends.append(len(blob))
                        freqs.append(freq if end == len(word) else 0)
                        slots[position] = len(freqs) - 1
                        break
                    start = ends[index]
                    if ends[index + 1] - start == length and blob[start : start + length] == key:
                        if end == len(word):
                            freqs[index] = freq
                        break
                    position = (position + 1) & mask
            if len(freqs) * 3 > size * 2:
                table._grow()
                slots, size = table._slots, len(table._slots)
                mask = size - 1
        table.total = total
        return table

    def save(self, stream: IO[bytes]) -> None:
        counts = array("q", [len(self._blob), len(self._freqs), len(self._slots), self.total])
        stream.write(_MAGIC)
        counts.tofile(stream)
        stream.write(self._blob)
        for part in (self._ends, self._freqs, self._slots):
            part.tofile(stream)

    @classmethod
    def load(cls, stream: IO[bytes]) -> WordTable:
        """A table written by `save`; ValueError if the file is not one (or is cut short)."""
        if stream.read(len(_MAGIC)) != _MAGIC:
            raise ValueError("not a word table of this version")
        counts = array("q")
        try:
            counts.fromfile(stream, 4)
            blob_size, words, slots, total = counts
            table = cls()
            table._blob = bytearray(stream.read(blob_size))
            if len(table._blob) != blob_size:
                raise EOFError
            table._ends, table._freqs, table._slots = array("I"), array("I"), array("i")
            table._ends.fromfile(stream, words + 1)
            table._freqs.fromfile(stream, words)
            table._slots.fromfile(stream, slots)
        except EOFError as error:
            raise ValueError("the word table file is cut short") from error
        table.total = total
        return table

    def __len__(self) -> int:
        return len(self._freqs)

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._frequency(word) >= 0

    def __getitem__(self, word: str) -> int:
        found = self._frequency(word)
        if found < 0:
            raise KeyError(word)
        return found

    def get(self, word: str, default: int | None = None) -> int | None:
        found = self._frequency(word)
        return default if found < 0 else found

    def __setitem__(self, word: str, freq: int) -> None:
        # jieba.add_word: rare (our synonyms at start-up), so straight into the table.
        self._put(word, freq, replace=True)
        self._front.pop(word, None)

    def __iter__(self) -> Iterator[str]:
        blob, ends = self._blob, self._ends
        for n in range(len(self._freqs)):
            yield blob[ends[n] : ends[n + 1]].decode("utf-8")

    def _frequency(self, word: str) -> int:
        front = self._front
        found = front.get(word)
        if found is None:
            index = self._find(word.encode("utf-8"))
            found = _EMPTY if index < 0 else self._freqs[index]
            if len(front) >= _FRONT_LIMIT:
                front.clear()
            front[word] = found
        return found

    def _find(self, key: bytes) -> int:
        """The word's number, or -1."""
        slots, ends, blob = self._slots, self._ends, self._blob
        mask = len(slots) - 1
        position = crc32(key) & mask
        size = len(key)
        while True:
            index = slots[position]
            if index == _EMPTY:
                return -1
            start = ends[index]
            if ends[index + 1] - start == size and blob[start : start + size] == key:
                return index
            position = (position + 1) & mask

    def _put(self, word: str, freq: int, *, replace: bool) -> None:
        key = word.encode("utf-8")
        index = self._find(key)
        if index >= 0:
            if replace:
                self._freqs[index] = freq
            return
        if (len(self._freqs) + 1) * 3 > len(self._slots) * 2:
            self._grow()
        self._blob += key
        self._ends.append(len(self._blob))
        self._freqs.append(freq)
        self._place(key, len(self._freqs) - 1)

    def _place(self, key: bytes, index: int) -> None:
        slots = self._slots
        mask = len(slots) - 1
        position = crc32(key) & mask
        while slots[position] != _EMPTY:
            position = (position + 1) & mask
        slots[position] = index

    def _grow(self) -> None:
        self._slots = array("i", [_EMPTY]) * (len(self._slots) * 2)
        blob, ends = self._blob, self._ends
        for index in range(len(self._freqs)):
            self._place(bytes(blob[ends[index] : ends[index + 1]]), index)
