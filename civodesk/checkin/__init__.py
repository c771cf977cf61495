"""The check-in desk without Qt: badge tokens, manual codes, scans, attendance, CSV import.

Each module holds one concept; ``civodesk.checkin.service`` ties them to the journal and tables.
"""
