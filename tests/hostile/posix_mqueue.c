/* Opens POSIX message queues (mq_open), memory kept by the kernel outside the run's limit. */
#include <fcntl.h>
#include <mqueue.h>
#include <stdio.h>

int main(void) {
    char name[32];
    int opened = 0;
    for (int i = 0; i < 64; i++) {
        snprintf(name, sizeof name, "/hostile-%d", i);
        if (mq_open(name, O_CREAT | O_RDWR, 0600, NULL) == (mqd_t)-1) {
            perror("mq_open");
            return 1;
        }
        opened++;
    }
    printf("opened %d message queues\n", opened);
    return 0;
}
