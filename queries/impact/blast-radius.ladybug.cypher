// LadybugDB: no CALL subqueries and no ORDER BY over a UNION, so both kinds of rows are
// built as lists of structs and unwound together; descendants come from the breadth-first
// SHORTEST search (run twice: once for the repositories, once for the model rows), and the
// model itself is appended at depth 0 for the repositories that use it directly. The
// repository's model is chosen by successive aggregates (most downloads, nearest, smallest id).
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH p = (m)<-[:BASED_ON* SHORTEST 1..512]-(u:Model)
WITH m, collect({k: u.key, depth: length(p)}) AS downs
UNWIND list_append(downs, {k: m.key, depth: 0}) AS x
WITH m, x WHERE x.k IS NOT NULL AND (x.k <> m.key OR x.depth = 0)
MATCH (r:Repository)-[:USES]->(d:Model {key: x.k})
WITH r.key AS rk, r.id AS rid, d.id AS did, d.downloads AS dl, coalesce(d.downloads, -1) AS rank, x.depth AS depth
WITH rk, rid, max(rank) AS top, collect({did: did, dl: dl, rank: rank, depth: depth}) AS used
UNWIND used AS y
WITH rk, rid, top, y WHERE y.rank = top
WITH rk, rid, top, min(y.depth) AS near, collect(y) AS used
UNWIND used AS y
WITH rk, rid, top, near, y WHERE y.depth = near
WITH rk, rid, top, near, min(y.did) AS via
WITH collect({kind: 'repository', id: rid, depth: near, via: via, downloads: CASE WHEN top < 0 THEN NULL ELSE top END, k: rk}) AS repos
MATCH (m:Model {key: $model_id})
OPTIONAL MATCH p = (m)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WITH repos, m, collect({kind: 'model', id: d.id, depth: length(p), via: CAST(NULL AS STRING), downloads: d.downloads, k: d.key}) AS models
UNWIND list_concat(models, repos) AS row
WITH m, row WHERE row.id IS NOT NULL AND (row.kind = 'repository' OR row.k <> m.key)
RETURN row.kind AS kind, row.id AS id, row.depth AS depth, row.via AS via, row.downloads AS downloads
ORDER BY coalesce(downloads, -1) DESC, kind, id
LIMIT $limit
