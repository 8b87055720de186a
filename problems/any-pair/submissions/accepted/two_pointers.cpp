#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

int main() {
    int n;
    long long t;
    if (std::scanf("%d %lld", &n, &t) != 2) return 1;
    std::vector<std::pair<long long, int>> a(n);
    for (int i = 0; i < n; ++i) {
        if (std::scanf("%lld", &a[i].first) != 1) return 1;
        a[i].second = i + 1;
    }
    std::sort(a.begin(), a.end());
    int lo = 0, hi = n - 1;
    while (lo < hi) {
        long long s = a[lo].first + a[hi].first;
        if (s == t) {
            std::printf("%d %d\n", a[lo].second, a[hi].second);
            return 0;
        }
        if (s < t) ++lo; else --hi;
    }
    std::printf("impossible\n");
    return 0;
}
