import type { Redis } from "@shared/bus/redis.ts";

// Shared Lua prelude: clock from Redis (one clock for every process), bucket shape and refill.
// A vendor limit below ours (fields vrl / vtl) lowers the limit and halves the burst at most.
const PRELUDE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + tonumber(t[2]) / 1000
local window = tonumber(ARGV[5])
local function shape(limit, burst, vendor)
  if vendor and tonumber(vendor) < limit then
    local l = tonumber(vendor)
    local cap = math.min(burst, l / 2)
    return cap, (l - cap) / window
  end
  return burst, (limit - burst) / window
end
local function level(lv, ts, cap, rate)
  if not lv then return cap end
  return math.min(cap, tonumber(lv) + (now - tonumber(ts)) * rate)
end
local function num(x) return string.format('%.6f', x) end
local s = redis.call('HMGET', KEYS[1], 'rl', 'rt', 'tl', 'tt', 'last', 'pause', 'vrl', 'vtl')
local req_limit, req_burst = tonumber(ARGV[1]), tonumber(ARGV[2])
local tok_limit, tok_burst = tonumber(ARGV[3]), tonumber(ARGV[4])
local rcap, rrate = shape(req_limit, req_burst, s[7])
local rl = level(s[1], s[2], rcap, rrate)
local tcap, trate, tl = 0, 0, 0
if tok_limit > 0 then
  tcap, trate = shape(tok_limit, tok_burst, s[8])
  tl = level(s[3], s[4], tcap, trate)
end
local function keep_until_full()
  local ms = 2 * window
  if rrate > 0 then ms = math.max(ms, (rcap - rl) / rrate) end
  if tok_limit > 0 and trate > 0 then ms = math.max(ms, (tcap - tl) / trate) end
  if s[6] then ms = math.max(ms, tonumber(s[6]) - now) end
  redis.call('PEXPIRE', KEYS[1], math.ceil(ms) + 1000)
end
`;

/**
 * ARGV: req_limit, req_burst, tok_limit, tok_burst, window_ms, min_gap_ms, tokens.
 * Takes one request and `tokens` tokens only if all of them (and the gap and any pause) allow it.
 * Returns {granted 0|1, wait_ms, now_ms}.
 */
export const ACQUIRE = `${PRELUDE}
local gap, weight = tonumber(ARGV[6]), tonumber(ARGV[7])
local wait = 0
local rneed = math.min(1, rcap)
if rl < rneed then wait = math.max(wait, (rneed - rl) / rrate) end
if tok_limit > 0 then
  local tneed = math.min(weight, tcap)
  if tl < tneed then wait = math.max(wait, (tneed - tl) / trate) end
end
if s[5] and gap > 0 then wait = math.max(wait, tonumber(s[5]) + gap - now) end
if s[6] then wait = math.max(wait, tonumber(s[6]) - now) end
if wait > 0 then return {0, tostring(math.ceil(wait)), num(now)} end
rl = rl - 1
redis.call('HSET', KEYS[1], 'rl', num(rl), 'rt', num(now), 'last', num(now))
if tok_limit > 0 then
  tl = tl - weight
  redis.call('HSET', KEYS[1], 'tl', num(tl), 'tt', num(now))
end
keep_until_full()
return {1, '0', num(now)}
`;

/** ARGV 1..5 as ACQUIRE, then delta: tokens to give back (estimate − actual; negative takes more). */
export const SETTLE = `${PRELUDE}
if tok_limit <= 0 or not s[3] then return 0 end
tl = math.min(tcap, tl + tonumber(ARGV[6]))
redis.call('HSET', KEYS[1], 'tl', num(tl), 'tt', num(now))
keep_until_full()
return 1
`;

/**
 * ARGV 1..5 as ACQUIRE, then vendor request limit, requests remaining, token limit, tokens
 * remaining, pause ms ('' when unknown). Lowers our limits and levels to the vendor's, never raises
 * levels; a vendor limit at or above ours is forgotten.
 */
export const OBSERVE = `${PRELUDE}
local vrl, vrr, vtl, vtr, pause_ms = ARGV[6], ARGV[7], ARGV[8], ARGV[9], ARGV[10]
if vrl ~= '' then
  if tonumber(vrl) < req_limit then redis.call('HSET', KEYS[1], 'vrl', vrl) else redis.call('HDEL', KEYS[1], 'vrl') end
end
if vrr ~= '' and tonumber(vrr) < rl then
  rl = tonumber(vrr)
  redis.call('HSET', KEYS[1], 'rl', num(rl), 'rt', num(now))
end
if tok_limit > 0 then
  if vtl ~= '' then
    if tonumber(vtl) < tok_limit then redis.call('HSET', KEYS[1], 'vtl', vtl) else redis.call('HDEL', KEYS[1], 'vtl') end
  end
  if vtr ~= '' and tonumber(vtr) < tl then
    tl = tonumber(vtr)
    redis.call('HSET', KEYS[1], 'tl', num(tl), 'tt', num(now))
  end
end
if pause_ms ~= '' then
  local until_ms = now + tonumber(pause_ms)
  if not s[6] or tonumber(s[6]) < until_ms then
    redis.call('HSET', KEYS[1], 'pause', num(until_ms))
    s[6] = num(until_ms)
  end
end
keep_until_full()
return 1
`;

const shas = new Map<string, string>();

/** EVALSHA with a fallback to EVAL when the server does not have the script cached yet. */
export async function runScript(redis: Redis, script: string, key: string, args: (string | number)[]): Promise<unknown> {
  let sha = shas.get(script);
  if (!sha) {
    sha = new Bun.CryptoHasher("sha1").update(script).digest("hex");
    shas.set(script, sha);
  }
  try {
    return await redis.evalsha(sha, 1, key, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.includes("NOSCRIPT")) throw error;
    return await redis.eval(script, 1, key, ...args);
  }
}
