-- KEYS[1] sessions set. ARGV[1] key base, ARGV[2] needs premium (0/1), ARGV[3] needed peer or '',
-- ARGV[4] restricted (0/1), ARGV[5..] when restricted: the only session names to consider.
-- Picks the eligible session with the fewest jobs, then bytes, then the one chosen least
-- recently, then the lowest name, and reserves one job on it. Returns its name, or nil
-- when none is eligible. `choice-seq` numbers the choices for the recency tie-break.
local base, needs_premium, peer = ARGV[1], ARGV[2] == '1', ARGV[3]
local now = now_ms()
local candidates
if ARGV[4] == '1' then
  candidates = {}
  for i = 5, #ARGV do
    if redis.call('SISMEMBER', KEYS[1], ARGV[i]) == 1 then
      candidates[#candidates + 1] = ARGV[i]
    end
  end
else
  candidates = redis.call('SMEMBERS', KEYS[1])
end
local best, best_jobs, best_bytes, best_chosen
for _, id in ipairs(candidates) do
  local h = redis.call('HMGET', base .. 'session:' .. id,
    'premium', 'alive_until', 'cooldown_until', 'dead', 'jobs', 'bytes', 'chosen')
  local eligible = tonumber(h[2] or 0) > now
    and tonumber(h[3] or 0) <= now
    and not h[4]
    and (h[1] == '1' or not needs_premium)
    and (peer == '' or redis.call('SISMEMBER', base .. 'peers:' .. id, peer) == 1)
  if eligible then
    local jobs, bytes, chosen = tonumber(h[5] or 0), tonumber(h[6] or 0), tonumber(h[7] or 0)
    if best == nil or jobs < best_jobs or (jobs == best_jobs and (bytes < best_bytes
        or (bytes == best_bytes and (chosen < best_chosen
        or (chosen == best_chosen and id < best))))) then
      best, best_jobs, best_bytes, best_chosen = id, jobs, bytes, chosen
    end
  end
end
if best then
  local order = redis.call('INCR', base .. 'choice-seq')
  redis.call('HSET', base .. 'session:' .. best, 'chosen', order)
  redis.call('HINCRBY', base .. 'session:' .. best, 'jobs', 1)
end
return best
