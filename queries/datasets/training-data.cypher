// Question: What a model was trained on, including everything inherited through its ancestors (base models, their base models, ...).
// Param: model_id (model) = "Lunzima/NQLSG-Qwen2.5-14B-MegaFusion-v9.2" -- the model whose training data to trace
// Returns: dataset, depth, through, source
// Note: one row per (dataset, model that declares it): depth 0 is the model's own training data, depth n a dataset declared by an ancestor n hops up (shortest distance), through names that ancestor (the model itself at depth 0). A dataset declared at several depths appears once per declaring model. source lists where the TRAINED_ON fact was seen (hf:card, hf:tag, ...). Ordered by depth, dataset, through. Complete at any depth; self-references and cycles terminate.
MATCH (m:Model {key: $model_id})
MATCH p = (m)-[:BASED_ON*0..]->(a:Model)
WITH a, min(length(p)) AS depth
MATCH (a)-[t:TRAINED_ON]->(d:Dataset)
RETURN d.id AS dataset, depth, a.id AS through, t.source AS source
ORDER BY depth, dataset, through
