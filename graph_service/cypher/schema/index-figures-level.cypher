// title: 指标层级索引 | Figures level index
// description: A diff without a scope reads the street figures of one snapshot.
// mode: write
CREATE INDEX figures_level IF NOT EXISTS FOR (n:Figures) ON (n.level, n.snapshot)
