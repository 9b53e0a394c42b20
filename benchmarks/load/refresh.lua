-- POST /api/auth/refresh with refresh tokens taken in turn from tokens.txt (one per line).
local tokens = {}
local next_index = 1

function init(args)
  for line in io.lines(args[1]) do
    tokens[#tokens + 1] = line
  end
end

function request()
  local token = tokens[next_index]
  next_index = next_index % #tokens + 1
  return wrk.format("POST", "/api/auth/refresh", { ["Content-Type"] = "application/json" },
    '{"refresh_token":"' .. token .. '"}')
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
