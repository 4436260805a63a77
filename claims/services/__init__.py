"""Writes: every change to the pipeline's records goes through one of these modules.

- documents.py: a document's way through the pipeline (ingest, extract, cross-check, failures,
  the sweep)
- sources.py: sources
- checking.py: the cross-check's evidence and verdicts, in batches, and re-checks
- datasets.py: reference data (dataset imports, official figures)
- reviews.py: reviewers' decisions

Callers import the module they need; nothing is re-exported here.
"""
