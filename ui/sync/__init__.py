"""The desk's automatic synchronisation in the interface: scheduler and status-bar indicator."""
