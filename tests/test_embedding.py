from __future__ import annotations

import numpy as np
import pytest
from click.testing import CliRunner

from provenance import attribute
from provenance.embedding import load_embedder
from provenance.errors import ModelUnavailableError
from provenance_cli import cli

# Pairs of words the tiny model treats as synonyms: same vector.
SYNONYMS = [
    ("rural", "countryside"),
    ("citizens", "residents"),
    ("receive", "get"),
    ("notice", "warning"),
    ("concessions", "leases"),
    ("months", "weeks"),
]
OTHER = ["budget", "publish", "the", "of", "before", "six", "a", "ministry", "trees", "plant"]


@pytest.fixture
def tiny_model(tmp_path):
    """A model2vec model built here and saved like a real one; nothing is downloaded."""
    model2vec = pytest.importorskip("model2vec")
    tokenizers = pytest.importorskip("tokenizers")
    words = [w for pair in SYNONYMS for w in pair] + OTHER
    vocab = {"[UNK]": 0, "[PAD]": 1, **{w: i + 2 for i, w in enumerate(words)}}
    tok = tokenizers.Tokenizer(tokenizers.models.WordLevel(vocab, unk_token="[UNK]"))
    tok.normalizer = tokenizers.normalizers.Lowercase()
    tok.pre_tokenizer = tokenizers.pre_tokenizers.Whitespace()
    dims = len(SYNONYMS) + len(OTHER)
    vectors = np.zeros((len(vocab), dims), dtype=np.float32)
    for d, (a, b) in enumerate(SYNONYMS):
        vectors[vocab[a], d] = vectors[vocab[b], d] = 1.0
    for d, w in enumerate(OTHER, start=len(SYNONYMS)):
        vectors[vocab[w], d] = 1.0
    folder = tmp_path / "tiny-model"
    model2vec.StaticModel(vectors=vectors, tokenizer=tok, normalize=True).save_pretrained(folder)
    return folder


DRAFT = "1. The ministry will publish the budget.\n"
FINAL = DRAFT + "2. Rural citizens receive notice of concessions six months before.\n"
SUBS = {
    "farmers": "Countryside residents should get warning of leases six weeks before.",
    "gardeners": "Please plant trees.",
}


def test_a_missing_model_folder_fails_fast_and_says_nothing_is_downloaded(tmp_path):
    with pytest.raises(ModelUnavailableError) as e:
        load_embedder(tmp_path / "nowhere")
    assert "never downloaded" in str(e.value) and "\n" not in str(e.value)


def test_missing_extra_says_how_to_install(tiny_model, monkeypatch):
    monkeypatch.setitem(__import__("sys").modules, "model2vec", None)
    with pytest.raises(ModelUnavailableError, match=r"pip install model2vec$"):
        load_embedder(tiny_model)


def test_embedder_finds_a_paraphrase_no_shared_word_reveals(tiny_model):
    plain = attribute(DRAFT, FINAL, SUBS)
    assert plain.links == ()
    result = attribute(DRAFT, FINAL, SUBS, embedder=tiny_model)
    assert [(l.submission_id, l.method) for l in result.links] == [("farmers", "semantic")]
    assert result.params["embedder"] == str(tiny_model)
    link = result.links[0]
    assert (
        result.submissions[0].text[link.submission.start : link.submission.end]
        == link.submission.text
    )


def test_cli_embedder_option(tiny_model, tmp_path):
    for name, text in (("d.txt", DRAFT), ("f.txt", FINAL)):
        (tmp_path / name).write_text(text)
    subs = tmp_path / "subs"
    subs.mkdir()
    for key, text in SUBS.items():
        (subs / f"{key}.txt").write_text(text)
    args = [
        "attribute",
        str(tmp_path / "d.txt"),
        str(tmp_path / "f.txt"),
        str(subs),
        "--no-db",
        "--format",
        "csv",
    ]
    ok = CliRunner().invoke(cli, [*args, "--embedder", str(tiny_model)], catch_exceptions=False)
    assert ok.exit_code == 0 and "farmers" in ok.stdout
    bad = CliRunner().invoke(cli, [*args, "--embedder", str(tmp_path / "nope")])
    assert (
        bad.exit_code == 1
        and "never downloaded" in bad.stderr
        and len(bad.stderr.strip().splitlines()) == 1
    )
