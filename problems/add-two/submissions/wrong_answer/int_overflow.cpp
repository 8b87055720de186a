#include <iostream>

int main() {
    // Bug: 32-bit int cannot hold values up to 1e18.
    int a = 0, b = 0;
    std::cin >> a >> b;
    std::cout << a + b << "\n";
    return 0;
}
