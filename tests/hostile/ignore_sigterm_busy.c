/* Ignores every signal it may (SIGTERM, SIGXCPU, SIGINT, ...), then burns CPU forever. */
#include <signal.h>

int main(void) {
    for (int sig = 1; sig < NSIG; sig++)
        signal(sig, SIG_IGN); /* fails harmlessly for SIGKILL and SIGSTOP */
    volatile unsigned long n = 0;
    for (;;)
        n++;
}
