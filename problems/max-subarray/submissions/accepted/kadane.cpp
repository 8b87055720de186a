#include <algorithm>
#include <cstdio>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long best = 0, cur = 0;
    for (int i = 0; i < n; i++) {
        long long x;
        std::scanf("%lld", &x);
        cur = (i > 0 && cur > 0) ? cur + x : x;
        best = i == 0 ? cur : std::max(best, cur);
    }
    std::printf("%lld\n", best);
    return 0;
}
