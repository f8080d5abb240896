-- KEYS[1] sessions set, KEYS[2] session hash. ARGV[1] name, ARGV[2] premium (0/1), ARGV[3] ttl ms.
-- Alive for ttl, load reset, dead mark cleared; cooldown and peers kept.
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[2], 'premium', ARGV[2], 'alive_until', num(now_ms() + tonumber(ARGV[3])),
  'jobs', '0', 'bytes', '0')
redis.call('HDEL', KEYS[2], 'dead')
return 1
