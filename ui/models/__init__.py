"""Qt item models adapting service results (plain dataclasses) to views."""
