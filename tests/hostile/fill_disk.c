/* Fills one file in its working directory until the write is refused (it does not catch
 * SIGXFSZ). stdin: the file name. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

int main(void) {
    char name[256];
    if (scanf("%255s", name) != 1)
        return 2;
    int fd = open(name, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        perror("open");
        return 3;
    }
    static char chunk[1 << 16];
    memset(chunk, 'd', sizeof chunk);
    for (;;) {
        if (write(fd, chunk, sizeof chunk) < 0) {
            perror("write");
            return 1;
        }
    }
}
