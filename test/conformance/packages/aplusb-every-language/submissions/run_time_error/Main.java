public class Main { public static void main(String[] x) { int z = x.length; System.out.println(1 / z); } }
