// LadybugDB: no list comprehension; list_filter with a lambda (no $param inside it).
MATCH (d:Dataset)-[:LICENSED_UNDER]->(l:License)
WITH d, l, list_filter([
    CASE WHEN l.commercial = 'prohibited' THEN 'non-commercial' END,
    CASE WHEN l.commercial = 'conditional' THEN 'commercial-conditional' END,
    CASE WHEN l.derivative_license = 'not-distributable' THEN 'no-derivatives' END,
    CASE WHEN l.derivative_license IN ['same', 'same-or-compatible'] OR l.copyleft = 'share-alike' THEN 'share-alike' END,
    CASE WHEN l.copyleft IN ['weak', 'strong', 'network'] THEN 'copyleft' END,
    CASE WHEN l.use_restrictions = 'yes' THEN 'use-restrictions' END
  ], x -> x IS NOT NULL) AS restrictions
WHERE size(restrictions) > 0
MATCH (m:Model)-[:TRAINED_ON]->(d)
RETURN d.id AS dataset, l.id AS license, restrictions, m.id AS model
ORDER BY dataset, license, model
LIMIT $limit
