-- wrk script for the tracking benchmark: POSTs pre-built JSON bodies (one per line of the file
-- named by WRK_BODIES) in turn, each connection starting at its own offset, with a Bearer token
-- (WRK_TOKEN). Requests are formatted once at start-up, so the client does no work per call.
-- At the end it prints one JSON line: counts and latency percentiles in microseconds.
local token = os.getenv("WRK_TOKEN") or "x"
local requests_ = {}
local n = 0
local i = 0

-- Built in init, once wrk has put Host (which HTTP/1.1 requires) into wrk.headers.
init = function(_)
  wrk.headers["content-type"] = "application/json"
  wrk.headers["authorization"] = "Bearer " .. token
  for line in io.lines(os.getenv("WRK_BODIES")) do
    requests_[#requests_ + 1] = wrk.format("POST", nil, nil, line)
  end
  n = #requests_
end

request = function()
  i = i % n + 1
  return requests_[i]
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,' ..
      '"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
