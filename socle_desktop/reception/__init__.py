"""The receiving side (DESIGN.md §7): the tus reception point (server.py), the register of
received bundles (register.py), their verification in bulk (batch.py), the open-data exports and
the département's figures (opendata.py, chart.py, communique.py, outputs.py). No Qt except the
chart painter."""
