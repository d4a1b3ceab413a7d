// Question: Which models sit on a base-model cycle longer than one hop (A based on B based on ... A)?
// Param: limit (int) = 50 -- optional: how many models [default 1000]
// Returns: id, length, loaded
// Note: length is the shortest cycle through the model (2 or more hops; self-references are quality/self-references). Found with a reachability test (a shortest-path search back from each base model), never by enumerating paths, so it terminates on the deep merge chains; only models with both a base model and a derivative (other than themselves) are tested. A cycle is a data error: lineage queries still terminate on one, but depth and roots are then ambiguous. Ordered by id.
MATCH (m:Model)
WHERE EXISTS { MATCH (m)<-[:BASED_ON]-(c:Model) WHERE c <> m }
  AND EXISTS {
    MATCH (m)-[:BASED_ON]->(b:Model)
    WHERE b <> m AND EXISTS { MATCH p = shortestPath((b)-[:BASED_ON*]->(m)) }
  }
MATCH (m)-[:BASED_ON]->(b:Model)
WHERE b <> m
MATCH p = shortestPath((b)-[:BASED_ON*]->(m))
RETURN m.id AS id, min(length(p)) + 1 AS length, m.loaded AS loaded
ORDER BY id
LIMIT $limit
