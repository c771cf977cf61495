"""Participants: the registration list, its CSV import, tables, event handlers, rules and service."""
