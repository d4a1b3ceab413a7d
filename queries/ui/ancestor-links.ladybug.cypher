// LadybugDB: SHORTEST gives one shortest path per ancestor (a breadth-first search).
MATCH (m:Model {key: $model_id})
MATCH p = (m)-[:BASED_ON* SHORTEST 1..512]->(a:Model)
WHERE a.key <> m.key
WITH a, length(p) AS depth
OPTIONAL MATCH (a)-[:LICENSED_UNDER]->(l:License)
WITH a, depth, min(l.family) AS family
OPTIONAL MATCH (a)-[e:BASED_ON]->(b:Model)
WHERE b.key <> a.key
RETURN a.id AS id, depth, a.downloads AS downloads, family, a.loaded AS loaded, b.id AS base, e.relation AS relation
ORDER BY depth, id, base
