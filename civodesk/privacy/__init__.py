"""Personal data (RGPD): the purge of a meeting's names and contacts, and a person's export."""
