// Question: Which datasets carry a license that restricts the models trained on them (non-commercial, no-derivatives, share-alike, copyleft, use restrictions), and which models were trained on them?
// Param: limit (int) = 100 -- optional: how many rows [default 1000]
// Returns: dataset, license, restrictions, model
// Note: restrictions are read from the License terms: non-commercial (commercial = prohibited), commercial-conditional (conditional), no-derivatives (derivative_license = not-distributable), share-alike (derivative_license same / same-or-compatible, or copyleft = share-alike), copyleft (weak, strong or network), use-restrictions (use_restrictions = yes). A term that is unknown restricts nothing here; a license with no restrictive term is left out. One row per (dataset, license, model trained on it); datasets nobody trained on are left out, and derivatives of those models are in datasets/built-on. Ordered by dataset, license, model. The bundled sample has no dataset licenses (datasets are only referenced by model cards), so there it returns no rows; a loader that reads dataset records (PeaTMOSS, the Hub API) fills it.
MATCH (d:Dataset)-[:LICENSED_UNDER]->(l:License)
WITH d, l, [x IN [
    CASE WHEN l.commercial = 'prohibited' THEN 'non-commercial' END,
    CASE WHEN l.commercial = 'conditional' THEN 'commercial-conditional' END,
    CASE WHEN l.derivative_license = 'not-distributable' THEN 'no-derivatives' END,
    CASE WHEN l.derivative_license IN ['same', 'same-or-compatible'] OR l.copyleft = 'share-alike' THEN 'share-alike' END,
    CASE WHEN l.copyleft IN ['weak', 'strong', 'network'] THEN 'copyleft' END,
    CASE WHEN l.use_restrictions = 'yes' THEN 'use-restrictions' END
  ] WHERE x IS NOT NULL] AS restrictions
WHERE size(restrictions) > 0
MATCH (m:Model)-[:TRAINED_ON]->(d)
RETURN d.id AS dataset, l.id AS license, restrictions, m.id AS model
ORDER BY dataset, license, model
LIMIT $limit
