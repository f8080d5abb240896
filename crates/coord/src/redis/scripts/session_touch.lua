-- KEYS[1] session hash, KEYS[2] peers set. ARGV[1] operation, ARGV[2] its value.
-- Returns 0 when the session is unknown, 1 when done.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local op, value = ARGV[1], ARGV[2]
if op == 'heartbeat' then
  redis.call('HSET', KEYS[1], 'alive_until', num(now_ms() + tonumber(value)))
elseif op == 'deregister' then
  redis.call('HSET', KEYS[1], 'alive_until', '0')
elseif op == 'cooldown' then
  local ends = now_ms() + tonumber(value)
  if ends > tonumber(redis.call('HGET', KEYS[1], 'cooldown_until') or 0) then
    redis.call('HSET', KEYS[1], 'cooldown_until', num(ends))
  end
elseif op == 'dead' then
  redis.call('HSET', KEYS[1], 'dead', value)
elseif op == 'peer' then
  redis.call('SADD', KEYS[2], value)
else
  return redis.error_reply('unknown session operation ' .. op)
end
return 1
