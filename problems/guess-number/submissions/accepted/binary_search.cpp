#include <iostream>
#include <string>

int main() {
    long long n;
    std::cin >> n;
    long long lo = 1, hi = n;
    while (true) {
        long long mid = (lo + hi) / 2;
        std::cout << "guess " << mid << std::endl;  // endl flushes
        std::string reply;
        if (!(std::cin >> reply) || reply == "correct") return 0;
        if (reply == "higher") lo = mid + 1; else hi = mid - 1;
    }
}
