// Question: The flows of the PeaTMOSS study's Sankey diagram: pairs of model license -> repository license over the GitHub mapping, with their verdict class.
// Param: matrix (string) = "paper" -- which verdicts: paper (the study as its script ran: its own id aliases on the raw strings, the LF table looked up by the table's own ids), peatmoss-lf (the same table on ptmkg's normalized licenses), osadl, modelgo, curated (one COMPATIBLE_INTO source), ml-terms (verdicts from the normalized ML license terms plus the curated and modelgo edges), all (every source and ml-terms; no wins over yes); any other value gives no rows [default paper]
// Returns: model_license, repository_license, verdict, pairs
// Note: single-license pairs only, as in licenses/peatmoss-study (whose compatible / incompatible / unanalyzed counts are the sums of pairs per verdict). verdict is compatible, incompatible or unanalyzed. Labels: with matrix paper the strings as the paper's script processed them (`no license`, `other`, `gpl-3.0-only` ...), otherwise License ids, `no license` for a repository (or model) without one. The paper grouped rare licenses into `other` for its figure; that grouping is left to the drawing.
WITH $matrix AS matrix
WHERE matrix IN ['paper', 'peatmoss-lf', 'osadl', 'modelgo', 'curated', 'ml-terms', 'all']
MATCH (r:Repository)-[u:USES]->(m:Model)
WHERE 'peatmoss:mapping' IN u.source
  AND (r.license_status = 'none' OR (r.license_status = 'licensed' AND NOT r.license_raw CONTAINS ';'))
OPTIONAL MATCH (m)-[e:LICENSED_UNDER]->(li:License)
WHERE 'peatmoss:mapping' IN e.source
OPTIONAL MATCH (r)-[g:LICENSED_UNDER]->(lo:License)
WHERE 'peatmoss:gh-licenses' IN g.source AND NOT r.license_raw CONTAINS ';'
WITH matrix, r, li, lo,
     CASE WHEN e.raw IS NULL OR e.raw IN ['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']
          THEN 'no license' ELSE toLower(e.raw) END AS hf,
     CASE WHEN r.license_status = 'none' THEN 'no license' ELSE r.license_raw END AS gh
WITH matrix,
     CASE WHEN matrix <> 'paper' THEN li.key
          WHEN hf IN ['no license', 'unlicense'] THEN 'no license'
          WHEN hf IN ['other', 'unknown', 'unknown-license-reference', 'warranty-disclaimer', 'generic-cla', 'commercial-license', 'other-permissive', 'other-copyleft'] THEN 'other'
          WHEN hf IN ['bsd-new', 'bsd-modified'] THEN 'bsd-3-clause'
          WHEN hf = 'bsd-simplified' THEN 'bsd-2-clause'
          WHEN hf = 'openrail++' THEN 'openrail'
          WHEN hf IN ['gpl-2.0', 'gpl-3.0', 'agpl-3.0', 'lgpl-3.0', 'lgpl-2.1'] THEN hf + '-only'
          WHEN hf IN ['gpl-3.0-plus', 'lgpl-3.0-plus'] THEN replace(hf, '-plus', '-or-later')
          ELSE hf END AS in_key,
     CASE WHEN matrix <> 'paper' THEN lo.key
          WHEN gh IN ['no license', 'unlicense'] THEN 'no license'
          WHEN gh IN ['other', 'unknown', 'unknown-license-reference', 'warranty-disclaimer', 'generic-cla', 'commercial-license', 'other-permissive', 'other-copyleft'] THEN 'other'
          WHEN gh IN ['bsd-new', 'bsd-modified'] THEN 'bsd-3-clause'
          WHEN gh = 'bsd-simplified' THEN 'bsd-2-clause'
          WHEN gh = 'openrail++' THEN 'openrail'
          WHEN gh IN ['gpl-2.0', 'gpl-3.0', 'agpl-3.0', 'lgpl-3.0', 'lgpl-2.1'] THEN gh + '-only'
          WHEN gh IN ['gpl-3.0-plus', 'lgpl-3.0-plus'] THEN replace(gh, '-plus', '-or-later')
          ELSE gh END AS out_key
