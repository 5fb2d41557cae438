-- Trades as clients submit them through trading-api. client_order_id makes a retry idempotent.
CREATE TABLE trades (
    id               uuid PRIMARY KEY,
    client_order_id  text        NOT NULL UNIQUE,
    symbol           text        NOT NULL CHECK (symbol ~ '^[A-Z0-9]{2,20}$'),
    side             text        NOT NULL CHECK (side IN ('buy', 'sell')),
    order_type       text        NOT NULL CHECK (order_type IN ('market', 'limit')),
    quantity         numeric(28, 10) NOT NULL CHECK (quantity > 0),
    limit_price      numeric(28, 10) CHECK (limit_price IS NULL OR limit_price > 0),
    status           text        NOT NULL CHECK (status IN ('pending', 'accepted', 'resting', 'filled', 'rejected', 'cancelled')),
    filled_quantity  numeric(28, 10) NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0),
    average_price    numeric(28, 10),
    gateway_order_id uuid,
    reject_reason    text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT trades_limit_price_required CHECK (order_type = 'market' OR limit_price IS NOT NULL)
);

CREATE INDEX trades_symbol_created_idx ON trades (symbol, created_at DESC);
CREATE INDEX trades_status_created_idx ON trades (status, created_at DESC);
