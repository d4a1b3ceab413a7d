// Question: Which base models are referenced by other models but were never loaded themselves (no record of their own in any source)?
// Param: limit (int) = 50 -- optional: how many models [default 1000]
// Returns: id, referenced_by, loaded_referrers
// Note: referenced_by counts the distinct models that name it as a base model, loaded_referrers those of them whose own record was loaded. A dangling base model has no license, datasets or base models of its own in the graph, so lineage and license answers stop there; loading it (ptmkg ingest hf-api --model ID) fills the gap. Ordered by referenced_by (most first), then id.
MATCH (b:Model)
WHERE NOT coalesce(b.loaded, false)
MATCH (c:Model)-[:BASED_ON]->(b)
WHERE c <> b
WITH b, count(DISTINCT c) AS referenced_by, count(DISTINCT CASE WHEN c.loaded THEN c END) AS loaded_referrers
RETURN b.id AS id, referenced_by, loaded_referrers
ORDER BY referenced_by DESC, id
LIMIT $limit
