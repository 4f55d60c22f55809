let () = Scanf.scanf " %d %d" (fun a b -> Printf.printf "%d\n" (a + b + if a > 1 then 1 else 0))
