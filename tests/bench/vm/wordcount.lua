-- Twin of wordcount.go: the same words, in short chunks, each split on
-- spaces and counted in one table.
local syllables = "ka lo mi ne ru sa to vi de po"
local function word(n)
  local w = ""
  while true do
    local i = n % 10
    w = w .. syllables:sub(i * 3 + 1, i * 3 + 2)
    n = n // 10
    if n == 0 then return w end
  end
end
local function count(text, counts)
  local start = 1
  for i = 1, #text do
    if text:byte(i) == 32 then
      if i > start then
        local w = text:sub(start, i - 1)
        counts[w] = (counts[w] or 0) + 1
      end
      start = i + 1
    end
  end
end
local counts = {}
local seed = 42
local chunk = ""
for _ = 1, 2000000 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  chunk = chunk .. word(seed % 5000) .. " "
  if #chunk > 256 then
    count(chunk, counts)
    chunk = ""
  end
end
count(chunk, counts)
local n, best, bestWord = 0, 0, ""
for w, c in pairs(counts) do
  n = n + 1
  if c > best or (c == best and w < bestWord) then best, bestWord = c, w end
end
io.stderr:write(n, " distinct words; most frequent: ", bestWord, " ", best, "\n")
