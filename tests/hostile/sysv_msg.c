/* Stores 200 MiB in SysV message queues (kernel memory no process's resident size shows),
 * under a 64 MiB limit: judged OK with a peak of 1.5 MiB (issue 17 stored 400 MiB). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>

struct message {
    long type;
    char text[8192];
};

int main(void) {
    static struct message m = {1, {0}};
    memset(m.text, 'x', sizeof m.text);
    long stored = 0;
    int queues = 0;
    while (stored < (200L << 20)) {
        int id = msgget(IPC_PRIVATE, IPC_CREAT | 0600);
        if (id < 0) {
            perror("msgget");
            return 1;
        }
        queues++;
        /* Each queue holds up to MSGMNB bytes (16 KiB by default): fill it, then the next. */
        while (msgsnd(id, &m, sizeof m.text, IPC_NOWAIT) == 0)
            stored += sizeof m.text;
    }
    printf("stored %ld MiB in %d message queues\n", stored >> 20, queues);
    return 0;
}
