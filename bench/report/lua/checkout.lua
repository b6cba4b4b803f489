-- checkout.lua: guest cash-on-delivery checkouts. A connection with no
-- filled cart waiting adds one unit of a product of the file given as
-- first argument to a new guest cart, whose cookie the answer brings; the
-- next connection free checks that cart out. So each order costs two
-- requests, and "orders" counts the orders placed.

local products
local carts = {}
local n = 0
orders = 0
sold_out = 0

extra = { "orders", "sold_out" }

local body = '{"name":"Nguyễn Thị Lan","phone":"0912 345 678","email":"lan@example.com",'
  .. '"address":{"line":"12 Lê Lợi","ward":"Phường Tô Hiệu","province":"Hà Giang"},"payment_method":"cod"}'

function init(args)
  products = lines(args[1])
end

function request()
  n = n + 1
  local cookie = table.remove(carts)
  if cookie ~= nil then
    return wrk.format("POST", "/api/v1/checkout",
      { Cookie = cookie, ["Content-Type"] = "application/json", ["Idempotency-Key"] = string.format("bench-%d-%d-%d", os.time(), id, n) }, body)
  end
  local add = string.format('{"product_id":%s,"quantity":1}', products[n % #products + 1])
  return wrk.format("POST", "/api/v1/cart/items", { ["Content-Type"] = "application/json" }, add)
end

function response(status, headers, body)
  if status == 201 and string.find(body, '"orders"', 1, true) then
    orders = orders + 1
    return
  end
  if status == 409 then
    sold_out = sold_out + 1
    return
  end
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  if status == 200 and set ~= nil then
    local token = string.match(set, "ocop_cart=([^;]+)")
    if token ~= nil then
      table.insert(carts, "ocop_cart=" .. token)
    end
  end
end
