/* Holds 200 MiB of SysV shared memory and detaches it: the segment outlives the mapping. */
#include <stdio.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/shm.h>

int main(void) {
    size_t size = 200u << 20;
    int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);
    if (id < 0) {
        perror("shmget");
        return 1;
    }
    for (int i = 0; i < 4; i++) {
        char *p = shmat(id, NULL, 0);
        if (p == (void *)-1) {
            perror("shmat");
            return 1;
        }
        memset(p + (size / 4) * i, 'x', size / 4);
        shmdt(p);
    }
    printf("held 200 MiB of SysV shared memory\n");
    return 0;
}
