"""The minutes of a meeting (compte-rendu or procès-verbal) and its open-data export.

``record`` reads what the journal's projections hold into plain data, ``sections`` turns each
kind of content into flowables, ``document`` assembles the two kinds of document, and
``service`` is the one use case the desk, the command line and the server call.
"""
