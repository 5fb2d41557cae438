-- The gateway's order path is a single-writer sequencer (docs/architecture.md, "Order path"): it keeps positions in
-- memory and journals one snapshot per symbol and batch. Snapshots are inserted, never updated, so a batch written
-- while the previous one commits waits on no row lock. `sequence` is the journal batch's number (increasing; the
-- gateway resumes from the largest at start). `positions` becomes a view of each symbol's latest snapshot, so its
-- readers (trading-api's GET /api/positions, the gateway's) are unchanged; its `sequence` is the snapshot's batch.
CREATE TABLE position_snapshots (
    symbol         text            NOT NULL CHECK (symbol ~ '^[A-Z0-9]{2,20}$'),
    sequence       bigint          NOT NULL CHECK (sequence >= 0),
    quantity       numeric(28, 10) NOT NULL,
    average_price  numeric(28, 10) NOT NULL CHECK (average_price >= 0),
    realized_pnl   numeric(28, 10) NOT NULL,
    updated_at     timestamptz     NOT NULL,
    PRIMARY KEY (symbol, sequence)
);

INSERT INTO position_snapshots (symbol, sequence, quantity, average_price, realized_pnl, updated_at)
SELECT symbol, 0, quantity, average_price, realized_pnl, updated_at FROM positions;

DROP TABLE positions;

-- Each symbol's latest snapshot, found through the primary key (a skip scan over the symbols, then the highest
-- sequence of each), so reading positions costs a few index probes however many snapshots there are.
CREATE VIEW positions AS
WITH RECURSIVE symbols (symbol) AS (
    (SELECT symbol FROM position_snapshots ORDER BY symbol LIMIT 1)
    UNION ALL
    SELECT (SELECT p.symbol FROM position_snapshots p WHERE p.symbol > s.symbol ORDER BY p.symbol LIMIT 1)
    FROM symbols s WHERE s.symbol IS NOT NULL
)
SELECT latest.symbol, latest.quantity, latest.average_price, latest.realized_pnl, latest.updated_at, latest.sequence
FROM symbols s
CROSS JOIN LATERAL (
    SELECT p.symbol, p.quantity, p.average_price, p.realized_pnl, p.updated_at, p.sequence
    FROM position_snapshots p WHERE p.symbol = s.symbol ORDER BY p.sequence DESC LIMIT 1
) latest
WHERE s.symbol IS NOT NULL;
