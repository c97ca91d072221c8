// title: 演练撤回部门 | Departments a drill recalls
// description: The departments named by id, and every city-level department when asked, with their staff counts.
// mode: read
// param: department_ids list -- ids of the departments to recall
// param: city_level bool = false -- recall every city-level department too
MATCH (d:Department)
WHERE d.id IN $department_ids OR ($city_level AND d.level = 'city')
RETURN d.id AS id, d.name AS name, d.level AS level,
       COUNT { (d)<-[:WORKS_IN]-(:Person) } AS staff
ORDER BY id
