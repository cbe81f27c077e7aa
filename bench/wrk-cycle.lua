-- Appended to a `paths = { ... }` table by bench/serve-load.sh and bench/serve-search.sh: wrk
-- cycles through the paths and prints one summary line (requests/s, p50, p99, errors).
local n = 0
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1])
end
done = function(summary, latency, requests)
  local e = summary.errors
  local bad = e.connect + e.read + e.write + e.timeout + e.status
  io.write(string.format("%d requests in %.1f s = %.0f req/s; p50 %.1f ms, p99 %.1f ms; errors %d (non-2xx %d, socket %d)\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, bad, e.status, e.connect + e.read + e.write + e.timeout))
end
