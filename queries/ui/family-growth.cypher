// Question: How did a model's family grow: how many of its descendants were created each month?
// Param: model_id (model) = "meta-llama/Llama-3.1-8B" -- the base model
// Returns: month, models
// Note: month = YYYY-MM of created_at (UTC); descendants without created_at (only referenced, not loaded) are left out. Months with none have no row.
MATCH (m:Model {key: $model_id})
MATCH (m)<-[:BASED_ON*]-(d:Model)
WHERE d <> m AND d.created_at IS NOT NULL
WITH DISTINCT d
RETURN left(d.created_at, 7) AS month, count(*) AS models
ORDER BY month
