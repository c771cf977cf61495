"""The desk side of sync: enrollment, push and pull with retries, and the desk's sync state.

No Qt here: the UI runs ``SyncClient.sync_once`` on a worker thread, the command line runs it
directly. ``sync.server`` is never imported (they meet only through ``sync.protocol``).
"""
