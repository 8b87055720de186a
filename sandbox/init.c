/*
 * The sandbox's first process: starts the program, reaps everything, and reports the run's
 * resource usage on a file descriptor the program never sees.
 *
 * Why it exists: wait4() on the process the judge forks reports a peak memory no lower than the
 * judge's own, because a forked child's high-water mark survives exec. This small static
 * program is forked from a tiny process, so the figures it reports belong to the program alone.
 *
 * Why it keeps its privileges: the program must not be able to reach the process that measures
 * it. The init stays root (when the judge is root) and non-dumpable, so a program running as the
 * sandbox uid can neither ptrace it, nor open /proc/1/mem, nor signal it; it drops to the
 * sandbox uid only in the forked child, just before exec. Because the init's own credentials
 * never change, the parent-death signal bubblewrap set on it survives, and a killed judge takes
 * the whole sandbox with it.
 *
 * Usage: init [OPTIONS] -- PROGRAM [ARGS...]
 *   -r FD        write the report to FD
 *   -u UID       run the program as UID/GID UID (needs root)
 *   -s FD        read a seccomp BPF program (raw struct sock_filter array) from FD and load it
 *                in the child after no_new_privs
 *   -c FD        write "0" to FD in the child (a cgroup v1 `tasks` file the judge opened): the
 *                program and all it starts are accounted in that cgroup; repeatable. `tasks`
 *                moves the writing thread alone, which the kernel does without the global
 *                threadgroup lock (and the RCU grace period its writers wait for, ~6 ms per
 *                controller) that `cgroup.procs` takes; the child is single-threaded here,
 *                so the thread is the whole process
 *   -l NAME=N    set resource limit NAME (cpu, as, stack, nproc, fsize, nofile, core, data) to
 *                N, soft and hard; N may be "unlimited"; repeatable
 *   -t USEC      arm a CPU-time timer (ITIMER_PROF, kept across exec) in the child: SIGPROF
 *                ends the program once it has used USEC microseconds of CPU, instead of at the
 *                next whole second of RLIMIT_CPU (still set, for programs that catch SIGPROF)
 *   -x PATH      remount PATH (a mount of the sandbox: its /tmp, a writable folder) with
 *                noexec, nosuid and nodev before anything else: what the program writes there
 *                cannot be executed or mapped executable (bubblewrap has no such option).
 *                Where that is refused (a judge that is not root: bubblewrap's own mount
 *                namespace belongs to an outer user namespace, where the init has nothing),
 *                the init moves into a mount namespace of its own, which it may change with
 *                the CAP_SYS_ADMIN that bubblewrap's `--cap-add` gave it in its user namespace.
 *                Needs CAP_SYS_ADMIN; repeatable; failure is fatal
 *   -C           drop every capability in the child before exec (bounding set, ambient,
 *                inheritable, permitted, effective): the init of a judge that is not root
 *                holds CAP_SYS_ADMIN and CAP_SETPCAP for -x, and the program must hold nothing.
 *                (With -u, the uid change drops them.) Failure is fatal
 *
 *   -F BYTES     (a test of a reused box, see below) a fresh /proc of this process's PID
 *                namespace and a fresh, empty /tmp of BYTES bytes (noexec, nosuid, nodev) in
 *                its own mount namespace, and the working folder entered again
 *
 * Usage: init -S FD [-- PROGRAM...]   (a reused box: docs/sandbox.md, "A box reused across tests")
 *   Serves runs one at a time on the connected socket FD. A request is "r" and the init's own
 *   arguments, NUL-separated, with five descriptors (stdin, stdout, stderr, report, filter)
 *   that become 0-4 of the run. Each run is a clone of this server in new PID and mount
 *   namespaces, where it is PID 1 and does exactly what the init above does (with -F): nothing
 *   a run starts outlives it, nothing it writes is seen by the next, and it cannot see this
 *   server. (No IPC namespace per run: the judge boxes only runs under a syscall filter, which
 *   refuses every SysV IPC and POSIX message queue call, so the box's own IPC namespace stays
 *   empty; a new one per run cost 2 ms, twice a small C program's whole run.) "k" on the socket ends the running program (its init reaps, measures and
 *   reports as for any run); the server answers "d" once the run's namespace is gone, and
 *   ends when the socket does.
 *
 * Report: "STATUS UTIME_US STIME_US MAXRSS_KIB STAGE ERRNO\n" once everything has ended, where
 * STATUS is the raw wait status of the program, the times and peak memory cover the program and
 * every descendant (all reaped: once the program ends, whatever it left running is killed and
 * reaped here), STAGE is 0 when the program ran, 1 when exec failed, 2 when setting up the
 * child failed, and ERRNO says why.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <linux/capability.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAX_FDS 8
#define MAX_NOEXEC 8
#define MAX_LIMITS 16
#define MAX_FILTER 4096 /* BPF_MAXINSNS */
#define KEYCTL_JOIN_SESSION_KEYRING_ 1

