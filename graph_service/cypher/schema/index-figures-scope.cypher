// title: 指标范围索引 | Figures scope index
// description: A trend reads one scope's figures across snapshots.
// mode: write
CREATE INDEX figures_scope IF NOT EXISTS FOR (n:Figures) ON (n.scope, n.snapshot)
