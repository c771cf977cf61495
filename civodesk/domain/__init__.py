"""Domain values and rules, as plain frozen dataclasses shared by services, UI and sync."""
