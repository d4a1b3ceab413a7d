// LadybugDB: descendants by the breadth-first SHORTEST search from each trained model,
// which itself is appended at depth 0 (shortest paths start at one hop).
MATCH (ds:Dataset {key: $dataset_id})<-[:TRAINED_ON]-(t:Model)
OPTIONAL MATCH p = (t)<-[:BASED_ON* SHORTEST 1..512]-(u:Model)
WITH t, collect({k: u.key, depth: length(p)}) AS downs
UNWIND list_append(downs, {k: t.key, depth: 0}) AS x
WITH t, x WHERE x.k IS NOT NULL AND (x.k <> t.key OR x.depth = 0)
WITH x.k AS k, min(x.depth) AS best, collect({via: t.id, depth: x.depth}) AS found
UNWIND found AS y
WITH k, best, y WHERE y.depth = best
WITH k, best, min(y.via) AS via
MATCH (d:Model {key: k})
RETURN d.id AS model, best AS depth, via, d.downloads AS downloads
ORDER BY depth, coalesce(downloads, -1) DESC, model
