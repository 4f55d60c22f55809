let () = Printf.printf "%d\n" (1 / (Array.length Sys.argv - 1))
