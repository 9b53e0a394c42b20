-- POST /api/auth/refresh with rotation on, for a random one of the devices run-refresh-http.sh logged
-- in (their refresh tokens are in the file named by the first argument, one a line). Each wrk thread
-- owns a share of the devices (the second argument is the number of threads) and replaces a device's
-- token with the successor from the response, so no token is ever presented twice.
local threads = 0

function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local free = {}

function init(args)
  local n, i = tonumber(args[2]), 0
  for line in io.lines(args[1]) do
    if i % n == id then
      free[#free + 1] = line
    end
    i = i + 1
  end
  math.randomseed(os.time() + id * 7)
end

function request()
  local i = math.random(1, #free)
  local token = free[i]
  free[i] = free[#free]
  free[#free] = nil
  return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function response(status, headers, body)
  local token = body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if token then
    free[#free + 1] = token
  end
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
