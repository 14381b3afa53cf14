// The Swift floor: the least a Swift program does, built like the release binary (fully static, -Osize).
print("hello")
