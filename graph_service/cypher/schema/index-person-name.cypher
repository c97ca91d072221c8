// title: 人员姓名索引 | Person name index
// description: Search and name look-ups of people.
// mode: write
CREATE INDEX person_name IF NOT EXISTS FOR (n:Person) ON (n.name)
