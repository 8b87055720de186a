#include <cstdio>
#include <vector>

int main() {
    const int MOD = 1000000007;
    int k, s;
    if (std::scanf("%d %d", &k, &s) != 2) return 1;
    std::vector<int> coins(k);
    for (int i = 0; i < k; i++) std::scanf("%d", &coins[i]);
    std::vector<int> ways(s + 1, 0);
    ways[0] = 1;
    for (int c : coins) {
        for (int v = c; v <= s; v++) {
            ways[v] += ways[v - c];
            if (ways[v] >= MOD) ways[v] -= MOD;
        }
    }
    std::printf("%d\n", ways[s]);
    return 0;
}