struct limit {
    int resource;
    rlim_t value;
};

struct failure {
    int stage;
    int err;
};

static struct sock_filter filter[MAX_FILTER];

#define MAX_REQUEST 65536
#define MAX_ARGS 512
#define REQUEST_FDS 5

static int limit_resource(const char *name) {
    static const struct {
        const char *name;
        int resource;
    } names[] = {{"cpu", RLIMIT_CPU},     {"as", RLIMIT_AS},       {"stack", RLIMIT_STACK},
                 {"nproc", RLIMIT_NPROC}, {"fsize", RLIMIT_FSIZE}, {"nofile", RLIMIT_NOFILE},
                 {"core", RLIMIT_CORE},   {"data", RLIMIT_DATA}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i].name, name) == 0)
            return names[i].resource;
    return -1;
}

static int parse_fd(const char *text) {
    char *end;
    long fd = strtol(text, &end, 10);
    return (*text && !*end && fd >= 0 && fd < 65536) ? (int)fd : -1;
}

static int usage(const char *self, const char *why) {
    fprintf(stderr, "sandbox init: %s\nusage: %s [-r FD] [-u UID] [-s FD] [-c FD]... "
                    "[-l NAME=N]... [-x PATH]... [-C] -- PROGRAM [ARGS...]\n", why, self);
    return 120;
}

/* Kill everything the program left behind, so that it is reaped (and counted) here. */
static void kill_leftovers(uid_t uid, int have_uid) {
    if (getpid() == 1) {
        /* PID 1 of the sandbox's PID namespace: -1 is everyone in it but us. */
        kill(-1, SIGKILL);
        return;
    }
    if (!have_uid)
        return; /* no namespace, no dedicated uid: nothing here can tell what is ours */
    /* The sandbox uid is this run's alone: a helper with that uid kills all it owns. */
    pid_t helper = fork();
    if (helper == 0) {
        if (setresuid(uid, uid, uid) == 0)
            kill(-1, SIGKILL);
        _exit(0);
    }
}

/* Every capability gone for good: bounding set first (it needs CAP_SETPCAP), then the
 * ambient set (bubblewrap's --cap-add fills it), then the process's own three sets. */
static int drop_capabilities(void) {
    for (int cap = 0; cap < 64; cap++)
        if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL)
            return -1;
    if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
        return -1;
    struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
    struct __user_cap_data_struct data[2];
    memset(data, 0, sizeof data);
    return (int)syscall(SYS_capset, &header, data);
}

static void stop_run(int sig, siginfo_t *info, void *context);
static int fresh_mounts(long long bytes);

