// Question: Where the license changes along lineage: pairs of a model and one of its ancestors whose declared licenses differ.
// Param: model_id (string) = "sethuiyer/Llamaverse-3.1-8B-Instruct" -- optional: only this model (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 100000]
// Returns: model, model_license, ancestor, ancestor_license, depth
// Note: every ancestor over base-model links of any relation and depth (depth = shortest distance), one row per model license x ancestor license whose License nodes differ; models or ancestors without a license edge give no row. Licenses are License ids as normalized (`other`, `unknown` and unknown:* strings included). Kept simple on purpose (an RDF export is compared against it); licenses/obligations says which terms pass.
MATCH (m:Model)-[:LICENSED_UNDER]->(lm:License)
WHERE $model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, [])
WITH DISTINCT m
MATCH (m)-[:BASED_ON*]->(a:Model)
WHERE a <> m
WITH DISTINCT m, a
MATCH (m)-[:LICENSED_UNDER]->(lm:License)
MATCH (a)-[:LICENSED_UNDER]->(la:License)
WHERE la.key <> lm.key
WITH DISTINCT m, a
MATCH p = shortestPath((m)-[:BASED_ON*]->(a))
WITH m, a, length(p) AS depth
MATCH (m)-[:LICENSED_UNDER]->(lm:License)
MATCH (a)-[:LICENSED_UNDER]->(la:License)
WHERE la.key <> lm.key
RETURN m.id AS model, lm.id AS model_license, a.id AS ancestor, la.id AS ancestor_license, depth
ORDER BY model, ancestor, model_license, ancestor_license
LIMIT $limit
