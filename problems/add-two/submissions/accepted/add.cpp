#include <iostream>

int main() {
    // |a + b| <= 2e18 < 9.22e18, so the sum fits in a signed 64-bit integer.
    long long a, b;
    std::cin >> a >> b;
    std::cout << a + b << "\n";
    return 0;
}
