// title: 派生：人员角色标签 | Derived: person role labels
// description: Set each person's role labels where the relationship exists and remove them where it does not.
// mode: write
// Role labels follow from a person's relationships (docs/data-model.md, "People"): set them where
// the relationship exists, remove them where it no longer does. Run after every import that changes.
MATCH (p:Person)
WITH p,
     EXISTS { (p)-[:LIAISES_WITH]->(:Stairwell) } AS liaison,
     EXISTS { (p)-[:LEADS_GRID]->(:Grid) } AS grid_leader,
     EXISTS { (p)-[:WORKS_IN]->(:Department) } AS cadre,
     EXISTS { (p)-[:VOLUNTEERS_IN]->(:VolunteerTeam) } AS volunteer
FOREACH (_ IN CASE WHEN liaison THEN [1] ELSE [] END | SET p:Liaison)
FOREACH (_ IN CASE WHEN liaison THEN [] ELSE [1] END | REMOVE p:Liaison)
FOREACH (_ IN CASE WHEN grid_leader THEN [1] ELSE [] END | SET p:GridLeader)
FOREACH (_ IN CASE WHEN grid_leader THEN [] ELSE [1] END | REMOVE p:GridLeader)
FOREACH (_ IN CASE WHEN cadre THEN [1] ELSE [] END | SET p:Cadre)
FOREACH (_ IN CASE WHEN cadre THEN [] ELSE [1] END | REMOVE p:Cadre)
FOREACH (_ IN CASE WHEN volunteer THEN [1] ELSE [] END | SET p:Volunteer)
FOREACH (_ IN CASE WHEN volunteer THEN [] ELSE [1] END | REMOVE p:Volunteer)
