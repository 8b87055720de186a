// An ordinary threaded program: four std::threads sum parts of a range.
#include <iostream>
#include <thread>
#include <vector>

int main() {
    long long n;
    std::cin >> n;
    std::vector<long long> parts(4);
    std::vector<std::thread> threads;
    for (int i = 0; i < 4; i++)
        threads.emplace_back([&, i] {
            for (long long k = i; k < n; k += 4)
                parts[i] += k;
        });
    for (auto &t : threads)
        t.join();
    long long total = 0;
    for (long long p : parts)
        total += p;
    std::cout << total << "\n";
}
