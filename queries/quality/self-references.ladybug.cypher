MATCH (m:Model)-[r:BASED_ON]->(m2:Model)
WHERE m2.key = m.key
OPTIONAL MATCH (m)-[:BASED_ON]->(b:Model)
WHERE b.key <> m.key
WITH m, r, count(b.key) AS other_bases
RETURN m.id AS id, r.relation AS relation, r.source AS source, m.loaded AS loaded, other_bases
ORDER BY id
LIMIT $limit
