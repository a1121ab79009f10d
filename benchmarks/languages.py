"""How long does the sentence splitter take to build, per language? spaCy's own pipeline
beside the one ``provenance`` uses, each in a fresh process (as a command-line run is).

For most languages ``provenance`` builds spaCy's own blank pipeline. For a few, spaCy
builds tens of thousands of tokenizer exceptions first, which takes seconds on every run;
there ``provenance`` builds the multilingual pipeline with its own abbreviation list
(``provenance/abbreviations.py``). This prints both build times and their ratio, so the
choice can be checked again on another machine or spaCy version.

    python benchmarks/languages.py [--langs en,fr,id,nl,...] [--repeat 3]
"""

from __future__ import annotations

import argparse
import subprocess
import sys

LANGS = "en,es,pt,fr,de,it,nl,id,ru,ar,tr,ko,zh"

# Time in a fresh interpreter: importing spaCy first, so that only the build is timed.
_SPACY = """
import time, spacy
start = time.perf_counter()
nlp = spacy.blank({lang!r}, config={config})
nlp.add_pipe("sentencizer")
list(nlp.pipe(["One. Two."]))
print(time.perf_counter() - start)
"""
_OURS = """
import time, spacy
from provenance.segment import sentence_pipeline
start = time.perf_counter()
list(sentence_pipeline({lang!r}).pipe(["One. Two."]))
print(time.perf_counter() - start)
"""
# Plain blank("ko") needs mecab, which is not installed: the rule-based tokenizer, as ours.
_KO_CONFIG = {"nlp": {"tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"}}}


def _seconds(code: str, repeat: int) -> float | None:
    """Least time over ``repeat`` fresh processes; None if the build fails."""
    times = []
    for _ in range(repeat):
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
        if done.returncode != 0:
            return None
        times.append(float(done.stdout.strip()))
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--langs", default=LANGS, help=f"comma-separated (default: {LANGS})")
    parser.add_argument("--repeat", type=int, default=3, help="fresh processes per figure")
    args = parser.parse_args()
    print("| lang | spaCy's own blank(lang) s | provenance's pipeline s | own / ours |")
    print("|---|---:|---:|---:|")
    for lang in args.langs.split(","):
        config = _KO_CONFIG if lang == "ko" else {}
        own = _seconds(_SPACY.format(lang=lang, config=config), args.repeat)
        ours = _seconds(_OURS.format(lang=lang), args.repeat)
        ratio = f"{own / ours:.1f}" if own and ours else "-"
        print(f"| {lang} | {_shown(own)} | {_shown(ours)} | {ratio} |")


def _shown(seconds: float | None) -> str:
    return "fails" if seconds is None else f"{seconds:.2f}"


if __name__ == "__main__":
    main()