static int run_init(int argc, char **argv) {
    long long fresh_bytes = -1;
    int report_fd = -1, filter_fd = -1, have_uid = 0, drop_caps = 0;
    unsigned long long cpu_timer_us = 0;
    uid_t uid = 0;
    int cgroup_fds[MAX_FDS], n_cgroups = 0;
    struct limit limits[MAX_LIMITS];
    int n_limits = 0;
    const char *noexec[MAX_NOEXEC];
    int n_noexec = 0;
    int i = 1;
    for (; i < argc; i++) {
        const char *opt = argv[i];
        if (strcmp(opt, "--") == 0) {
            i++;
            break;
        }
        if (strcmp(opt, "-C") == 0) {
            drop_caps = 1;
            continue;
        }
        if (i + 1 >= argc || opt[0] != '-' || opt[1] == 0 || opt[2] != 0)
            return usage(argv[0], "bad option");
        const char *value = argv[++i];
        switch (opt[1]) {
        case 'r':
            report_fd = parse_fd(value);
            break;
        case 'F':
            fresh_bytes = strtoll(value, NULL, 10);
            break;
        case 's':
            filter_fd = parse_fd(value);
            break;
        case 't':
            cpu_timer_us = strtoull(value, NULL, 10);
            break;
        case 'u':
            uid = (uid_t)strtoul(value, NULL, 10);
            have_uid = 1;
            break;
        case 'x':
            if (n_noexec == MAX_NOEXEC || value[0] != '/')
                return usage(argv[0], "bad -x");
            noexec[n_noexec++] = value;
            break;
        case 'c':
            if (n_cgroups == MAX_FDS || (cgroup_fds[n_cgroups++] = parse_fd(value)) < 0)
                return usage(argv[0], "bad -c");
            break;
        case 'l': {
            const char *eq = strchr(value, '=');
            char name[16];
            if (!eq || eq - value >= (long)sizeof name || n_limits == MAX_LIMITS)
                return usage(argv[0], "bad -l");
            memcpy(name, value, eq - value);
            name[eq - value] = 0;
            int resource = limit_resource(name);
            if (resource < 0)
                return usage(argv[0], "unknown limit");
            limits[n_limits].resource = resource;
            limits[n_limits++].value = strcmp(eq + 1, "unlimited") == 0
                                           ? RLIM_INFINITY
                                           : (rlim_t)strtoull(eq + 1, NULL, 10);
            break;
        }
        default:
            return usage(argv[0], "unknown option");
        }
    }
    if (i >= argc)
        return usage(argv[0], "no program");
    char **program = argv + i;

    if (fresh_bytes >= 0 && fresh_mounts(fresh_bytes) < 0) {
        fprintf(stderr, "sandbox init: cannot make the run's own /proc and /tmp: %s\n",
                strerror(errno));
        return 123;
    }
    for (int k = 0, unshared = 0; k < n_noexec; k++) {
        unsigned long flags = MS_REMOUNT | MS_BIND | MS_NOEXEC | MS_NOSUID | MS_NODEV;
        int rc = mount(NULL, noexec[k], NULL, flags, NULL);
        if (rc < 0 && errno == EPERM && !unshared) {
            /* Not root: bubblewrap's mount namespace is not ours to change; one we make is.
             * Only then: a mount namespace more per run costs an RCU grace period when the
             * sandbox ends. */
            if (unshare(CLONE_NEWNS) < 0) {
                fprintf(stderr, "sandbox init: cannot make a mount namespace: %s\n",
                        strerror(errno));
                return 123;
            }
            unshared = 1;
            rc = mount(NULL, noexec[k], NULL, flags, NULL);
        }
        if (rc < 0) {
            fprintf(stderr, "sandbox init: cannot make %s noexec: %s\n", noexec[k],
                    strerror(errno));
            return 123;
        }
    }

    if (fresh_bytes >= 0) {
        /* The server's "k": the run's program and all it started end; reaped below. Only from
         * outside: a signal sent from inside this namespace carries a sender pid. */
        struct sigaction stop = {0};
        stop.sa_sigaction = stop_run;
        stop.sa_flags = SA_SIGINFO;
        sigaction(SIGUSR1, &stop, NULL);
    }
    /* Out of the program's reach: no ptrace, no /proc/1/mem, no core dump of the report. */
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    /* Without a PID namespace, orphans would escape to the host's init; keep them here. */
    prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0);
    /* Whoever started us (bubblewrap, or the judge itself) dies: so do we. */
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);

    struct sock_fprog prog = {0, filter};
    if (filter_fd >= 0) {
        size_t got = 0;
        ssize_t n;
        while (got < sizeof filter &&
               (n = read(filter_fd, (char *)filter + got, sizeof filter - got)) > 0)
            got += (size_t)n;
        close(filter_fd);
        if (got == 0 || got % sizeof filter[0] != 0) {
            fprintf(stderr, "sandbox init: malformed syscall filter (%zu bytes)\n", got);
            return 122;
        }
        prog.len = (unsigned short)(got / sizeof filter[0]);
    }

    int exec_pipe[2];
    if (pipe2(exec_pipe, O_CLOEXEC) < 0) {
        perror("sandbox init: pipe");
        return 121;
    }
    pid_t child = fork();
    if (child < 0) {
        perror("sandbox init: fork");
        return 121;
    }
    if (child == 0) {
        struct failure fail = {2, 0};
        if (report_fd >= 0)
            close(report_fd);
        close(exec_pipe[0]);
        for (int k = 0; k < n_cgroups; k++) {
            if (write(cgroup_fds[k], "0\n", 2) != 2)
                goto failed;
            close(cgroup_fds[k]);
        }
        for (int k = 0; k < n_limits; k++) {
            struct rlimit rl = {limits[k].value, limits[k].value};
            if (setrlimit(limits[k].resource, &rl) < 0)
                goto failed;
        }
        if (have_uid) {
            for (int cap = 0; cap < 64; cap++)
                prctl(PR_CAPBSET_DROP, cap, 0, 0, 0);
            if (setgroups(0, NULL) < 0 || setresgid(uid, uid, uid) < 0 ||
                setresuid(uid, uid, uid) < 0)
                goto failed;
        }
        if (drop_caps && drop_capabilities() < 0)
            goto failed;
        /* The uid change cleared it; the program dies with the init too. */
        prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
        /* A fresh, empty session keyring: nothing of the judge's keys is reachable. */
        syscall(SYS_keyctl, KEYCTL_JOIN_SESSION_KEYRING_, NULL);
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
            goto failed;
        if (prog.len && prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &prog, 0, 0) < 0)
            goto failed;
        if (cpu_timer_us) {
            /* Last before exec: the CPU the child spends setting up is not the program's. */
            struct itimerval timer = {{0, 0}, {(time_t)(cpu_timer_us / 1000000),
                                               (suseconds_t)(cpu_timer_us % 1000000)}};
            if (setitimer(ITIMER_PROF, &timer, NULL) < 0)
                goto failed;
        }
        fail.stage = 1;
        execvp(program[0], program);
    failed:
        fail.err = errno;
        if (write(exec_pipe[1], &fail, sizeof fail) < 0) {
            /* nothing more to say */
        }
        fprintf(stderr, "sandbox init: cannot %s %s: %s\n",
                fail.stage == 1 ? "execute" : "set up", program[0], strerror(fail.err));
        _exit(127);
    }
    close(exec_pipe[1]);
    for (int k = 0; k < n_cgroups; k++)
        close(cgroup_fds[k]);
    struct failure fail = {0, 0};
    if (read(exec_pipe[0], &fail, sizeof fail) != sizeof fail)
        fail.stage = fail.err = 0;
    close(exec_pipe[0]);
    int status = 0, program_status = 0;
    for (;;) {
        pid_t pid = wait(&status);
        if (pid < 0 && errno == EINTR)
            continue;
        if (pid < 0)
            break; /* ECHILD: everything is reaped */
        if (pid == child) {
            program_status = status;
            kill_leftovers(uid, have_uid);
        }
    }
    struct rusage usage;
    getrusage(RUSAGE_CHILDREN, &usage);
    if (report_fd >= 0) {
        dprintf(report_fd, "%d %lld %lld %ld %d %d\n", program_status,
                (long long)usage.ru_utime.tv_sec * 1000000LL + usage.ru_utime.tv_usec,
                (long long)usage.ru_stime.tv_sec * 1000000LL + usage.ru_stime.tv_usec,
                usage.ru_maxrss, fail.stage, fail.err);
        close(report_fd);
    }
    return 0;
}

