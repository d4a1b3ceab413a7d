// LadybugDB: WITH ... ORDER BY needs a LIMIT, so the examples are sorted with list_sort;
// list slices are 1-based and inclusive.
MATCH (c:Model)-[r:BASED_ON]->(b:Model)
UNWIND r.source AS source
WITH source, size(r.source) = 1 AS only_here, c.id + ' -> ' + b.id AS edge
WITH source, count(*) AS total, list_sort(collect(CASE WHEN only_here THEN edge END)) AS singles
RETURN source, size(singles) AS single_source, total, list_slice(singles, 1, $examples) AS examples
ORDER BY single_source DESC, source
