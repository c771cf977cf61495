"""Meetings: the meeting and its agenda: tables, event handlers, rules and service."""
