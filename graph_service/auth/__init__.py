"""Who may see what: accounts, sign-in, roles and their permissions.

The service's own state (accounts, sessions, API tokens) lives in SQLite files under
`STATE_DIR`, never in the graph: it appears in no roster, export or analysis, survives restarts
and is backed up with that folder.
"""
