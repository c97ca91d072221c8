// Look-ups of communities by their Chinese name.
CREATE INDEX community_name IF NOT EXISTS FOR (n:Community) ON (n.name)
