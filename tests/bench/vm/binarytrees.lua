-- Twin of binarytrees.go (depth 16).
local function bottomUp(depth)
  if depth <= 0 then return {} end
  return { bottomUp(depth - 1), bottomUp(depth - 1) }
end
local function check(n)
  if n[1] == nil then return 1 end
  return 1 + check(n[1]) + check(n[2])
end
local n, minDepth = 16, 4
local maxDepth = n
if minDepth + 2 > n then maxDepth = minDepth + 2 end
local stretch = maxDepth + 1
io.stderr:write("stretch tree of depth ", stretch, "\t check: ", check(bottomUp(stretch)), "\n")
local long = bottomUp(maxDepth)
for d = minDepth, maxDepth, 2 do
  local iters = 1 << (maxDepth - d + minDepth)
  local c = 0
  for _ = 1, iters do c = c + check(bottomUp(d)) end
  io.stderr:write(iters, "\t trees of depth ", d, "\t check: ", c, "\n")
end
io.stderr:write("long lived tree of depth ", maxDepth, "\t check: ", check(long), "\n")
