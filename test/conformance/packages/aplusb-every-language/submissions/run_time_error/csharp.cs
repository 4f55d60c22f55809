class P { static void Main(string[] x) { int z = x.Length; System.Console.WriteLine(1 / z); } }
