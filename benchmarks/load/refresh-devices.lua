-- POST /api/auth/refresh for a random one of the devices run-refresh-http.sh logged in: their
-- refresh tokens are in the file named by the first argument, one a line.
local tokens = {}

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
  math.randomseed(os.time() + (wrk.thread and 7 or 0))
end

function request()
  return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. tokens[math.random(1, #tokens)] .. '"}')
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
