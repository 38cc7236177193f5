"""Providers: one Protocol per capability (base.py), cloud services, and the offline defaults."""
