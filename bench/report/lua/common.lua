-- common.lua: prepended to every script of bench/report. It numbers the
-- threads, reads the script's list files and prints the run's figures in
-- lines "@@ key value" that the report generator parses.

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

-- lines returns the lines of file path, failing when it holds none.
function lines(path)
  local out = {}
  for line in io.lines(path) do
    if line ~= "" then
      out[#out + 1] = line
    end
  end
  assert(#out > 0, "no lines in " .. path)
  return out
end

-- extra is set by a script to report counters its threads keep (each
-- name is a global of the thread's state, summed over the threads).
extra = extra or {}

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("@@ requests %d\n", summary.requests))
  io.write(string.format("@@ duration_us %d\n", summary.duration))
  io.write(string.format("@@ p50_us %d\n", latency:percentile(50)))
  io.write(string.format("@@ p95_us %d\n", latency:percentile(95)))
  io.write(string.format("@@ p99_us %d\n", latency:percentile(99)))
  io.write(string.format("@@ errors_socket %d\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("@@ errors_status %d\n", e.status))
  for _, name in ipairs(extra) do
    local total = 0
    for _, t in ipairs(threads) do
      total = total + (tonumber(t:get(name)) or 0)
    end
    io.write(string.format("@@ %s %d\n", name, total))
  end
end
