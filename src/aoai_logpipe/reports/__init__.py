"""Finance and security reports over the stored documents, identical on SQLite and Cosmos DB.

- `reader`: the `DocumentReader` interface (`SqliteReader`, `CosmosReader`, `open_reader`).
- `rollup`: chargeback rollups (exact Decimal, computed at query time).
- `reconcile`: token-estimate drift against reported usage.
- `audit`: audit search and a readable conversation view.
- `html`: the self-contained HTML report.
- `commands`: the command-line wiring (`add_commands`).
"""
