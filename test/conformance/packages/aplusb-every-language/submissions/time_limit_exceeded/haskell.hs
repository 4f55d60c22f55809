loop :: Int -> Int
loop x = loop (x + 1)
main :: IO ()
main = print (loop 0)
