class P { static void Main() { long x = 0; while (true) { x++; if (x == -1) break; } System.Console.WriteLine(x); } }
