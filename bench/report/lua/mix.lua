-- mix.lua: GET the paths of the file given as first argument, each
-- thread from a different place in the list, with the Cookie header given
-- as the optional second argument (a panel's session).

local paths
local next_path

function init(args)
  paths = lines(args[1])
  if args[2] ~= nil and args[2] ~= "" then
    wrk.headers["Cookie"] = args[2]
  end
  next_path = (id * 7919) % #paths
end

function request()
  next_path = next_path % #paths + 1
  return wrk.format("GET", paths[next_path])
end