/* SIGUSR1 from the server (outside the run's PID namespace, so si_pid reads 0). */
static void stop_run(int sig, siginfo_t *info, void *context) {
    (void)sig;
    (void)context;
    if (info->si_pid == 0)
        kill(-1, SIGKILL);
}

/* A test of a reused box: in the mount namespace this clone got, a /proc of its own PID
 * namespace (the server's is out of sight) with what bubblewrap keeps read-only kept so, and a
 * new, empty /tmp, so nothing a previous test wrote is there. */
static int fresh_mounts(long long bytes) {
    char cwd[4096], options[64];
    if (!getcwd(cwd, sizeof cwd))
        return -1;
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
        return -1;
    if (mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
        return -1;
    static const char *const kept[] = {"/proc/sys", "/proc/sysrq-trigger", "/proc/irq",
                                       "/proc/bus"};
    for (size_t k = 0; k < sizeof kept / sizeof kept[0]; k++) {
        /* As bubblewrap does: where the kernel refuses (not there, or not ours to bind), the
         * program is unprivileged anyway and cannot write them. */
        if (mount(kept[k], kept[k], NULL, MS_BIND | MS_REC, NULL) == 0)
            mount(NULL, kept[k], NULL,
                  MS_REMOUNT | MS_BIND | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
    }
    snprintf(options, sizeof options, "mode=1777,size=%lld", bytes);
    if (mount("tmpfs", "/tmp", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, options) < 0)
        return -1;
    return chdir(cwd);
}

static int receive(int sock, char *buf, size_t size, int *fds, int *n_fds) {
    union {
        char space[CMSG_SPACE(sizeof(int) * REQUEST_FDS)];
        struct cmsghdr align;
    } control;
    struct iovec iov = {buf, size};
    struct msghdr msg = {0};
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    msg.msg_control = control.space;
    msg.msg_controllen = sizeof control.space;
    ssize_t n;
    do
        n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
    while (n < 0 && errno == EINTR);
    *n_fds = 0;
    for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
        if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
            continue;
        int count = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
        for (int k = 0; k < count; k++) {
            int fd;
            memcpy(&fd, CMSG_DATA(c) + k * sizeof(int), sizeof fd);
            if (*n_fds < REQUEST_FDS)
                fds[(*n_fds)++] = fd;
            else
                close(fd);
        }
    }
    if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC))
        return -1;
    return (int)n;
}

