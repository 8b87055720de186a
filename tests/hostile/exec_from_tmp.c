/* Runs code it wrote itself in every writable folder it has (/tmp, and /judge/out when it is
 * there): copies `echo` into the folder and execs the copy. Prints its capability sets first
 * (the program must hold none, whoever runs the judge), then per folder "DIR: refused ERRNO"
 * or, through the copied echo, "DIR: ALLOWED" (which ends the program). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int copy(const char *from, const char *to) {
    char buf[65536];
    ssize_t n;
    int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT | O_TRUNC, 0755);
    if (in < 0 || out < 0)
        return -1;
    while ((n = read(in, buf, sizeof buf)) > 0)
        if (write(out, buf, (size_t)n) != n)
            return -1;
    close(in);
    return close(out);
}

int main(void) {
    char line[256];
    FILE *status = fopen("/proc/self/status", "r");
    while (status && fgets(line, sizeof line, status))
        if (strncmp(line, "Cap", 3) == 0)
            fputs(line, stdout);
    const char *dirs[] = {"/tmp", "/judge/out"};
    for (int i = 0; i < 2; i++) {
        char path[64], said[64];
        if (access(dirs[i], W_OK) != 0)
            continue;
        snprintf(path, sizeof path, "%s/mine", dirs[i]);
        snprintf(said, sizeof said, "%s: ALLOWED", dirs[i]);
        if (copy("/usr/bin/echo", path) < 0) {
            printf("%s: cannot copy: %s\n", dirs[i], strerror(errno));
            continue;
        }
        fflush(stdout);
        execl(path, path, said, (char *)NULL);
        printf("%s: refused %s\n", dirs[i], errno == EACCES ? "EACCES" : strerror(errno));
    }
    return 0;
}
