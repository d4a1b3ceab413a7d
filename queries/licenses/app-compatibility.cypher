// Question: Can the repositories that load a model carry its license: every repository -> model pair (USES) with a verdict per repository license x model license, the source of the verdict and why.
// Param: repository_id (string) = "huggingface/transformers" -- optional: only this repository (owner/name, any case); empty = every repository [default ]
// Param: matrix (string) = "all" -- which verdicts: peatmoss-lf, osadl, modelgo, curated (one COMPATIBLE_INTO source), ml-terms (the normalized ML license terms plus the curated and modelgo edges), all (every source and ml-terms; no wins over yes); any other value gives no rows [default all]
// Param: limit (int) = 50 -- at most this many rows [default 1000]
// Returns: repository, repository_license, model, model_license, model_license_source, verdict, verdict_source, reason
// Note: the model license is inbound, the repository license outbound (can the model's license go into the repository's?). verdict is compatible, incompatible or unknown; unknown is never counted as compatible: a repository without a license (or not checked), a model without one, a pair no selected source covers, or a source saying unknown / check dependency. verdict_source names the COMPATIBLE_INTO source(s) that decided (several when they agree), or ml-terms; reason is the deciding source's own explanation (the first in the order curated, modelgo, osadl, peatmoss-lf) or the term rule. ml-terms: incompatible when the model license allows no derivatives, requires the same license (and no source says the repository license may take it), or requires the same or a compatible license and the repository license has no copyleft; compatible when both are the same license, or the model license lets derivatives take any license and the repository license has no copyleft. docs/license-queries.md.
WITH $matrix AS matrix
WHERE matrix IN ['peatmoss-lf', 'osadl', 'modelgo', 'curated', 'ml-terms', 'all']
MATCH (r:Repository)-[:USES]->(m:Model)
WHERE $repository_id = '' OR r.key = toLower($repository_id)
OPTIONAL MATCH (r)-[:LICENSED_UNDER]->(lo:License)
OPTIONAL MATCH (m)-[em:LICENSED_UNDER]->(li:License)
WITH matrix, li, lo, CASE WHEN lo IS NULL THEN r.license_status END AS status,
     collect({repository: r.id, model: m.id, source: em.source}) AS uses
CALL (matrix, li, lo) {
  OPTIONAL MATCH (li)-[c:COMPATIBLE_INTO]->(lo)
  WITH c, c.source = matrix OR matrix = 'all' OR (matrix = 'ml-terms' AND c.source IN ['curated', 'modelgo']) AS selected
  ORDER BY c.source
  RETURN collect(CASE WHEN selected AND c.verdict = 'no' THEN c.source END) AS nos,
         collect(CASE WHEN selected AND c.verdict IN ['yes', 'same'] THEN c.source END) AS yess,
         collect(CASE WHEN selected AND c.verdict IN ['unknown', 'conditional'] THEN c.source END) AS unks,
         collect(CASE WHEN selected THEN c.source + ': ' + c.verdict + ', ' + c.reason END) AS reasons,
         sum(CASE WHEN c.verdict IN ['yes', 'same'] THEN 1 ELSE 0 END) AS any_yes
}
WITH matrix, li, lo, status, uses, reasons,
     nos, yess, unks,
     matrix IN ['ml-terms', 'all'] AND li IS NOT NULL AND lo IS NOT NULL AND (li.derivative_license = 'not-distributable'
       OR (li.key <> lo.key AND any_yes = 0 AND ((li.derivative_license = 'same' AND lo.known) OR (li.derivative_license = 'same-or-compatible' AND lo.copyleft = 'none')))) AS terms_no,
     matrix IN ['ml-terms', 'all'] AND li IS NOT NULL AND lo IS NOT NULL AND (li.key = lo.key OR (li.derivative_license = 'any' AND lo.copyleft = 'none')) AS terms_yes
WITH matrix, li, lo, status, uses, reasons, nos, yess, unks, terms_no, terms_yes,
     CASE WHEN li IS NULL OR lo IS NULL THEN []
          WHEN size(nos) > 0 THEN nos
          WHEN terms_no THEN []
          WHEN size(yess) > 0 THEN yess
          WHEN terms_yes THEN []
          ELSE unks END AS deciding
WITH matrix, li, lo, status, uses, terms_no, terms_yes, nos, yess, deciding,
     CASE WHEN size(deciding) = 0 THEN null
          ELSE [x IN reasons WHERE x STARTS WITH deciding[0] + ': '][0] END AS edge_reason
UNWIND uses AS use
WITH use.repository AS repository, lo.id AS repository_license, use.model AS model, li.id AS model_license, use.source AS model_license_source,
       CASE WHEN li IS NULL OR lo IS NULL THEN 'unknown'
            WHEN size(nos) > 0 OR terms_no THEN 'incompatible'
            WHEN size(yess) > 0 OR terms_yes THEN 'compatible'
            ELSE 'unknown' END AS verdict,
       CASE WHEN li IS NULL OR lo IS NULL THEN null
            WHEN size(nos) = 0 AND (terms_no OR (size(yess) = 0 AND terms_yes)) THEN 'ml-terms'
            WHEN size(deciding) = 0 THEN null
            ELSE reduce(s = '', x IN deciding | s + CASE WHEN s = '' THEN '' ELSE ', ' END + x) END AS verdict_source,
       CASE WHEN lo IS NULL AND status = 'none' THEN 'no license found in the repository'
            WHEN lo IS NULL THEN 'the repository license was not checked'
            WHEN li IS NULL THEN 'no license recorded for the model'
            WHEN edge_reason IS NOT NULL THEN edge_reason
            WHEN terms_no AND li.derivative_license = 'not-distributable' THEN 'ml-terms: ' + li.id + ' allows no distribution of derivatives'
            WHEN terms_no AND li.derivative_license = 'same' THEN 'ml-terms: ' + li.id + ' requires derivatives under the same license, and no source says ' + lo.id + ' may take it'
            WHEN terms_no THEN 'ml-terms: ' + li.id + ' requires the same or a compatible license, and ' + lo.id + ' has no copyleft'
            WHEN terms_yes AND li.key = lo.key THEN 'ml-terms: the same license'
            WHEN terms_yes THEN 'ml-terms: ' + li.id + ' lets derivatives take any license, and ' + lo.id + ' has no copyleft'
            ELSE 'no verdict on ' + li.id + ' into ' + lo.id + ' from ' + matrix END AS reason
RETURN repository, repository_license, model, model_license, model_license_source, verdict, verdict_source, reason
ORDER BY repository, model, model_license, repository_license
LIMIT $limit
