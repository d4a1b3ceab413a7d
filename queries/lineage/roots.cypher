// Question: The top base models: roots of lineage (no base model of their own) ranked by how many models derive from them.
// Param: limit (int) = 20 -- how many roots [default 20]
// Returns: id, descendants, direct, downloads, loaded
// Note: descendants counts every model reachable downwards (any depth); direct counts the immediate derivatives. Ties are ordered by id.
MATCH (r:Model)
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b <> r }
  AND EXISTS { MATCH (r)<-[:BASED_ON]-(c:Model) WHERE c <> r }
MATCH (r)<-[:BASED_ON*]-(d:Model)
WHERE d <> r
WITH r, count(DISTINCT d) AS descendants
RETURN r.id AS id, descendants,
       COUNT { MATCH (r)<-[:BASED_ON]-(c:Model) WHERE c <> r } AS direct,
       r.downloads AS downloads, r.loaded AS loaded
ORDER BY descendants DESC, id
LIMIT $limit
