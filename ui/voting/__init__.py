"""The Votes page."""
