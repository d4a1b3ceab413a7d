// LadybugDB: paths cannot be carried through ORDER BY ... LIMIT, so the lists are taken
// first; lists are 1-based, and CASE evaluates both branches (hence the clamped index).
MATCH (a:Model {key: $from_id}), (b:Model {key: $to_id})
WHERE a.key <> b.key
MATCH p = (a)-[:BASED_ON* ALL SHORTEST 1..512]-(b)
WITH properties(nodes(p), 'id') AS ids, properties(nodes(p), '_id') AS nids, properties(rels(p), '_src') AS srcs,
     properties(rels(p), 'relation') AS rl, list_to_string('|', properties(nodes(p), 'key')) AS sig
ORDER BY sig
LIMIT 1
UNWIND range(1, size(ids)) AS i
WITH ids, nids, srcs, rl, i, CASE WHEN i = 1 THEN 1 ELSE i - 1 END AS h
RETURN i - 1 AS step, list_extract(ids, i) AS id,
       CASE WHEN i = 1 THEN NULL ELSE list_extract(rl, h) END AS relation,
       CASE WHEN i = 1 THEN NULL WHEN list_extract(srcs, h) = list_extract(nids, i) THEN 'derivative' ELSE 'base' END AS direction
ORDER BY step
