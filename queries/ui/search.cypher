// Question: Which models, datasets and repositories have an id that contains the text typed, best matches first (the explorer's search box)?
// Param: text (string) = "llama-3.1-8b" -- part of an id, any case
// Param: limit (int) = 8 -- at most this many of each kind [default 8]
// Returns: kind, id, rank, downloads
// Note: rank 0 = the id or its name part (after the owner) is the text, 1 = the id or its name part starts with it, 2 = the id contains it; models by rank, then downloads (most first), then id; datasets and repositories by rank, then id. Models first, then datasets, then repositories.
MATCH (m:Model)
WHERE m.key CONTAINS toLower(trim($text))
WITH m, CASE WHEN m.key = toLower(trim($text)) OR m.key ENDS WITH ('/' + toLower(trim($text))) THEN 0
                 WHEN m.key STARTS WITH toLower(trim($text)) OR m.key CONTAINS ('/' + toLower(trim($text))) THEN 1 ELSE 2 END AS rank
RETURN 'model' AS kind, m.id AS id, rank, m.downloads AS downloads
ORDER BY rank, coalesce(m.downloads, -1) DESC, id
LIMIT $limit
UNION ALL
MATCH (d:Dataset)
WHERE d.key CONTAINS toLower(trim($text))
WITH d, CASE WHEN d.key = toLower(trim($text)) OR d.key ENDS WITH ('/' + toLower(trim($text))) THEN 0
                 WHEN d.key STARTS WITH toLower(trim($text)) OR d.key CONTAINS ('/' + toLower(trim($text))) THEN 1 ELSE 2 END AS rank
RETURN 'dataset' AS kind, d.id AS id, rank, null AS downloads
ORDER BY rank, id
LIMIT $limit
UNION ALL
MATCH (r:Repository)
WHERE r.key CONTAINS toLower(trim($text))
WITH r, CASE WHEN r.key = toLower(trim($text)) OR r.key ENDS WITH ('/' + toLower(trim($text))) THEN 0
                 WHEN r.key STARTS WITH toLower(trim($text)) OR r.key CONTAINS ('/' + toLower(trim($text))) THEN 1 ELSE 2 END AS rank
RETURN 'repository' AS kind, r.id AS id, rank, null AS downloads
ORDER BY rank, id
LIMIT $limit
