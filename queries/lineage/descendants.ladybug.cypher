MATCH (m:Model {key: $model_id})
MATCH p = (m)<-[:BASED_ON* ALL SHORTEST 1..512]-(d:Model)
WHERE d.key <> m.key
WITH d, length(p) AS depth, list_to_string('>', properties(rels(p), 'relation')) AS path
WITH d, depth, min(path) AS path
RETURN d.id AS id, depth, list_extract(string_split(path, '>'), -1) AS relation, path, d.downloads AS downloads
ORDER BY depth, id
