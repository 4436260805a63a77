"""Reads: every query the API, the admin, the tasks and the cross-checker make.

- documents.py: documents (lookups for ingest, near-duplicates, list and detail pages)
- sources.py: sources
- claims.py: claims (list, detail, export, batches for the cross-check and re-checks)
- candidates.py: what a claim is compared with (one query for a batch), and the claims new
  evidence bears on
- figures.py: the one place stored rows become the cross-check's Figures
- evidence.py: stored evidence and what each row compared the claim with
- timeline.py: every reported value of a figure's series

Callers import the module they need; nothing is re-exported here.
"""
