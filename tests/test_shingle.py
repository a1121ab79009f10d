from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from provenance.shingle import token_keys, tokenize


@given(st.text(alphabet=st.characters(max_codepoint=0x7F)))
def test_token_keys_of_ascii_text_are_those_of_tokenize(text):
    # token_keys takes a faster regular expression for ASCII text.
    assert tuple(token_keys(text)) == tokenize(text, "en").keys


@given(st.text())
def test_token_keys_are_those_of_tokenize(text):
    assert tuple(token_keys(text)) == tokenize(text, "en").keys
