// Bug: keeps the sums in 32-bit ints; sums beyond 2^31 - 1 (for example many elements
// equal to 10^9) overflow.
#include <algorithm>
#include <cstdio>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    int best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        int x;
        std::scanf("%d", &x);
        cur = (i > 0 && cur > 0) ? cur + x : x;
        best = i == 0 ? cur : std::max(best, cur);
    }
    std::printf("%d\n", best);
    return 0;
}
