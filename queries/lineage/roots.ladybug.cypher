MATCH (r:Model)
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b.key <> r.key }
  AND EXISTS { MATCH (r)<-[:BASED_ON]-(c:Model) WHERE c.key <> r.key }
MATCH (r)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WHERE d.key <> r.key
WITH r, count(d) AS descendants
OPTIONAL MATCH (r)<-[:BASED_ON]-(c:Model)
WHERE c.key <> r.key
WITH r, descendants, count(DISTINCT c.key) AS direct
RETURN r.id AS id, descendants, direct, r.downloads AS downloads, r.loaded AS loaded
ORDER BY descendants DESC, id
LIMIT $limit
