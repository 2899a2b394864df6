-- wrk script: rotates through prepared requests, one per line of the file named by BENCH_REQUESTS:
--   <path> TAB <bearer token> [TAB <etag sent as If-None-Match>]
-- and prints the figures as one JSON line that bench.run reads.
local requests = {}
local n = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_REQUESTS")) do
    if #line > 0 then
      local path, token, etag = line:match("^([^\t]+)\t([^\t]+)\t?([^\t]*)$")
      local headers = { ["Authorization"] = "Bearer " .. token, ["Accept"] = "application/json" }
      if etag ~= nil and #etag > 0 then headers["If-None-Match"] = etag end
      requests[#requests + 1] = wrk.format("GET", path, headers)
    end
  end
  math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16) % 1000)
  n = math.random(#requests)
end

function request()
  n = n + 1
  return requests[n % #requests + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "socket_errors": %d, "non_2xx": %d, ' ..
    '"p50_us": %d, "p90_us": %d, "p99_us": %d}\n',
    summary.requests, summary.duration, e.connect + e.read + e.write + e.timeout, e.status,
    latency:percentile(50), latency:percentile(90), latency:percentile(99)))
end
