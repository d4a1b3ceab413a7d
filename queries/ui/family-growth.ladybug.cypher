MATCH (m:Model {key: $model_id})
MATCH (m)<-[:BASED_ON* SHORTEST 1..512]-(d:Model)
WHERE d.key <> m.key AND d.created_at IS NOT NULL
RETURN left(d.created_at, 7) AS month, count(*) AS models
ORDER BY month
