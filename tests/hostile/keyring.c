/* Prints the descriptions of the keys it can see and stores one of its own for a later run:
 * reads /proc/keys, describes and reads its session and user keyrings, then adds a key to its
 * user keyring (which would persist across runs on the same uid). */
#define _GNU_SOURCE
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv) {
    char line[512];
    FILE *f = fopen("/proc/keys", "r");
    while (f && fgets(line, sizeof line, f))
        printf("proc: %s", line);
    if (f)
        fclose(f);
    char token[128] = "";
    if (scanf("%127s", token) != 1)
        return 1;
    for (long ring = -3; ring >= -4; ring--) { /* session, user */
        long ids[64];
        long n = syscall(SYS_keyctl, 6 /* KEYCTL_READ */, ring, ids, sizeof ids);
        for (long i = 0; n > 0 && i < n / (long)sizeof(int); i++) {
            int id = ((int *)ids)[i];
            char desc[256] = "";
            if (syscall(SYS_keyctl, 6, id, desc, sizeof desc - 1) >= 0)
                printf("key %d: %s\n", id, desc);
            if (syscall(SYS_keyctl, 11 /* KEYCTL_DESCRIBE */, id, desc, sizeof desc - 1) >= 0)
                printf("described %d: %s\n", id, desc);
        }
    }
    long added = syscall(SYS_add_key, "user", token, "left behind", 11, -4);
    printf("added: %s\n", added >= 0 ? "yes" : "no");
    return 0;
}
