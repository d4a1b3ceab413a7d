// Question: Merges whose parents' licenses cannot all hold: two parents of a merge, each under a license the other's material cannot go into, so the merge cannot be released under either parent's license.
// Param: model_id (string) = "ehristoforu/fq2.5-7b-it-normalize_false" -- optional: only this merge (its id or a legacy alias, any case); empty = every model [default ]
// Param: limit (int) = 100 -- at most this many rows [default 1000]
// Returns: model, parent, parent_license, parent_license_source, other_parent, other_license, other_license_source, rule, reason, parent_terms_source, other_terms_source
// Note: for two parents of the same model over merge edges, under two different known licenses A and B: A is blocked from B when a COMPATIBLE_INTO source says no from A into B, or A's derivative_license is same and no source says yes/same from A into B, or A's is same-or-compatible, B has no copyleft and no source says yes/same. A conflict when A is blocked from B and B from A (restriction-bearing licenses with a GPL, two incompatible copylefts, Apache-2.0 with GPL-2.0 ...). Each unordered parent pair once (parent sorts before other_parent by key); only the parents' own licenses count. No-derivatives parents are licenses/conflict-no-derivatives.
MATCH (m:Model)-[:BASED_ON {relation: 'merge'}]->(p1:Model)-[e1:LICENSED_UNDER]->(l1:License)
WHERE p1 <> m AND ($model_id = '' OR m.key = toLower($model_id) OR toLower($model_id) IN coalesce(m.aliases, []))
MATCH (m)-[:BASED_ON {relation: 'merge'}]->(p2:Model)-[e2:LICENSED_UNDER]->(l2:License)
WHERE p2 <> m AND p1.key < p2.key AND l1.key <> l2.key AND l1.known AND l2.known
  AND (EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict = 'no' }
       OR (l1.derivative_license = 'same' AND NOT EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict IN ['yes', 'same'] })
       OR (l1.derivative_license = 'same-or-compatible' AND l2.copyleft = 'none' AND NOT EXISTS { MATCH (l1)-[c:COMPATIBLE_INTO]->(l2) WHERE c.verdict IN ['yes', 'same'] }))
  AND (EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict = 'no' }
       OR (l2.derivative_license = 'same' AND NOT EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict IN ['yes', 'same'] })
       OR (l2.derivative_license = 'same-or-compatible' AND l1.copyleft = 'none' AND NOT EXISTS { MATCH (l2)-[c:COMPATIBLE_INTO]->(l1) WHERE c.verdict IN ['yes', 'same'] }))
OPTIONAL MATCH (l1)-[c1:COMPATIBLE_INTO]->(l2)
WHERE c1.verdict = 'no'
WITH m, p1, e1, l1, p2, e2, l2, c1
ORDER BY c1.source
WITH m, p1, e1, l1, p2, e2, l2, collect(c1.source) AS no12
OPTIONAL MATCH (l2)-[c2:COMPATIBLE_INTO]->(l1)
WHERE c2.verdict = 'no'
WITH m, p1, e1, l1, p2, e2, l2, no12, c2
ORDER BY c2.source
WITH m, p1, e1, l1, p2, e2, l2, no12, collect(c2.source) AS no21
WITH m, p1, e1, l1, p2, e2, l2,
     reduce(s = '', x IN no12 | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS said12,
     reduce(s = '', x IN no21 | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) AS said21
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
