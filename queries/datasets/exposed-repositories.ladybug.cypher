// LadybugDB: breadth-first SHORTEST search for the derivatives; the trained models
// themselves are appended (shortest paths start at one hop). Carrying the dataset's id
// (not re-matching the node) keeps the plan a key lookup per model (1.3 s -> 0.1 s on the sample).
MATCH (ds:Dataset {key: $dataset_id})<-[:TRAINED_ON]-(t:Model)
OPTIONAL MATCH (t)<-[:BASED_ON* SHORTEST 1..512]-(u:Model)
WITH ds, t, collect(u.key) AS downs
UNWIND list_append(downs, t.key) AS k
WITH DISTINCT ds.id AS dataset, k
MATCH (m:Model {key: k})<-[:USES]-(r:Repository)
RETURN r.id AS repository, m.id AS model, dataset
ORDER BY repository, model
