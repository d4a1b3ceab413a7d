// Question: Which license strings did not normalize to a license ptmkg knows, what did they say, and how many models, repositories and datasets declare them?
// Param: limit (int) = 50 -- optional: how many licenses [default 1000]
// Returns: license, raw, models, repositories, datasets
// Note: one row per License node with known = false, named by its key: `unknown:<string>` for strings that did not normalize, `unknown` for "no license information", `other`, and license-knowledge entries whose terms are unknown. raw lists the distinct strings as declared on the LICENSED_UNDER edges (sorted; empty when nothing uses the node). Ordered by models + repositories + datasets (most first), then license.
MATCH (l:License)
WHERE l.known = false
OPTIONAL MATCH (x)-[r:LICENSED_UNDER]->(l)
WITH l, r.raw AS raw, x
ORDER BY raw
WITH l, collect(DISTINCT raw) AS raw,
     count(DISTINCT CASE WHEN x:Model THEN x END) AS models,
     count(DISTINCT CASE WHEN x:Repository THEN x END) AS repositories,
     count(DISTINCT CASE WHEN x:Dataset THEN x END) AS datasets
RETURN l.key AS license, raw, models, repositories, datasets
ORDER BY models + repositories + datasets DESC, license
LIMIT $limit
