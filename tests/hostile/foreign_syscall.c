/* Makes a syscall through the 32-bit entry (int 0x80 on x86_64), which a filter written only
 * for the native syscall numbers would not see. */
#include <stdio.h>

int main(void) {
    long rc = 20; /* getpid in the i386 table */
#if defined(__x86_64__)
    __asm__ volatile("int $0x80" : "+a"(rc) : : "memory");
#endif
    printf("getpid via int 0x80: %ld\n", rc);
    return 0;
}
