// title: 楼道已联系索引 | Stairwell covered index
// description: Uncovered stairwells are looked up by the derived flag: an index seek on the few `false`.
// mode: write
// The flag is derived state (graph_service/db/derived.py); without the index, finding the
// uncovered stairwells would check every stairwell's liaisons.
CREATE INDEX stairwell_covered IF NOT EXISTS FOR (n:Stairwell) ON (n.covered)
