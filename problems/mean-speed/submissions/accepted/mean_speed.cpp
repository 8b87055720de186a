#include <cstdio>
#include <iomanip>
#include <iostream>

int main() {
    int n;
    if (std::scanf("%d", &n) != 1) return 1;
    long long total_dist = 0;
    double total_time = 0.0;
    for (int i = 0; i < n; ++i) {
        int d, v;
        if (std::scanf("%d %d", &d, &v) != 2) return 1;
        total_dist += d;
        total_time += static_cast<double>(d) / v;
    }
    std::cout << std::fixed << std::setprecision(10) << total_dist / total_time << "\n";
    return 0;
}
