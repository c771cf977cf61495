"""Sync between desks and the central server: the wire protocol, the desk client, the server."""
