"""The append-only journal: every change to a meeting is an event, hashed into a per-stream chain."""
