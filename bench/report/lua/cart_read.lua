-- cart_read.lua: GET /api/v1/cart, each request with the next cart cookie
-- of the file given as first argument (guest carts filled beforehand).

local cookies
local n

function init(args)
  cookies = lines(args[1])
  n = id
end

function request()
  n = n % #cookies + 1
  return wrk.format("GET", "/api/v1/cart", { Cookie = cookies[n] })
end
