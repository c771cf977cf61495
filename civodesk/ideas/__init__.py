"""Ideas captured during a meeting: tables, event handlers, rules and service."""
