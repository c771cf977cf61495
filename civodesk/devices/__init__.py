"""Devices: this desk's identity (signing key) and the public keys of every device of a meeting."""
