-- POST /api/auth/refresh for random sessions among the ones run-http-load.sh seeded:
-- session g's refresh token is g left-padded with "A" to 43 characters.
local sessions = 10000

function init(args)
  sessions = tonumber(args[1])
  math.randomseed(os.time() + (wrk.thread and 7 or 0))
end

function request()
  local g = tostring(math.random(1, sessions))
  local token = string.rep("A", 43 - #g) .. g
  return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
