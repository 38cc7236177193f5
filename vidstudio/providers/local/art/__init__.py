"""The illustration library: vendored colour drawings behind one lookup (see ``library``)."""
