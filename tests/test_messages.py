"""The table and the redline speak English and Korean from one message table."""

from __future__ import annotations

import re
import string

import pytest

from provenance.ledger import LABELS
from provenance.messages import MESSAGES, message, message_lang


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_every_key_exists_in_both_languages():
    assert set(MESSAGES) == {"en", "ko"}
    assert set(MESSAGES["en"]) == set(MESSAGES["ko"])


@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_korean_fills_in_only_fields_english_has(key):
    # Korean may leave one out (no plural "s"), never need one the callers do not give.
    assert _fields(MESSAGES["ko"][key]) <= _fields(MESSAGES["en"][key])
    assert all(MESSAGES[lang][key].strip() for lang in MESSAGES)


def test_the_table_says_what_the_ledger_says():
    ko = LABELS["ko"]
    assert message("ko", "table.adopted") == ko["adopted"] == "반영"
    assert message("ko", "table.submission") == ko["submission"]
    assert message("ko", "draft") == ko["draft"]
    assert message("ko", "final") == ko["final_document"]
    assert message("ko", "table.final", final="x") == f"  {ko['final']}: “x”"
    assert message("ko", "table.digest", digest="d") == f"{ko['digest']} d"
    assert message("ko", "diff.inputs") == ko["inputs"]
    assert message("ko", "diff.role") == ko["role"]
    assert message("ko", "diff.path") == ko["path"]


def test_other_languages_read_in_english():
    assert message_lang("fr") == message_lang("auto") == message_lang(None) == "en"
    assert message("fr", "moved") == message("en", "moved") == "moved"
    assert message("ko", "moved") == "이동"


def test_fields_are_filled_in():
    assert message("en", "table.more", n=1850) == (
        "… and 1,850 more, none adopted: --format json lists every one"
    )
    assert message("ko", "table.same_evidence", n=1200) == "    ← 같은 근거의 의견서 1,200건 더"


@pytest.mark.issue(17)
@pytest.mark.parametrize("lang", sorted(MESSAGES))
def test_every_confidence_and_method_has_its_words(lang):
    from typing import get_args

    from provenance.messages import term
    from provenance.model import Confidence, Method

    for kind, values in (("confidence", get_args(Confidence)), ("method", get_args(Method))):
        for value in values:
            assert f"{kind}.{value}" in MESSAGES[lang]
            assert term(lang, kind, value) == MESSAGES[lang][f"{kind}.{value}"]
    assert term("en", "method", "fuzzy") == "fuzzy"  # English shows the JSON's own word


def _tags(text: str) -> list[str]:
    return sorted(re.findall(r"</?[a-z]+[^>]*>", text))


@pytest.mark.issue(17)
@pytest.mark.parametrize("key", sorted(MESSAGES["en"]))
def test_only_html_keys_hold_markup_and_both_languages_hold_the_same(key):
    # A page fills messages in as markup of ours (report.say): only an _html key may
    # hold an element or an entity, and its Korean has the English's elements.
    for lang in MESSAGES:
        if not key.endswith("_html"):
            assert not re.search(r"[<>&]", MESSAGES[lang][key]), (lang, key)
    if key.endswith("_html"):
        assert _tags(MESSAGES["ko"][key]) == _tags(MESSAGES["en"][key]) != []


@pytest.mark.issue(17)
def test_the_report_says_what_the_ledger_and_table_say():
    ko = LABELS["ko"]
    assert message("ko", "report.outcome") == ko["outcome"]
    assert message("ko", "report.where") == ko["where"]
    assert message("ko", "report.run") == ko["run"]
    assert message("ko", "report.digest") == ko["digest"]
    assert message("ko", "report.id") == ko["id"]
    assert message("ko", "report.adopted") == message("ko", "table.adopted") == ko["adopted"]
    assert message("ko", "report.contributor") == ko["submission"]
