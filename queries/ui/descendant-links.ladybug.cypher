// LadybugDB: SHORTEST gives one shortest path per descendant (a breadth-first search).
MATCH (m:Model {key: $model_id})
MATCH p = (m)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WHERE d.key <> m.key
WITH d, length(p) AS depth
OPTIONAL MATCH (d)-[:LICENSED_UNDER]->(l:License)
WITH d, depth, min(l.family) AS family
MATCH (d)-[e:BASED_ON]->(b:Model)
WHERE b.key <> d.key
RETURN d.id AS id, depth, d.downloads AS downloads, family, d.loaded AS loaded, b.id AS base, e.relation AS relation
ORDER BY depth, id, base
