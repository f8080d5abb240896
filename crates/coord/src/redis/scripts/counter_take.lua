-- KEYS[1] the day's counters. Returns them as field/value pairs and deletes them.
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return all
