let () = let x = ref 0 in while true do incr x done
