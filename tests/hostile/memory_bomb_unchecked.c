/* One huge allocation, far past any memory limit, touched without checking for NULL. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t size = (size_t)1 << 30;
    char *p = malloc(size);
    memset(p, 1, size);
    printf("%d\n", p[size - 1]);
    return 0;
}
