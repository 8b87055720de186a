#include <algorithm>
#include <cstdio>
#include <vector>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    std::vector<int> tails;
    tails.reserve(n);
    for (int i = 0; i < n; i++) {
        int x;
        std::scanf("%d", &x);
        auto it = std::lower_bound(tails.begin(), tails.end(), x);
        if (it == tails.end())
            tails.push_back(x);
        else
            *it = x;
    }
    std::printf("%zu\n", tails.size());
    return 0;
}
