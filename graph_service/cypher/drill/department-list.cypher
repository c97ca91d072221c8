// title: 可撤回部门 | Departments a drill can recall
// description: Every department with its level and staff count, city-level first.
// mode: read
MATCH (d:Department)
RETURN d.id AS id, 'Department:' + d.id AS key, d.name AS name, d.level AS level,
       COUNT { (d)<-[:WORKS_IN]-(:Person) } AS staff
ORDER BY level, id
