MATCH (b:Model)
WHERE NOT coalesce(b.loaded, false)
MATCH (c:Model)-[:BASED_ON]->(b)
WHERE c.key <> b.key
WITH b, count(DISTINCT c.key) AS referenced_by, count(DISTINCT CASE WHEN c.loaded THEN c.key END) AS loaded_referrers
RETURN b.id AS id, referenced_by, loaded_referrers
ORDER BY referenced_by DESC, id
LIMIT $limit
