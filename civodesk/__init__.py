"""CivoDesk core: domain, journal, storage and services. Free of Qt, usable on its own."""

__version__ = "0.1.0"
