MATCH (m:Model {key: $model_id})
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512]->(u:Model)
WITH m, collect(u.key) AS ups
UNWIND list_append(ups, m.key) AS rk
MATCH (r:Model {key: rk})
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b.key <> r.key }
WITH DISTINCT r.key AS root_key
MATCH (r:Model {key: root_key})
MATCH (r)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WHERE d.key <> r.key
MATCH (d)-[e:BASED_ON]->(:Model)
RETURN r.id AS root, e.relation AS relation, count(e) AS edges, count(DISTINCT d.key) AS models
ORDER BY root, edges DESC, relation
