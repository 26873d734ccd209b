"""The benchmark (issue 7): `make bench`, i.e. `.venv/bin/python -m bench`; see bench/__main__.py."""
