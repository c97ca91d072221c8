// title: 台账统计数据 | Ledger rows for statistics
// description: The fields the ledger's statistics need, for every case in a scope.
// mode: read
// param: street str = null -- only this street's cases
// param: community str = null -- only this community's
// param: grid str = null -- only this grid's
MATCH (c:Case)
WHERE ($street IS NULL OR c.street = $street)
  AND ($community IS NULL OR c.community = $community)
  AND ($grid IS NULL OR c.grid = $grid)
RETURN c.status AS status, c.rule AS rule, c.opened_on AS opened_on, c.closed_on AS closed_on,
       c.deadline AS deadline, c.street AS street, c.community AS community, c.grid AS grid
