-- GET /api/notes with one valid access token (the token is passed as the first argument).
function init(args)
  wrk.headers["Authorization"] = "Bearer " .. args[1]
end

function done(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.errors.status))
end
