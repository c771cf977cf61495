"""The meeting workspace: one page per stage of a meeting, and what the pages share."""