WITH matrix, in_key, out_key, count(*) AS n
WITH matrix,
     collect({ik: in_key, ok: out_key, n: n}) AS groups
MATCH (:License)-[c:COMPATIBLE_INTO {source: 'peatmoss-lf'}]->(:License)
WITH matrix, groups,
     collect(split(split(c.reason, "outbound) '")[1], "'")[0] + '|' + split(split(c.reason, "inbound) '")[1], "'")[0] + '|' + c.verdict) AS lf
UNWIND groups AS grp
WITH matrix, grp.ik AS in_key, grp.ok AS out_key, grp.n AS n,
     CASE WHEN grp.ok + '|' + grp.ik + '|no' IN lf THEN 'no'
          WHEN grp.ok + '|' + grp.ik + '|yes' IN lf THEN 'yes'
          WHEN grp.ok + '|' + grp.ik + '|same' IN lf THEN 'same'
          WHEN grp.ok + '|' + grp.ik + '|unknown' IN lf THEN 'unknown'
          ELSE '' END AS cell
OPTIONAL MATCH (li:License {key: in_key})
WHERE matrix <> 'paper'
OPTIONAL MATCH (lo:License {key: out_key})
WHERE matrix <> 'paper'
OPTIONAL MATCH (li)-[c:COMPATIBLE_INTO]->(lo)
WITH matrix, in_key, out_key, n, cell, li, lo,
     sum(CASE WHEN c.verdict = 'no' AND (c.source = matrix OR matrix = 'all' OR (matrix = 'ml-terms' AND c.source IN ['curated', 'modelgo'])) THEN 1 ELSE 0 END) AS said_no,
     sum(CASE WHEN c.verdict IN ['yes', 'same'] AND (c.source = matrix OR matrix = 'all') THEN 1 ELSE 0 END) AS said_yes,
     sum(CASE WHEN c.verdict IN ['yes', 'same'] THEN 1 ELSE 0 END) AS any_yes
WITH matrix, in_key, out_key, n, cell,
     CASE WHEN matrix = 'paper' THEN in_key ELSE coalesce(li.id, 'no license') END AS model_license,
     CASE WHEN matrix = 'paper' THEN out_key ELSE coalesce(lo.id, 'no license') END AS repository_license,
     li IS NOT NULL AND lo IS NOT NULL AND (li.derivative_license = 'not-distributable'
       OR (li.key <> lo.key AND any_yes = 0 AND ((li.derivative_license = 'same' AND lo.known) OR (li.derivative_license = 'same-or-compatible' AND lo.copyleft = 'none')))) AS terms_no,
     li IS NOT NULL AND lo IS NOT NULL AND (li.key = lo.key OR (li.derivative_license = 'any' AND lo.copyleft = 'none')) AS terms_yes,
     said_no, said_yes
WITH model_license, repository_license, n,
     CASE WHEN matrix = 'paper' THEN
            CASE WHEN cell = '' THEN 'unanalyzed'
                 WHEN in_key = out_key OR cell IN ['yes', 'same'] THEN 'compatible'
                 WHEN cell = 'no' THEN 'incompatible'
                 ELSE 'unanalyzed' END
          WHEN said_no > 0 THEN 'incompatible'
          WHEN matrix IN ['ml-terms', 'all'] AND terms_no THEN 'incompatible'
          WHEN said_yes > 0 THEN 'compatible'
          WHEN matrix IN ['ml-terms', 'all'] AND terms_yes THEN 'compatible'
          ELSE 'unanalyzed' END AS verdict
RETURN model_license, repository_license, verdict, sum(n) AS pairs
ORDER BY pairs DESC, model_license, repository_license, verdict
