"""The PySide6 desktop interface: the only package that imports Qt."""

from ui.signal_refcount_guard import guard_signal_refcount

guard_signal_refcount()
