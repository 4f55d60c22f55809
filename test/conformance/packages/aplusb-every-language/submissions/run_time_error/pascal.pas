program crash;
var p: ^longint;
begin
  p := nil;
  p^ := 42;
  writeln(p^);
end.
