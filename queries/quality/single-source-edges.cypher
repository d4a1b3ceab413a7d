// Question: How many base-model links were seen in only one of their sources, per source, with examples?
// Param: examples (int) = 5 -- optional: example links per source [default 10]
// Returns: source, single_source, total, examples
// Note: a BASED_ON edge records every place it was seen (hf:baseModels, hf:card, hf:tag, peatmoss, ...). single_source counts the edges seen only in this source, total every edge this source reports; examples are single-source edges as `model -> base` (ids), the first in sort order. One row per source that reports any edge. Ordered by single_source (most first), then source.
MATCH (c:Model)-[r:BASED_ON]->(b:Model)
UNWIND r.source AS source
WITH source, size(r.source) = 1 AS only_here, c.id + ' -> ' + b.id AS edge
ORDER BY source, edge
WITH source, count(*) AS total, collect(CASE WHEN only_here THEN edge END) AS singles
RETURN source, size(singles) AS single_source, total, singles[0..$examples] AS examples
ORDER BY single_source DESC, source
