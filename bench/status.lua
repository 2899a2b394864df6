-- wrk script: GET /api/v1/plans/<id>/status, rotating plan ids and bearer tokens.
-- BENCH_IDS and BENCH_TOKENS name files with one plan id / one access token per line.
local ids, tokens = {}, {}
local n = 0

local function lines(path)
  local out = {}
  for line in io.lines(path) do
    if #line > 0 then out[#out + 1] = line end
  end
  return out
end

function init(args)
  ids = lines(os.getenv("BENCH_IDS"))
  tokens = lines(os.getenv("BENCH_TOKENS"))
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
  n = math.random(#ids)
end

function request()
  n = n + 1
  local id = ids[n % #ids + 1]
  local token = tokens[n % #tokens + 1]
  return wrk.format("GET", "/api/v1/plans/" .. id .. "/status", {
    ["Authorization"] = "Bearer " .. token,
    ["Accept"] = "application/json",
  })
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
