-- The gateway's `orders` table is the one record of an order. trading-api kept a second copy in `trades` (written
-- before and after every order); it now forwards orders to the gateway and reads `orders`, so `trades` goes.
DROP TABLE trades;

-- The client order id as the services accept it (trading-api order_domain.CLIENT_ORDER_ID, the gateway's
-- OrderValidator): 1-64 letters, digits or _ . : -
ALTER TABLE orders ADD CONSTRAINT orders_client_order_id_form CHECK (client_order_id ~ '^[A-Za-z0-9_.:-]{1,64}$');

-- GET /api/trades pages newest first by (created_at, id), optionally for one symbol or one status.
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);
CREATE INDEX orders_symbol_created_idx ON orders (symbol, created_at DESC, id DESC);
CREATE INDEX orders_status_created_idx ON orders (status, created_at DESC, id DESC);
