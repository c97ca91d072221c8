// Search and name look-ups of people.
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)
