"""`python -m bench`: generate the data, measure the server, write the report."""

from __future__ import annotations

from bench.run import main

main()
