/* One huge allocation, far past any memory limit, then touched. The refusal is reported the way
 * a careful C program would (perror: "Cannot allocate memory"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(void) {
    size_t size = (size_t)8 << 30;
    char *p = malloc(size);
    if (p == NULL) {
        perror("malloc");
        return 1;
    }
    memset(p, 1, size);
    printf("%d\n", p[size - 1]);
    return 0;
}
