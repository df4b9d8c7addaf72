-- Twin of loop.go: an integer loop of 1e8 iterations.
local sum = 0
for i = 0, 100000000 - 1 do
  sum = sum + (i ~ (i >> 3))
end
io.stderr:write(sum, "\n")
