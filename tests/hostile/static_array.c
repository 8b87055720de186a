/* A 2 GiB static array, every page of it touched. */
#include <stdio.h>
#include <string.h>

static char a[1UL << 31];

int main(void) {
    memset(a, 1, sizeof a);
    printf("%d\n", a[sizeof a - 1]);
    return 0;
}
