// title: 需求流转 | Demand flow
// description: Demands by status, assessing module and dispatched department, with days to resolve.
// mode: read
// param: community_id str = null -- only demands this community raised (null: all)
// A demand dispatched to two departments counts under each; one never dispatched has an empty
// department. Days to resolve run from raised_on to resolved_on, over resolved demands only.
// The median is a day count some demand took (percentileDisc): with an even number of demands,
// the lower of the two middle values (1, 2, 4, 10 days: 2), never their mean.
MATCH (demand:Demand)
WHERE $community_id IS NULL OR EXISTS { (:Community {id: $community_id})-[:RAISED]->(demand) }
OPTIONAL MATCH (demand)-[:ASSESSED_BY]->(m:Module)
OPTIONAL MATCH (demand)-[:DISPATCHED_TO]->(d:Department)
WITH demand, m, d,
     CASE WHEN demand.resolved_on IS NOT NULL AND demand.raised_on IS NOT NULL
          THEN duration.inDays(demand.raised_on, demand.resolved_on).days END AS days
RETURN demand.status AS status,
       m.id AS module_id, m.name AS module,
       d.id AS department_id, d.name AS department,
       count(DISTINCT demand) AS demands,
       round(avg(days), 1) AS mean_days_to_resolve,
       percentileDisc(days, 0.5) AS median_days_to_resolve,
       max(days) AS max_days_to_resolve
ORDER BY CASE status WHEN 'open' THEN 0 WHEN 'dispatched' THEN 1 ELSE 2 END,
         module_id, department_id
