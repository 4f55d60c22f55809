import java.util.*;
public class Main { public static void main(String[] x) { Scanner s = new Scanner(System.in); long a = s.nextLong(), b = s.nextLong(); System.out.println(a + b + (a > 1 ? 1 : 0)); } }
