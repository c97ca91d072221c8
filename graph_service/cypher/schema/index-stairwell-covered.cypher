// Uncovered stairwells are looked up by the derived flag (graph_service/derived.py): an index
// seek on the few `false` instead of a check of every stairwell's liaisons.
CREATE INDEX stairwell_covered IF NOT EXISTS FOR (n:Stairwell) ON (n.covered)
