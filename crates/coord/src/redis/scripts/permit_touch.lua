-- KEYS[1] the host's permits. ARGV[1] member '<id>:<holder>', ARGV[2] 'refresh' or 'release',
-- ARGV[3] ttl ms (refresh). Returns 1 when the permit was live, 0 when it had lapsed or gone.
local now = now_ms()
local expires = redis.call('ZSCORE', KEYS[1], ARGV[1])
if not expires then
  return 0
end
if tonumber(expires) <= now or ARGV[2] == 'release' then
  redis.call('ZREM', KEYS[1], ARGV[1])
  return tonumber(expires) > now and 1 or 0
end
local ttl = tonumber(ARGV[3])
redis.call('ZADD', KEYS[1], 'XX', num(now + ttl), ARGV[1])
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return 1
