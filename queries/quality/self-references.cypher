// Question: Which models name themselves as their own base model?
// Param: limit (int) = 50 -- optional: how many models [default 1000]
// Returns: id, relation, source, loaded, other_bases
// Note: the loaders keep a self-reference because it is what the source says; lineage queries skip it. source lists where the self-reference was seen; other_bases counts the model's real base models (other than itself). Ordered by id.
MATCH (m:Model)-[r:BASED_ON]->(m)
RETURN m.id AS id, r.relation AS relation, r.source AS source, m.loaded AS loaded,
       COUNT { MATCH (m)-[:BASED_ON]->(b:Model) WHERE b <> m } AS other_bases
ORDER BY id
LIMIT $limit
