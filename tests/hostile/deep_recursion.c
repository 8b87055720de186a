/* Unbounded recursion, each frame holding (and touching) a kilobyte of stack. */
#include <stdio.h>

static int down(int n) {
    volatile char frame[1024];
    frame[n % sizeof frame] = (char)n;
    return down(n + 1) + frame[(n * 7) % sizeof frame];
}

int main(void) {
    printf("%d\n", down(0));
    return 0;
}
