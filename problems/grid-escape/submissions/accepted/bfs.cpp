#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

int main() {
    std::ios::sync_with_stdio(false);
    std::cin.tie(nullptr);
    int R, C;
    std::cin >> R >> C;
    std::vector<std::string> g(R);
    int sr = -1, sc = -1, er = -1, ec = -1;
    for (int i = 0; i < R; i++) {
        std::cin >> g[i];
        for (int j = 0; j < C; j++) {
            if (g[i][j] == 'S') sr = i, sc = j;
            if (g[i][j] == 'E') er = i, ec = j;
        }
    }
    std::vector<int> dist(static_cast<size_t>(R) * C, -1);
    std::vector<int> queue;
    queue.reserve(static_cast<size_t>(R) * C);
    dist[sr * C + sc] = 0;
    queue.push_back(sr * C + sc);
    const int dr[4] = {1, -1, 0, 0};
    const int dc[4] = {0, 0, 1, -1};
    for (size_t head = 0; head < queue.size(); head++) {
        int p = queue[head];
        int r = p / C, c = p % C;
        for (int k = 0; k < 4; k++) {
            int nr = r + dr[k], nc = c + dc[k];
            if (nr < 0 || nr >= R || nc < 0 || nc >= C) continue;
            if (g[nr][nc] == '#') continue;
            int q = nr * C + nc;
            if (dist[q] != -1) continue;
            dist[q] = dist[p] + 1;
            queue.push_back(q);
        }
    }
    std::printf("%d\n", dist[er * C + ec]);
    return 0;
}
