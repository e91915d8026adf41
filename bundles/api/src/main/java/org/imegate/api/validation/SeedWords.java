package org.imegate.api.validation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the keyword/value words of a seed command line, e.g. {@code label local-ent-key modulus 2048}
 * or {@code subject-name "cn=a.example" keypair k enroll self}, so that operators type the words
 * they know from the ASA. Flags (keywords without a value, such as {@code noconfirm}) map to "".
 */
public final class SeedWords {

    private SeedWords() {
    }

    /**
     * The keyword/value pairs of {@code words}, in any order; {@code flags} are keywords without a value.
     * An unknown keyword, a missing value or a repeated keyword is refused, naming the word.
     */
    public static Map<String, String> parse(List<String> words, Set<String> keywords, Set<String> flags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (words == null) {
            return out;
        }
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            if (flags.contains(word)) {
                out.put(word, "");
                continue;
            }
            if (!keywords.contains(word)) {
                throw new ValidationException(word, "ERROR: " + word + " is not a keyword of this command (expected one of "
                        + String.join(", ", union(keywords, flags)) + ")");
            }
            if (i + 1 >= words.size()) {
                throw Validate.fail(word, "", "needs a value");
            }
            if (out.put(word, words.get(++i)) != null) {
                throw Validate.fail(word, words.get(i), "is given twice");
            }
        }
        return out;
    }


    private static List<String> union(Set<String> a, Set<String> b) {
        List<String> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
