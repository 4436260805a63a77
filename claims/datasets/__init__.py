"""Reference datasets: official figures and event records, imported by version, and the event
counts that check tally claims.

- rows.py: reading the files a row at a time (pure)
- selection.py: which events count toward a claim's figure, from data/event_metrics.toml (pure)
- imports.py: writes — a file becomes one version of a dataset, whole or not at all
- counts.py: reads — the count of matching events in a claim's window, with its query

Callers import the module they need; this package imports nothing, so the pure modules import
without Django set up.
"""
