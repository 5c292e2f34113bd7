"""Search: passages cut from stored documents, embedded densely and sparsely, held in Qdrant, found by
hybrid queries with metadata signals, and shown with marked snippets and facets.

Stages, each a module: `chunk` (passages that follow the document's structure), `sparse` (the Spanish
keyword analyzer and BM25 weights), `indexer` and `indexed` (from stored chunks to index points, and which
documents the index holds), `index/` (the Qdrant backends, embedded or server, behind one protocol),
`query` (the years, bodies and institutions a query names), `searcher` (fusion), `snippet`, `facets`,
`engine` (building all of it from Settings), `follower` (indexing what workers stored) and `evaluation`
(nDCG@10). `api.search` is the one entry point the API, the CLI and the benchmarks call.
"""
