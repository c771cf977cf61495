"""The Réunion page: the meeting list, the meeting dialog and the agenda."""
