"""The public pages of the sources app, one module per kind of record."""
