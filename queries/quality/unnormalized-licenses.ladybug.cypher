// LadybugDB: label(x) instead of a label predicate on an unlabelled node; list_sort for the
// raw strings (WITH ... ORDER BY needs a LIMIT here).
MATCH (l:License)
WHERE l.known = false
OPTIONAL MATCH (x)-[r:LICENSED_UNDER]->(l)
WITH l, r.raw AS raw, label(x) AS kind, x.key AS xk
WITH l, list_sort(collect(DISTINCT raw)) AS raw,
     count(DISTINCT CASE WHEN kind = 'Model' THEN xk END) AS models,
     count(DISTINCT CASE WHEN kind = 'Repository' THEN xk END) AS repositories,
     count(DISTINCT CASE WHEN kind = 'Dataset' THEN xk END) AS datasets
RETURN l.key AS license, raw, models, repositories, datasets
ORDER BY models + repositories + datasets DESC, license
LIMIT $limit
