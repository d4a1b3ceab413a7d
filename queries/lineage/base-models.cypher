// Question: The direct base models of a model: what it was fine-tuned, adapted, merged, quantized or distilled from.
// Param: model_id (model) = "jaspionjader/bh-64" -- the derived model
// Returns: id, relation, source, loaded
MATCH (m:Model {key: $model_id})-[r:BASED_ON]->(b:Model)
RETURN b.id AS id, r.relation AS relation, r.source AS source, b.loaded AS loaded
ORDER BY id
