"""Printable documents (PDF): badges and invitations, minutes. Heavy libraries imported where used."""
