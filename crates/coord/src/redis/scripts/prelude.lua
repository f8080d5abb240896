-- Shared helpers (prepended to every script).
-- Server time, so every process agrees on one clock.
local function now_us()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000000 + tonumber(t[2])
end
local function now_ms()
  return math.floor(now_us() / 1000)
end
-- A number as an integer string: Lua would print big numbers in exponent notation.
local function num(x)
  return string.format('%.0f', x)
end
