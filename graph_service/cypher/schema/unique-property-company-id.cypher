// title: 物业公司编号唯一 | Unique PropertyCompany id
// description: Every PropertyCompany has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
// mode: write
CREATE CONSTRAINT property_company_id IF NOT EXISTS FOR (n:PropertyCompany) REQUIRE n.id IS UNIQUE
