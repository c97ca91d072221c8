// Every PropertyCompany has a unique id (the importer's MERGE/MATCH key; also indexes id lookups).
CREATE CONSTRAINT property_company_id IF NOT EXISTS FOR (n:PropertyCompany) REQUIRE n.id IS UNIQUE
