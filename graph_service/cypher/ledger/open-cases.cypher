// title: 未结案件 | Open cases
// description: Every case not yet closed (新发现, 整改中 or 已忽略), with its key and owner.
// mode: read
MATCH (c:Case)
WHERE c.status IN ['new', 'in_progress', 'ignored']
RETURN c {.id, .rule, .entity, .owner, .owner_role, .owner_by} AS item
