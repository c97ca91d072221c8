// title: 网格类型索引 | Grid kind index
// description: Residential vs dedicated grids (45 vs 60) are filtered often.
// mode: write
CREATE INDEX grid_kind IF NOT EXISTS FOR (n:Grid) ON (n.kind)
