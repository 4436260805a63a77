"""Reference datasets: official figures and event records, imported by version, and the event
counts that check tally claims.

- rows.py: reading the files a row at a time (pure)
- selection.py: which events count toward a claim's figure, from data/event_metrics.toml (pure)
- imports.py: writes — a file becomes one version of a dataset, whole or not at all
- counts.py: reads — the count of matching events in a claim's window, with its query

The services are loaded on first use, so the pure modules import without Django set up.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "EventCount": "counts",
    "datasets_current": "counts",
    "event_figures_for": "counts",
    "reference_figures_current": "counts",
    "DatasetImport": "imports",
    "dataset_import_events": "imports",
    "dataset_import_figures": "imports",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'claims.datasets' has no attribute {name!r}")
    return getattr(importlib.import_module(f"claims.datasets.{module}"), name)
