local a, b = io.read("n", "n")
if a > 1 then b = b + 1 end
print(math.tointeger(a + b))
