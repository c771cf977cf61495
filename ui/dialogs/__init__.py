"""Dialogs. They open with ``open()`` (window-modal, non-blocking) and report by signal."""
