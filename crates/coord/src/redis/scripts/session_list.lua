-- KEYS[1] sessions set. ARGV[1] key base.
-- Returns, per session: name, premium, alive, jobs, bytes, cooldown left ms, dead (0/1),
-- dead reason, peer count.
local base = ARGV[1]
local now = now_ms()
local out = {}
for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  local h = redis.call('HMGET', base .. 'session:' .. id,
    'premium', 'alive_until', 'cooldown_until', 'dead', 'jobs', 'bytes')
  local left = math.max(tonumber(h[3] or 0) - now, 0)
  out[#out + 1] = {
    id, h[1] or '0', tonumber(h[2] or 0) > now and '1' or '0', h[5] or '0', h[6] or '0',
    num(left), h[4] and '1' or '0', h[4] or '', redis.call('SCARD', base .. 'peers:' .. id),
  }
end
return out
