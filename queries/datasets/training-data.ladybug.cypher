// LadybugDB: shortest paths need a lower bound of 1, so the model itself (depth 0) is
// appended to the ancestors found by the breadth-first SHORTEST search; a self-reference
// (the model reached from itself in one hop) is dropped there.
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH p = (m)-[:BASED_ON* SHORTEST 1..512]->(u:Model)
WITH m, collect({k: u.key, depth: length(p)}) AS ups
UNWIND list_append(ups, {k: m.key, depth: 0}) AS x
WITH m, x WHERE x.k IS NOT NULL AND (x.k <> m.key OR x.depth = 0)
MATCH (a:Model {key: x.k})-[t:TRAINED_ON]->(d:Dataset)
RETURN d.id AS dataset, x.depth AS depth, a.id AS through, t.source AS source
ORDER BY depth, dataset, through
