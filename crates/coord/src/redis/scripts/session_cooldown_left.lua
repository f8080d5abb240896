-- KEYS[1] session hash. Returns -1 when the session is unknown, else the cooldown left in ms.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return -1
end
local left = tonumber(redis.call('HGET', KEYS[1], 'cooldown_until') or 0) - now_ms()
if left < 0 then
  left = 0
end
return left
