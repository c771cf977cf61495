"""The Compte-rendu page."""
