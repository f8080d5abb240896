-- KEYS[1] the host's permits (sorted set of '<id>:<holder>' by expiry ms), KEYS[2] id sequence.
-- ARGV[1] holder, ARGV[2] limit, ARGV[3] ttl ms.
-- Drops lapsed permits, then grants one if fewer than limit remain. Returns its id or nil.
local now = now_ms()
local ttl = tonumber(ARGV[3])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', num(now))
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then
  return nil
end
local id = redis.call('INCR', KEYS[2])
redis.call('ZADD', KEYS[1], num(now + ttl), id .. ':' .. ARGV[1])
-- The set outlives its longest permit, and no longer: dead holders leave nothing behind.
if redis.call('PTTL', KEYS[1]) < ttl then
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
end
return id
