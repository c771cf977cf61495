"""The ``civodesk`` command line. Every command is non-interactive and documented by --help."""
