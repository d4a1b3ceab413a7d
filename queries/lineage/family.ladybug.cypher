MATCH (m:Model {key: $model_id})
OPTIONAL MATCH (m)-[:BASED_ON* SHORTEST 1..512]->(u:Model)
WITH m, collect(u.key) AS ups
UNWIND list_append(ups, m.key) AS rk
MATCH (r:Model {key: rk})
WHERE NOT EXISTS { MATCH (r)-[:BASED_ON]->(b:Model) WHERE b.key <> r.key }
WITH DISTINCT r.key AS root_key
MATCH (r:Model {key: root_key})
OPTIONAL MATCH p = (r)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WITH r, collect({id: d.id, depth: length(p), loaded: d.loaded}) AS found
UNWIND list_append(found, {id: r.id, depth: 0, loaded: r.loaded}) AS mem
WITH r, mem WHERE mem.id IS NOT NULL AND (mem.id <> r.id OR mem.depth = 0)
RETURN r.id AS root, mem.id AS id, mem.depth AS depth, mem.loaded AS loaded
ORDER BY root, depth, id
