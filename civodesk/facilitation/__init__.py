"""Running the agenda live: start, pause, next item, timers, notes, questions, decisions."""
