// Import: create the new nodes of one label, a batch of rows at a time.
UNWIND $rows AS row
CREATE (n:__LABEL__)
SET n = row
