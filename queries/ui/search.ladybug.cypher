// LadybugDB: a bare null column has type ANY, which UNION cannot match with INT64.
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
RETURN 'dataset' AS kind, d.id AS id, rank, CAST(NULL AS INT64) AS downloads
ORDER BY rank, id
LIMIT $limit
UNION ALL
MATCH (r:Repository)
WHERE r.key CONTAINS toLower(trim($text))
WITH r, CASE WHEN r.key = toLower(trim($text)) OR r.key ENDS WITH ('/' + toLower(trim($text))) THEN 0
                 WHEN r.key STARTS WITH toLower(trim($text)) OR r.key CONTAINS ('/' + toLower(trim($text))) THEN 1 ELSE 2 END AS rank
RETURN 'repository' AS kind, r.id AS id, rank, CAST(NULL AS INT64) AS downloads
ORDER BY rank, id
LIMIT $limit
