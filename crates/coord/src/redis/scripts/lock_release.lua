-- KEYS[1] the lock. ARGV[1] holder. Deletes it only when the holder has it; returns 1 then.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  redis.call('DEL', KEYS[1])
  return 1
end
return 0
