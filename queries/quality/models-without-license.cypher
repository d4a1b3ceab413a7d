// Question: Which loaded models have no license at all in the graph (no LICENSED_UNDER from any source)?
// Param: limit (int) = 50 -- optional: how many models [default 1000]
// Returns: id, downloads, author
// Note: only models whose own record was loaded (a model that is merely referenced is expected to lack one: see quality/dangling-references). A model linked to the `unknown` license (a card saying "unknown") or to an unnormalized string has a license edge and is not listed (see quality/unnormalized-licenses). Ordered by downloads (most first, unknown last), then id.
MATCH (m:Model)
WHERE m.loaded = true AND NOT EXISTS { MATCH (m)-[:LICENSED_UNDER]->(:License) }
RETURN m.id AS id, m.downloads AS downloads, m.author AS author
ORDER BY coalesce(downloads, -1) DESC, id
LIMIT $limit