/* The run's descriptors at 0-4, whatever numbers they arrived with. */
static int place(int *fds) {
    int high[REQUEST_FDS];
    for (int k = 0; k < REQUEST_FDS; k++)
        if ((high[k] = fcntl(fds[k], F_DUPFD_CLOEXEC, 64)) < 0)
            return -1;
    for (int k = 0; k < REQUEST_FDS; k++)
        if (dup2(high[k], k) < 0)
            return -1;
    return 0;
}

static void answer(int sock, char what) {
    if (send(sock, &what, 1, MSG_NOSIGNAL) < 0) {
        /* the judge is gone: the next receive ends the server */
    }
}

static int serve(int sock) {
    prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
    static char buf[MAX_REQUEST + 1];
    for (;;) {
        int fds[REQUEST_FDS], n_fds;
        int n = receive(sock, buf, MAX_REQUEST, fds, &n_fds);
        if (n <= 0) {
            for (int k = 0; k < n_fds; k++)
                close(fds[k]);
            return n == 0 ? 0 : 124; /* the judge closed the box, or spoke nonsense */
        }
        if (buf[0] == 'k' && n_fds == 0)
            continue; /* a stop for a run that has already ended */
        buf[n] = 0;
        char *argv[MAX_ARGS + 1];
        int argc = 0;
        argv[argc++] = "init";
        for (char *p = buf + 1; p < buf + n && argc < MAX_ARGS; p += strlen(p) + 1)
            argv[argc++] = p;
        argv[argc] = NULL;
        if (buf[0] != 'r' || n_fds != REQUEST_FDS || buf[n - 1] != 0 || argc == MAX_ARGS) {
            for (int k = 0; k < n_fds; k++)
                close(fds[k]);
            return 124;
        }
        pid_t pid = (pid_t)syscall(SYS_clone, CLONE_NEWPID | CLONE_NEWNS | SIGCHLD,
                                   NULL, NULL, NULL, NULL);
        if (pid == 0) {
            close(sock);
            if (place(fds) < 0)
                _exit(121);
            _exit(run_init(argc, argv));
        }
        for (int k = 0; k < REQUEST_FDS; k++)
            close(fds[k]);
        if (pid < 0) {
            answer(sock, 'e');
            continue;
        }
        int pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
        int closed = 0, status = 0;
        for (;;) {
            struct pollfd watch[2] = {{pidfd, POLLIN, 0}, {sock, POLLIN, 0}};
            int ready = poll(watch, closed ? 1 : 2, pidfd < 0 ? 10 : -1);
            if (ready < 0 && errno != EINTR)
                break;
            if (!closed && (watch[1].revents & (POLLIN | POLLHUP | POLLERR))) {
                char what = 0;
                if (recv(sock, &what, 1, MSG_DONTWAIT) == 1) {
                    if (what == 'k')
                        kill(pid, SIGUSR1);
                } else {
                    kill(pid, SIGKILL); /* the judge is gone */
                    closed = 1;
                }
            }
            if (waitpid(pid, &status, WNOHANG) == pid)
                break;
        }
        if (pidfd >= 0)
            close(pidfd);
        if (closed) {
            waitpid(pid, NULL, 0);
            return 0;
        }
        char done[16];
        int length = snprintf(done, sizeof done, "d%d", status);
        if (send(sock, done, (size_t)length, MSG_NOSIGNAL) < 0) {
            /* the judge is gone: the next receive ends the server */
        }
    }
}

int main(int argc, char **argv) {
    /* What follows -S FD only names the program for whoever reads the process list. */
    if (argc >= 3 && strcmp(argv[1], "-S") == 0) {
        int sock = parse_fd(argv[2]);
        return sock < 0 ? usage(argv[0], "bad -S") : serve(sock);
    }
    return run_init(argc, argv);
}
