-- cart_add.lua: POST /api/v1/cart/items, adding one unit of a product of
-- the second file's ids to the next guest cart of the first file's cookies.

local cookies
local products
local n

function init(args)
  cookies = lines(args[1])
  products = lines(args[2])
  n = id
end

function request()
  n = n + 1
  local body = string.format('{"product_id":%s,"quantity":1}', products[n % #products + 1])
  return wrk.format("POST", "/api/v1/cart/items", { Cookie = cookies[n % #cookies + 1], ["Content-Type"] = "application/json" }, body)
end
