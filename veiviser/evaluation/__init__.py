"""Measuring retrieval and answers on question sets with gold evidence (`veiviser eval`).

dataset    -- question files (our JSONL format, NorQuAD) as EvalQuestion
relevance  -- when a chunk counts as containing a piece of evidence
metrics    -- ranking metrics (ranx), abstention, citation validity, evidence in answers
runner     -- build or reuse the index, run search and the answerer, collect results
report     -- Markdown and JSON renderings, breakdowns, threshold checks
calibration -- sweeps that set the abstention and support thresholds on a dev set
norquad_answers -- NorQuAD --answers / --abstention: gold answer in a quote, the threshold trade-off
plot       -- the trade-off curve as a PNG (matplotlib, Agg)
"""
