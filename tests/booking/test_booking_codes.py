"""Booking codes: typed by a clerk, so only unambiguous letters, and every one of them in use."""

from collections import Counter

from workflows.booking.records import CODE_ALPHABET, new_code


def test_the_alphabet_has_32_distinct_letters_without_look_alikes() -> None:
    # new_code picks a letter by a byte's low five bits: any other size would skew the choice.
    assert len(CODE_ALPHABET) == len(set(CODE_ALPHABET)) == 32
    assert not set("0O1I") & set(CODE_ALPHABET)


def test_codes_are_eight_letters_of_the_alphabet_and_use_all_of_them() -> None:
    letters = Counter("".join(new_code() for _ in range(2000)))
    assert set(letters) == set(CODE_ALPHABET)
    assert all(len(code) == 8 for code in (new_code() for _ in range(100)))
