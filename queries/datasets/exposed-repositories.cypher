// Question: Which code repositories are exposed to a dataset: they use a model trained on it or a model derived from one.
// Param: dataset_id (dataset) = "EleutherAI/pile" -- the dataset
// Returns: repository, model, dataset
// Note: one row per (repository, model) pair, where model is trained on the dataset or derives from such a model at any depth; dataset repeats the dataset's id. Ordered by repository, model. lineage/path or datasets/built-on say how the model reaches the dataset.
MATCH (ds:Dataset {key: $dataset_id})<-[:TRAINED_ON]-(t:Model)
MATCH (t)<-[:BASED_ON*0..]-(m:Model)
WITH DISTINCT ds, m
MATCH (r:Repository)-[:USES]->(m)
RETURN r.id AS repository, m.id AS model, ds.id AS dataset
ORDER BY repository, model
