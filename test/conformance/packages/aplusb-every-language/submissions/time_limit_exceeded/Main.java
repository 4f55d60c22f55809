public class Main { public static void main(String[] x) { long i = 0; while (true) { i++; if (i == -1) break; } System.out.println(i); } }
