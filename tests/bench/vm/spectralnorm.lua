-- Twin of spectralnorm.go (n = 1000).
local function A(i, j)
  local ij = i + j
  return 1.0 / (ij * (ij + 1) // 2 + i + 1)
end
local function times(v, u, n)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + A(i, j) * u[j] end
    v[i] = s
  end
end
local function timesTransp(v, u, n)
  for i = 0, n - 1 do
    local s = 0.0
    for j = 0, n - 1 do s = s + A(j, i) * u[j] end
    v[i] = s
  end
end
local function atimesTransp(v, u, tmp, n)
  times(tmp, u, n)
  timesTransp(v, tmp, n)
end
local n = 1000
local u, v, tmp = {}, {}, {}
for i = 0, n - 1 do u[i] = 1.0; v[i] = 0.0; tmp[i] = 0.0 end
for _ = 1, 10 do
  atimesTransp(v, u, tmp, n)
  atimesTransp(u, v, tmp, n)
end
local vBv, vv = 0.0, 0.0
for i = 0, n - 1 do
  vBv = vBv + u[i] * v[i]
  vv = vv + v[i] * v[i]
end
io.stderr:write(string.format("%.9f\n", math.sqrt(vBv / vv)))
