program ab;
var a, b: int64;
begin
  readln(a, b);
  if a > 1 then b := b + 1;
  writeln(a + b);
end.
