// LadybugDB: no reduce(); the sources that say no are sorted with list_sort and joined
// with list_to_string.
MATCH (m:Model)-[:BASED_ON {relation: 'merge'}]->(p1:Model)-[e1:LICENSED_UNDER]->(l1:License)
WHERE p1.key <> m.key AND ($model_id = '' OR m.key = toLower($model_id) OR list_contains(coalesce(m.aliases, []), toLower($model_id)))
MATCH (m)-[:BASED_ON {relation: 'merge'}]->(p2:Model)-[e2:LICENSED_UNDER]->(l2:License)
WHERE p2.key <> m.key AND p1.key < p2.key AND l1.key <> l2.key AND l1.known AND l2.known
  AND (EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict = 'no' }
       OR (l1.derivative_license = 'same' AND NOT EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict IN ['yes', 'same'] })
       OR (l1.derivative_license = 'same-or-compatible' AND l2.copyleft = 'none' AND NOT EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict IN ['yes', 'same'] }))
  AND (EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict = 'no' }
       OR (l2.derivative_license = 'same' AND NOT EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict IN ['yes', 'same'] })
       OR (l2.derivative_license = 'same-or-compatible' AND l1.copyleft = 'none' AND NOT EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict IN ['yes', 'same'] }))
OPTIONAL MATCH (l1)-[c1:COMPATIBLE_INTO]->(l2)
WHERE c1.verdict = 'no'
WITH m, p1, e1, l1, p2, e2, l2, collect(c1.source) AS no12
OPTIONAL MATCH (l2)-[c2:COMPATIBLE_INTO]->(l1)
WHERE c2.verdict = 'no'
WITH m, p1, e1, l1, p2, e2, l2, no12, collect(c2.source) AS no21
WITH m, p1, e1, l1, p2, e2, l2, list_to_string(', ', list_sort(no12)) AS said12, list_to_string(', ', list_sort(no21)) AS said21
RETURN m.id AS model, p1.id AS parent, l1.id AS parent_license, e1.source AS parent_license_source,
       p2.id AS other_parent, l2.id AS other_license, e2.source AS other_license_source,
       'merge' AS rule,
       l1.id + ' cannot go into ' + l2.id + ' (' +
         CASE WHEN said12 <> '' THEN 'no according to ' + said12
              WHEN l1.derivative_license = 'same' THEN l1.id + ' requires derivatives under the same license'
              ELSE l1.id + ' requires the same or a compatible license and ' + l2.id + ' has no copyleft' END +
         ') and ' + l2.id + ' cannot go into ' + l1.id + ' (' +
         CASE WHEN said21 <> '' THEN 'no according to ' + said21
              WHEN l2.derivative_license = 'same' THEN l2.id + ' requires derivatives under the same license'
              ELSE l2.id + ' requires the same or a compatible license and ' + l1.id + ' has no copyleft' END +
         '): the merge cannot be released under either parent license' AS reason,
       l1.terms_source AS parent_terms_source, l2.terms_source AS other_terms_source
ORDER BY model, parent, parent_license, other_parent, other_license
LIMIT $limit
