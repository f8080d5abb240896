-- KEYS[1] the lock. ARGV[1] holder, ARGV[2] ttl ms. Returns 1 when the holder now has it.
local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then
  return 0
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return 1
