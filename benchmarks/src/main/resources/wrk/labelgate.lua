-- wrk script of labelgate's load benchmark (LoadRun): each request carries a credential picked at
-- random from a file (one per line: token strings, or session cookie values), as a deployment with
-- many clients would see; every answer must be 200 "Hello, World!". At the end it prints one
-- machine-readable line, LABELGATE-RESULT, that LoadRun parses.
--
-- Environment: LABELGATE_CREDENTIALS (a file; unset: no credential), LABELGATE_MODE (bearer|cookie).

local credentials = {}
local mode = os.getenv("LABELGATE_MODE") or "bearer"
local threads = {}
-- globals, not locals: done() reads them from each thread with thread:get, which sees globals only
wrong = 0
first = nil

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local file = os.getenv("LABELGATE_CREDENTIALS")
  if file ~= nil and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then
        table.insert(credentials, line)
      end
    end
    if #credentials == 0 then
      error("no credential in " .. file)
    end
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
end

function request()
  local headers = {}
  if #credentials > 0 then
    local credential = credentials[math.random(#credentials)]
    if mode == "cookie" then
      headers["Cookie"] = "labelgate-session=" .. credential
    else
      headers["Authorization"] = "Bearer " .. credential
    end
  end
  return wrk.format("GET", nil, headers, nil)
end

function response(status, headers, body)
  if status ~= 200 or body ~= "Hello, World!" then
    wrong = wrong + 1
    if first == nil then
      first = "status " .. status
    end
  end
end

function done(summary, latency, requests)
  local errors = 0
  local firstError = "-"
  for _, thread in ipairs(threads) do
    errors = errors + (thread:get("wrong") or 0)
    local f = thread:get("first")
    if f ~= nil and firstError == "-" then
      firstError = f
    end
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format("LABELGATE-RESULT requests=%d errors=%d socket_errors=%d duration_us=%d p50_us=%d p99_us=%d mean_us=%.1f first=%s\n",
    summary.requests, errors, socket, summary.duration, latency:percentile(50), latency:percentile(99), latency.mean,
    string.gsub(firstError, " ", "_")))
end
