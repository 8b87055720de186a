import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;

public class WordFreq {
    public static void main(String[] args) throws IOException {
        InputStream in = System.in;
        byte[] data = in.readAllBytes();
        HashMap<String, Integer> counts = new HashMap<>();
        int i = 0, n = data.length;
        while (i < n) {
            while (i < n && (data[i] < 'a' || data[i] > 'z')) i++;
            int start = i;
            while (i < n && data[i] >= 'a' && data[i] <= 'z') i++;
            if (i > start) {
                String w = new String(data, start, i - start, java.nio.charset.StandardCharsets.US_ASCII);
                counts.merge(w, 1, Integer::sum);
            }
        }
        String best = null;
        int bestCount = 0;
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            int c = e.getValue();
            String w = e.getKey();
            if (c > bestCount || (c == bestCount && w.compareTo(best) < 0)) {
                best = w;
                bestCount = c;
            }
        }
        System.out.println(best + " " + bestCount);
    }
}
