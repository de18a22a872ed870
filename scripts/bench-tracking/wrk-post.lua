-- wrk script for the tracking benchmark: POSTs pre-built JSON bodies (one per line of the file
-- named by WRK_BODIES) with a Bearer token (WRK_TOKEN). A body's "RUN_ID" is replaced by a run
-- id from WRK_RUNS (comma-separated): the bodies go out in file order to one run, then again to
-- the next, so within a run steps rise the way a training loop logs them and no (run, key,
-- step) is sent twice. The per-request work is one string concatenation.
-- At the end it prints one JSON line: counts and latency percentiles in microseconds.
local token = os.getenv("WRK_TOKEN") or "x"
local heads, tails, runs = {}, {}, {}
local b, r = 0, 1

-- Built in init, once wrk has put Host (which HTTP/1.1 requires) into wrk.headers.
init = function(_)
  wrk.method = "POST"
  wrk.headers["content-type"] = "application/json"
  wrk.headers["authorization"] = "Bearer " .. token
  for line in io.lines(os.getenv("WRK_BODIES")) do
    local at = string.find(line, "RUN_ID", 1, true)
    heads[#heads + 1] = string.sub(line, 1, at - 1)
    tails[#tails + 1] = string.sub(line, at + 6)
  end
  for id in string.gmatch(os.getenv("WRK_RUNS") or "none", "[^,]+") do runs[#runs + 1] = id end
end

request = function()
  b = b + 1
  if b > #heads then
    b = 1
    r = r % #runs + 1
  end
  return wrk.format(nil, nil, nil, heads[b] .. runs[r] .. tails[b])
end

done = function(summary, latency, _)
  local e = summary.errors
  io.write(string.format(
    '\nWRK_RESULT {"requests":%d,"duration_us":%d,"status_errors":%d,"socket_errors":%d,' ..
      '"p50":%d,"p90":%d,"p99":%d,"mean":%.1f,"max":%d}\n',
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.mean, latency.max))
end
