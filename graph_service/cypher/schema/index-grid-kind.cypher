// Residential vs dedicated grids (45 vs 60) are filtered often.
CREATE INDEX grid_kind IF NOT EXISTS FOR (n:Grid) ON (n.kind)
