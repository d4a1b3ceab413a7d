"""Loaders: one module per source, each separating fetching from mapping.

Every module named in SOURCES exposes `command`, its `ptmkg ingest` subcommand (built
with `ptmkg.loaders.command.ingest_command`); a third-party source would do the same.
"""

SOURCES = ["edge_list", "licenses", "hf_snapshot", "github_usage", "hf_api", "peatmoss", "ptmtorrent"]
