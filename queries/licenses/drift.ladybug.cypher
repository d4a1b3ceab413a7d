// LadybugDB: SHORTEST gives one shortest path per ancestor (a breadth-first search), so
// its length is the depth. Starting from the model's license rows keeps the plan simple
// (a DISTINCT on the model and a second MATCH of its licenses took 13 s).
MATCH (m:Model)-[:LICENSED_UNDER]->(lm:License)
WHERE $model_id = '' OR m.key = toLower($model_id) OR list_contains(coalesce(m.aliases, []), toLower($model_id))
MATCH p = (m)-[:BASED_ON* SHORTEST 1..512]->(a:Model)
WHERE a.key <> m.key
WITH m, lm, a, length(p) AS depth
MATCH (a)-[:LICENSED_UNDER]->(la:License)
WHERE la.key <> lm.key
RETURN m.id AS model, lm.id AS model_license, a.id AS ancestor, la.id AS ancestor_license, depth
ORDER BY model, ancestor, model_license, ancestor_license
LIMIT $limit
