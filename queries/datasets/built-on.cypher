// Question: Which models are built on a dataset: every model trained on it and every model derived from those, at any depth.
// Param: dataset_id (dataset) = "HuggingFaceH4/ultrafeedback_binarized" -- the dataset
// Returns: model, depth, via, downloads
// Note: depth 0 = trained on the dataset itself (by its own card or tags); depth n = derived n hops down (shortest distance) from a model trained on it. via is the nearest model trained on the dataset (the smallest id when several are equally near; the model itself at depth 0). downloads are the model's 30-day downloads (null for models only referenced). Ordered by depth, then downloads (most first, unknown last), then model.
MATCH (ds:Dataset {key: $dataset_id})<-[:TRAINED_ON]-(t:Model)
MATCH p = (t)<-[:BASED_ON*0..]-(d:Model)
WITH d, t, min(length(p)) AS depth
WITH d, min(depth) AS best, collect({via: t.id, depth: depth}) AS found
UNWIND found AS x
WITH d, best, x
WHERE x.depth = best
WITH d, best, min(x.via) AS via
RETURN d.id AS model, best AS depth, via, d.downloads AS downloads
ORDER BY depth, coalesce(downloads, -1) DESC, model
