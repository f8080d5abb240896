-- KEYS[1] session hash. ARGV[1] jobs delta, ARGV[2] bytes delta. Loads never go below zero.
-- Returns 0 when the session is unknown, 1 when done.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
for i, field in ipairs({ 'jobs', 'bytes' }) do
  local value = tonumber(redis.call('HGET', KEYS[1], field) or 0) + tonumber(ARGV[i])
  if value < 0 then
    value = 0
  end
  redis.call('HSET', KEYS[1], field, num(value))
end
return 1
