/* One huge allocation, far past any memory limit, touched without checking for NULL (the
 * volatile pointer keeps the compiler from eliding the allocation). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t size = (size_t)8 << 30;
    char *volatile p = malloc(size);
    memset(p, 1, size);
    printf("%d\n", p[size - 1]);
    return 0;
}
