"""Open-data export of a meeting: JSON, or CSV with one file per table (docs/open-data.md)."""
