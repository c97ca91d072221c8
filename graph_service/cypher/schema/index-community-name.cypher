// title: 社区名称索引 | Community name index
// description: Look-ups of communities by their Chinese name.
// mode: write
CREATE INDEX community_name IF NOT EXISTS FOR (n:Community) ON (n.name)
