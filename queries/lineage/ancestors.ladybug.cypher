// LadybugDB: a plain variable-length pattern enumerates walks (exponential on merge
// DAGs, endless on cycles); ALL SHORTEST is a breadth-first search. properties(rels(p), ...)
// because list_transform over rels(p) returned wrong values after WITH (ladybug 0.22).
MATCH (m:Model {key: $model_id})
MATCH p = (m)-[:BASED_ON* ALL SHORTEST 1..512]->(a:Model)
WHERE a.key <> m.key
WITH a, length(p) AS depth, list_to_string('>', properties(rels(p), 'relation')) AS path
WITH a, depth, min(path) AS path
RETURN a.id AS id, depth, list_extract(string_split(path, '>'), -1) AS relation, path, a.loaded AS loaded
ORDER BY depth, id
