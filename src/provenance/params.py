"""The tuning defaults of a run, in one place, with where each value came from.

Every module that uses one imports it from here, and so does the report, which says
when a run was made with other values than the command line's.
"""

from __future__ import annotations

# Least score (0-1, higher = stronger) of a link: best mean F1 on corpus/
# (benchmarks/tune_min_score.py).
MIN_SCORE = 0.35
# Least matched wording around the new text a link needs, in words: the middle of the
# plateau of best mean F1 on corpus/ (1.5-2.0, benchmarks/tune_min_score.py).
MIN_EVIDENCE = 1.75
# Least TF-IDF cosine (0-1, 1 = same wording) for a paraphrase; set on corpus/.
SEMANTIC_MIN = 0.45
# Least differential similarity (0-1) of an ask in other words to the final sentence it
# reads most like (provenance.differential): chosen on the team's own corpus/ with
# benchmarks/tune_differential.py, which prints the sweep.
DIFFERENTIAL_MIN = 0.22
# Least cosine for a paraphrase link with an embedding model. Not calibrated on corpus/:
# no model can be fetched on the machines this was built on. Set it for your model.
EMBEDDING_MIN = 0.6
