-- KEYS[1] the host's permits. Returns the members of the live ones.
return redis.call('ZRANGEBYSCORE', KEYS[1], '(' .. num(now_ms()), '+inf')
