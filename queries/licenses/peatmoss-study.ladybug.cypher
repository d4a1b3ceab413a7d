// LadybugDB: the same steps; the LF table is looked up as a list of 'row|column|verdict'
// strings (list_filter over a list of structs after UNWIND returned wrong elements on
// ladybug 0.22, and a list carried on every pair row filled the buffer pool), so pairs are
// grouped first; `single` is a keyword there, hence one_license. Sums are cast to INT64
// (LadybugDB returns a Decimal otherwise).
WITH $matrix AS matrix
WHERE matrix IN ['paper', 'peatmoss-lf', 'osadl', 'modelgo', 'curated', 'ml-terms', 'all']
MATCH (r:Repository)-[u:USES]->(:Model)
WHERE list_contains(u.source, 'peatmoss:mapping')
WITH DISTINCT matrix, r.key AS rkey, r.license_status AS status, r.license_raw AS raw
WITH matrix, count(*) AS repositories,
     CAST(sum(CASE WHEN status = 'none' OR (matrix = 'paper' AND raw = 'unlicense') THEN 1 ELSE 0 END) AS INT64) AS repositories_without_license
MATCH (r:Repository)-[u:USES]->(m:Model)
WHERE list_contains(u.source, 'peatmoss:mapping')
OPTIONAL MATCH (m)-[e:LICENSED_UNDER]->(li:License)
WHERE list_contains(e.source, 'peatmoss:mapping')
OPTIONAL MATCH (r)-[g:LICENSED_UNDER]->(lo:License)
WHERE list_contains(g.source, 'peatmoss:gh-licenses') AND NOT r.license_raw CONTAINS ';'
WITH matrix, repositories, repositories_without_license, r, li, lo,
     r.license_status = 'none' OR (r.license_status = 'licensed' AND NOT r.license_raw CONTAINS ';') AS one_license,
     CASE WHEN e.raw IS NULL OR e.raw IN ['', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null']
          THEN 'no license' ELSE toLower(e.raw) END AS hf,
     CASE WHEN r.license_status = 'none' THEN 'no license' ELSE r.license_raw END AS gh
WITH matrix, repositories, repositories_without_license, one_license, r.license_status = 'none' AS no_repo_license,
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
WITH matrix, repositories, repositories_without_license, one_license, no_repo_license, in_key, out_key, count(*) AS n
WITH matrix, repositories, repositories_without_license,
     collect({one: one_license, nolic: no_repo_license, ik: in_key, ok: out_key, n: n}) AS groups
MATCH (:License)-[c:COMPATIBLE_INTO {source: 'peatmoss-lf'}]->(:License)
WITH matrix, repositories, repositories_without_license, groups,
     collect(list_extract(string_split(list_extract(string_split(c.reason, "outbound) '"), 2), "'"), 1) + '|' +
             list_extract(string_split(list_extract(string_split(c.reason, "inbound) '"), 2), "'"), 1) + '|' + c.verdict) AS lf
UNWIND groups AS grp
WITH matrix, repositories, repositories_without_license, grp.one AS one_license, grp.nolic AS no_repo_license, grp.ik AS in_key, grp.ok AS out_key, grp.n AS n,
     CASE WHEN list_contains(lf, grp.ok + '|' + grp.ik + '|no') THEN 'no'
          WHEN list_contains(lf, grp.ok + '|' + grp.ik + '|yes') THEN 'yes'
          WHEN list_contains(lf, grp.ok + '|' + grp.ik + '|same') THEN 'same'
          WHEN list_contains(lf, grp.ok + '|' + grp.ik + '|unknown') THEN 'unknown'
          ELSE '' END AS cell
OPTIONAL MATCH (li:License {key: in_key})
WHERE matrix <> 'paper'
OPTIONAL MATCH (lo:License {key: out_key})
WHERE matrix <> 'paper'
OPTIONAL MATCH (li)-[c:COMPATIBLE_INTO]->(lo)
WITH matrix, repositories, repositories_without_license, one_license, no_repo_license, in_key, out_key, n, cell, li, lo,
     sum(CASE WHEN c.verdict = 'no' AND (c.source = matrix OR matrix = 'all' OR (matrix = 'ml-terms' AND c.source IN ['curated', 'modelgo'])) THEN 1 ELSE 0 END) AS said_no,
     sum(CASE WHEN c.verdict IN ['yes', 'same'] AND (c.source = matrix OR matrix = 'all') THEN 1 ELSE 0 END) AS said_yes,
     sum(CASE WHEN c.verdict IN ['yes', 'same'] THEN 1 ELSE 0 END) AS any_yes
WITH matrix, repositories, repositories_without_license, one_license, no_repo_license, in_key, out_key, n, cell,
     li IS NOT NULL AND lo IS NOT NULL AND (li.derivative_license = 'not-distributable'
       OR (li.key <> lo.key AND any_yes = 0 AND ((li.derivative_license = 'same' AND lo.known) OR (li.derivative_license = 'same-or-compatible' AND lo.copyleft = 'none')))) AS terms_no,
     li IS NOT NULL AND lo IS NOT NULL AND (li.key = lo.key OR (li.derivative_license = 'any' AND lo.copyleft = 'none')) AS terms_yes,
     said_no, said_yes
WITH matrix, repositories, repositories_without_license, one_license, no_repo_license, n,
     in_key IS NOT NULL AND in_key = out_key AS identical,
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
WITH matrix, repositories, repositories_without_license,
     CAST(sum(n) AS INT64) AS pairs,
     CAST(sum(CASE WHEN one_license THEN n ELSE 0 END) AS INT64) AS single_pairs,
     CAST(sum(CASE WHEN one_license AND verdict = 'compatible' THEN n ELSE 0 END) AS INT64) AS compatible,
     CAST(sum(CASE WHEN one_license AND verdict = 'incompatible' THEN n ELSE 0 END) AS INT64) AS incompatible,
     CAST(sum(CASE WHEN one_license AND verdict = 'unanalyzed' THEN n ELSE 0 END) AS INT64) AS unanalyzed,
     CAST(sum(CASE WHEN one_license AND identical THEN n ELSE 0 END) AS INT64) AS identical,
     CAST(sum(CASE WHEN one_license AND no_repo_license THEN n ELSE 0 END) AS INT64) AS no_license_pairs
RETURN matrix, pairs, single_pairs AS single_license_pairs, round(100.0 * single_pairs / pairs, 2) AS single_license_pct,
       compatible, round(100.0 * compatible / single_pairs, 2) AS compatible_pct,
       incompatible, round(100.0 * incompatible / single_pairs, 2) AS incompatible_pct,
       unanalyzed, round(100.0 * unanalyzed / single_pairs, 2) AS unanalyzed_pct,
       identical, round(100.0 * identical / single_pairs, 2) AS identical_pct,
       no_license_pairs AS pairs_without_repository_license, round(100.0 * no_license_pairs / single_pairs, 2) AS pairs_without_repository_license_pct,
       repositories, repositories_without_license, round(100.0 * repositories_without_license / repositories, 2) AS repositories_without_license_pct
