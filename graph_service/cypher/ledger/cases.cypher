// title: 整改台账 | Ledger cases
// description: Cases filtered by scope, rule, status and owner, newest first, one page with the total.
// mode: read
// param: street str = null -- only this street's cases
// param: community str = null -- only this community's
// param: grid str = null -- only this grid's
// param: rule str = null -- only this rule's
// param: statuses list = null -- only these statuses
// param: owner str = null -- only this owner's (a node key)
// param: limit int -- page size
// param: offset int -- cases to skip
MATCH (c:Case)
WHERE ($street IS NULL OR c.street = $street)
  AND ($community IS NULL OR c.community = $community)
  AND ($grid IS NULL OR c.grid = $grid)
  AND ($rule IS NULL OR c.rule = $rule)
  AND ($statuses IS NULL OR c.status IN $statuses)
  AND ($owner IS NULL OR c.owner = $owner)
WITH c ORDER BY c.id DESC
WITH collect(c) AS found
RETURN size(found) AS total, [c IN found[$offset..($offset + $limit)] | c {.*}] AS cases
