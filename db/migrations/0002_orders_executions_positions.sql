-- The execution gateway's books: orders it accepted, the executions that filled them and the
-- resulting net position per symbol. The gateway writes order status, execution and position in
-- one transaction.
CREATE TABLE orders (
    id               uuid PRIMARY KEY,
    client_order_id  text        NOT NULL UNIQUE,
    symbol           text        NOT NULL CHECK (symbol ~ '^[A-Z0-9]{2,20}$'),
    side             text        NOT NULL CHECK (side IN ('buy', 'sell')),
    order_type       text        NOT NULL CHECK (order_type IN ('market', 'limit')),
    quantity         numeric(28, 10) NOT NULL CHECK (quantity > 0),
    limit_price      numeric(28, 10) CHECK (limit_price IS NULL OR limit_price > 0),
    status           text        NOT NULL CHECK (status IN ('new', 'resting', 'filled', 'rejected', 'cancelled')),
    filled_quantity  numeric(28, 10) NOT NULL DEFAULT 0 CHECK (filled_quantity >= 0 AND filled_quantity <= quantity),
    average_price    numeric(28, 10) CHECK (average_price IS NULL OR average_price > 0),
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT orders_limit_price_required CHECK (order_type = 'market' OR limit_price IS NOT NULL)
);

CREATE INDEX orders_resting_idx ON orders (symbol) WHERE status = 'resting';

CREATE TABLE executions (
    id           uuid PRIMARY KEY,
    order_id     uuid        NOT NULL REFERENCES orders (id),
    symbol       text        NOT NULL,
    side         text        NOT NULL CHECK (side IN ('buy', 'sell')),
    quantity     numeric(28, 10) NOT NULL CHECK (quantity > 0),
    price        numeric(28, 10) NOT NULL CHECK (price > 0),
    executed_at  timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX executions_order_idx ON executions (order_id);

-- Net position: quantity is signed (negative = short).
CREATE TABLE positions (
    symbol         text PRIMARY KEY CHECK (symbol ~ '^[A-Z0-9]{2,20}$'),
    quantity       numeric(28, 10) NOT NULL DEFAULT 0,
    average_price  numeric(28, 10) NOT NULL DEFAULT 0 CHECK (average_price >= 0),
    realized_pnl   numeric(28, 10) NOT NULL DEFAULT 0,
    updated_at     timestamptz NOT NULL DEFAULT now()
);
