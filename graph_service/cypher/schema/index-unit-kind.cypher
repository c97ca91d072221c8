// Partnership analyses filter units by kind.
CREATE INDEX unit_kind IF NOT EXISTS FOR (n:Unit) ON (n.kind)
