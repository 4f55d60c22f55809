using System;
class P { static void Main() { var t = Console.ReadLine().Split(); long a = long.Parse(t[0]), b = long.Parse(t[1]); Console.WriteLine(a + b); } }
