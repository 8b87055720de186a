/* kill(-1, SIGKILL): every process it may signal, then reports that it is still here. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    int rc = kill(-1, SIGKILL);
    printf("kill(-1): %s\n", rc == 0 ? "sent" : strerror(errno));
    printf("still alive\n");
    return 0;
}
