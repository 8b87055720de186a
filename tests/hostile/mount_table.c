/* Prints the sandbox's mount tables as a C program sees them: /proc/self/mountinfo (every
 * mount's source root and mount point) and /proc/self/mounts, each line as it is read. */
#include <stdio.h>

int main(void) {
    const char *names[] = {"/proc/self/mountinfo", "/proc/self/mounts"};
    char line[4096];
    for (int i = 0; i < 2; i++) {
        FILE *f = fopen(names[i], "r");
        if (!f) {
            perror(names[i]);
            return 1;
        }
        while (fgets(line, sizeof line, f))
            printf("%s %s", names[i], line);
        fclose(f);
    }
    return 0;
}
