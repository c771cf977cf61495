"""Benchmarks: plain scripts printing figures (``python -m bench`` runs them all).

Each public module (``bench/<name>.py``) is a benchmark runnable alone as ``python -m bench.<name>``;
modules whose name starts with ``_`` are helpers. Figures are recorded in ``docs/performance.md``.
Tests never assert timings; these scripts only measure and report against the targets.
"""
