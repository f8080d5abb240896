-- KEYS[1] the key's theoretical arrival time (µs). ARGV[1] emission interval µs, ARGV[2] burst count.
-- GCRA: returns {1, 0} when the event fits (and counts it), {0, retry_after_us} otherwise.
local now = now_us()
local emission = tonumber(ARGV[1])
local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or 0), now)
local new_tat = tat + emission
local allow_at = new_tat - emission * tonumber(ARGV[2])
if now < allow_at then
  return { 0, num(allow_at - now) }
end
redis.call('SET', KEYS[1], num(new_tat), 'PX', num(math.ceil((new_tat - now) / 1000)))
return { 1, '0' }
