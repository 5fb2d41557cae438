-- wrk script: market orders to the gateway's POST /api/orders (the load benchmark and bench/gateway-cpu-ab.sh).
-- The caller puts its `wrk.headers["Authorization"] = "Bearer ..."` line before this file's text.
-- A unique client order id per request (thread number, start time, a random number, a counter), 3 symbols, sides
-- alternating so positions stay inside the risk limit.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end
local prefix
function init(args)
  math.randomseed(os.time() + number)
  prefix = "bench-" .. number .. "-" .. os.time() .. "-" .. math.random(1, 1000000000)
end
local symbols = {"BTCUSDT", "ETHUSDT", "SOLUSDT"}
local sides = {"buy", "sell"}
local n = 0
request = function()
  n = n + 1
  return wrk.format(nil, "/api/orders", nil, '{"client_order_id":"' .. prefix .. '-' .. n .. '","symbol":"' .. symbols[(n % 3) + 1]
    .. '","side":"' .. sides[(math.floor(n / 3) % 2) + 1] .. '","type":"market","quantity":0.001}')
end
