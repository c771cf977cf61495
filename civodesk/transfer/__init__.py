"""Moving a meeting between desks without a network: signed meeting packages (``.civo`` files)."""
