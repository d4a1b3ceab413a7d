// LadybugDB: SHORTEST is a breadth-first search, one path per end node. The cheap
// prefilter (a derivative other than itself) runs first.
MATCH (m:Model)
WHERE EXISTS { MATCH (m)<-[:BASED_ON]-(c:Model) WHERE c.key <> m.key }
  AND EXISTS {
    MATCH (m)-[:BASED_ON]->(b:Model)-[:BASED_ON* SHORTEST 1..512]->(m2:Model)
    WHERE b.key <> m.key AND m2.key = m.key
  }
MATCH (m)-[:BASED_ON]->(b:Model)
WHERE b.key <> m.key
MATCH p = (b)-[:BASED_ON* SHORTEST 1..512]->(m)
RETURN m.id AS id, min(length(p)) + 1 AS length, m.loaded AS loaded
ORDER BY id
LIMIT $limit
