"""The check-in desk: its tables and event handlers, the rules of the door, and its service.

Each module holds one concept: badge tokens, manual codes, keyboard scans, presence; the service is
split by concern (``badges``, ``admission``, ``proxies``, ``attendance``) and joined in ``service``.
"""
