// Allocates 1 GiB outside the Java heap, 64 MiB at a time, touching every page.
import java.lang.reflect.Field;
import sun.misc.Unsafe;

public class OffHeap {
    public static void main(String[] args) throws Exception {
        Field f = Unsafe.class.getDeclaredField("theUnsafe");
        f.setAccessible(true);
        Unsafe unsafe = (Unsafe) f.get(null);
        long chunk = 64L << 20;
        for (int i = 0; i < 16; i++) {
            long at = unsafe.allocateMemory(chunk);
            unsafe.setMemory(at, chunk, (byte) 1);
        }
        System.out.println("held 1 GiB off the heap");
    }
}
