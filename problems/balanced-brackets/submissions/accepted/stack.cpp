#include <iostream>
#include <string>
#include <vector>

static bool balanced(const std::string &s) {
    std::vector<char> st;
    st.reserve(s.size());
    for (char c : s) {
        if (c == '(' || c == '[' || c == '{') {
            st.push_back(c);
            continue;
        }
        char want = c == ')' ? '(' : c == ']' ? '[' : '{';
        if (st.empty() || st.back() != want) return false;
        st.pop_back();
    }
    return st.empty();
}

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int t;
    if (!(std::cin >> t)) return 1;
    std::string s, out;
    for (int i = 0; i < t; i++) {
        std::cin >> s;
        out += balanced(s) ? "YES\n" : "NO\n";
    }
    std::cout << out;
    return 0;
}
