"""Publishing: the SQLite database, its exports and the Datasette site."""
